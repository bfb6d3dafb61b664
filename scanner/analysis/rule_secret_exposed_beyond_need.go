package analysis

import "fmt"

func ruleSecretExposedBeyondNeed() rule {
	return rule{
		id: "secret-exposed-beyond-need", severity: High, facts: []string{factPipelines, factSecrets, factEnvironments},
		description: "a secret can be read by stages that never reference it (high when read by jobs running untrusted code)",
		check:       checkExposedBeyondNeed,
	}
}

func checkExposedBeyondNeed(s *snapshot) []candidate {
	var out []candidate
	for _, ci := range s.creds {
		if !isStoredSecret(ci) || len(ci.needing) == 0 || inputOnly(ci) {
			continue
		}
		extra := extraStages(ci)
		if len(ci.untrusted) == 0 && (len(extra) == 0 || shouldBeEnvironmentScoped(ci) != "") {
			continue
		}
		sev := Medium
		if len(ci.untrusted) > 0 {
			sev = High
		}
		c := forCred("", sev, ci)
		needing := sortedJobs(ci.needing)
		need := sortStages(stagesOf(ci.needing))
		if len(ci.untrusted) > 0 {
			c.title = "`" + ci.c.Name + "` is read by jobs that run pull-request code"
		} else {
			c.title = fmt.Sprintf("`%s` is needed by %s but readable by %s too", ci.c.Name, join(need), join(extra))
		}
		c.detail = "Needed by " + jobNames(needing, 5) + ". " + join(ci.reasons) + "."
		if ci.scopeAssumed {
			c.detail += " The secret's scope is unknown to a local scan: it is assumed to be a repository secret, readable by every job of the repository."
		}
		c.remediation = exposureFix(ci, needing, need)
		out = append(out, c)
	}
	return out
}

// extraStages lists the stages that can read the credential but never reference it.
func extraStages(ci *credInfo) []string {
	need := stagesOf(ci.needing)
	extra := map[string]bool{}
	for st := range stagesOf(ci.exposed) {
		if !need[st] {
			extra[st] = true
		}
	}
	return sortStages(extra)
}

func exposureFix(ci *credInfo, needing []*jobInfo, need []string) string {
	repo := needing[0].repo.r.FullName
	if len(ci.untrusted) > 0 {
		return "Stop reading `" + ci.c.Name + "` in " + jobNames(ci.untrusted, 3) +
			": these jobs run pull-request code. Move the step that needs it to a workflow triggered by `push` or `workflow_run` that never checks out the pull request, " +
			"and keep the secret in an environment with required reviewers."
	}
	env := commonEnvironment(needing)
	if env == "" {
		env = suggestEnvironment(need)
	}
	if ci.c.Scope == "ENVIRONMENT" {
		return "Split environment `" + ci.env.e.Name + "`: jobs of stages " + join(extraStages(ci)) +
			" run in it without needing `" + ci.c.Name + "`. Give them their own environment, or move them out of it."
	}
	return moveToEnvironmentFix(ci, repo, env, needing)
}
