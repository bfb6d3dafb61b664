package analysis

import (
	"net/url"
	"strings"
)

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
		c.remediation = deployEnvironmentFix(j)
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

// deployEnvironmentFix gates the deploy job in the pipeline's own syntax.
func deployEnvironmentFix(j *jobInfo) string {
	name, repo := j.j.Name, j.repo.r
	switch j.pipe.p.Kind {
	case "GITLAB_CI":
		fix := "Add an environment to the job in `" + j.file() + "`:\n\n```yaml\n" + name + ":\n  environment:\n    name: production\n```\n\n" +
			"then protect it: **Settings → CI/CD → Protected environments**, allow deployment to Maintainers only and require an approval"
		if repo.Platform == "GITLAB" {
			fix += " (API: `POST /projects/" + url.PathEscape(repo.FullName) + "/protected_environments` with `name=production`)"
		}
		return fix + ", and scope its variables to `production`."
	case "JENKINS":
		return "Jenkins has no environments: gate stage `" + name + "` in `" + j.file() + "` itself, so that it runs only from the release branch " +
			"and only after a named group approves, and bind its credentials inside the stage only:\n\n```groovy\nstage('" + name + "') {\n" +
			"    when { beforeInput true; branch 'main' }\n    input { message 'Deploy to production?'; submitter 'release-managers' }\n" +
			"    steps {\n        withCredentials([...]) { ... }\n    }\n}\n```\n\n" +
			"(`release-managers` is a placeholder for the Jenkins group allowed to approve.) Keep the credentials in this job's folder, not the global store."
	}
	fix := "Run job `" + name + "` of `" + j.file() + "` in an environment with required reviewers, and move its secrets there:\n\n```yaml\n" +
		"    environment: production\n```\n\nthen add required reviewers to it (**Settings → Environments → production**"
	if repo.Platform == "GITHUB" {
		fix += "; API: `PUT /repos/" + repo.FullName + "/environments/production` with `reviewers`"
	}
	return fix + ")."
}
