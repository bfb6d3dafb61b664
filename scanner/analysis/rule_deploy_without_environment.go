package analysis

import "strings"

func ruleDeployWithoutEnvironment() rule {
	return rule{
		id: "deploy-without-environment", severity: High, facts: []string{factPipelines},
		description: "a DEPLOY job runs without an environment (no gate, no scoped secrets)",
		check:       checkDeployWithoutEnvironment,
	}
}

func checkDeployWithoutEnvironment(s *snapshot) []candidate {
	var out []candidate
	for _, j := range s.jobs {
		if j.j.Stage != "DEPLOY" || j.j.EnvironmentName != "" || j.env != nil || j.j.Calls != "" || calledWithEnvironment(j) || pullRequestOnly(j) {
			continue
		}
		c := forJob("", High, j)
		c.title = "Deploy job `" + j.j.Name + "` runs without an environment"
		c.detail = "Stage evidence: " + j.j.StageReason + ". Without an environment nobody approves the deployment and its secrets cannot be scoped to it."
		if j.pipe.p.Kind == "GITLAB_CI" {
			c.remediation = "Add an environment to the job and protect it (**Settings → CI/CD → Protected environments**):\n\n```yaml\n" +
				j.j.Name + ":\n  environment:\n    name: production\n```"
		} else {
			c.remediation = "Run the job in an environment with required reviewers, and move its secrets there:\n\n```yaml\n    environment: production\n```"
		}
		out = append(out, c)
	}
	return out
}

// pullRequestOnly: a job that runs only for pull requests (by its triggers
// or its condition) is a preview or a check, not a production deployment.
func pullRequestOnly(j *jobInfo) bool {
	cond := strings.ReplaceAll(j.detail.If, `"`, "'")
	if strings.Contains(cond, "event_name == 'pull_request'") {
		return true
	}
	for _, t := range j.pipe.p.Triggers {
		if t != "pull_request" && t != "merge_request_event" {
			return false
		}
	}
	return len(j.pipe.p.Triggers) > 0
}

// calledWithEnvironment: a reusable workflow's job counts as gated when every caller is.
func calledWithEnvironment(j *jobInfo) bool {
	if len(j.callers) == 0 {
		return false
	}
	for _, c := range j.callers {
		if c.j.EnvironmentName == "" && c.env == nil {
			return false
		}
	}
	return true
}
