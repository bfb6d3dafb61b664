package analysis

func ruleVariableUnprotected() rule {
	return rule{
		id: "variable-unprotected", severity: High, facts: []string{factPipelines, factSecrets},
		description: "a GitLab variable read by DEPLOY/STAGE jobs is not protected",
		check:       checkVariableUnprotected,
	}
}

func checkVariableUnprotected(s *snapshot) []candidate {
	var out []candidate
	for _, ci := range s.creds {
		if ci.c.Kind != "CI_VARIABLE" || ci.c.Scope == "UNKNOWN" || ci.c.Protected {
			continue
		}
		st := stagesOf(ci.needing)
		if !st["DEPLOY"] && !st["STAGE"] {
			continue
		}
		c := forCred("", High, ci)
		c.title = "`" + ci.c.Name + "` is read by deploy jobs but is not protected"
		c.detail = "Any branch pipeline (anyone with Developer access can push one) can read it. Used by " + jobNames(sortedJobs(ci.needing), 4) + "."
		api := "`PUT /projects/:id/variables/" + ci.c.Name + "` with `protected=true`"
		if ci.c.Scope == "OWNER" {
			api = "`PUT /groups/:id/variables/" + ci.c.Name + "` with `protected=true`"
		}
		c.remediation = "**Settings → CI/CD → Variables → " + ci.c.Name + " → Protect variable** (API: " + api + ")."
		if branch := unprotectedRefJobs(ci); len(branch) > 0 {
			c.remediation += " Once it is protected it is empty in pipelines of unprotected branches, and " + jobNames(branch, 4) +
				" can run there: limit them to protected branches and tags with\n\n```yaml\n  rules:\n    - if: $CI_COMMIT_REF_PROTECTED == \"true\"\n```"
		} else {
			c.remediation += " Its users already run only on protected branches or tags, so nothing else changes for them."
		}
		out = append(out, c)
	}
	return out
}
