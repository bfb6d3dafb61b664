package analysis

func ruleCredentialSharedAcrossStages() rule {
	return rule{
		id: "credential-shared-across-stages", severity: High, facts: []string{factPipelines},
		description: "one credential is referenced by jobs of different stages, one of them SIGN, STAGE or DEPLOY (high when DEPLOY is one of them)",
		check:       checkSharedAcrossStages,
	}
}

func checkSharedAcrossStages(s *snapshot) []candidate {
	var out []candidate
	for _, ci := range s.creds {
		if ci.c.Kind == "GITHUB_TOKEN" || ci.c.Kind == "OIDC_TRUST" || ci.c.Kind == "RUNNER" {
			continue
		}
		st := stagesOf(ci.needing)
		delete(st, "UNKNOWN")
		if len(st) < 2 || !(st["SIGN"] || st["STAGE"] || st["DEPLOY"]) {
			continue // BUILD and TEST sharing a test credential is no separation of duties
		}
		sev := Medium
		if st["DEPLOY"] {
			sev = High
		}
		stages := sortStages(st)
		c := forCred("", sev, ci)
		c.title = "`" + ci.c.Name + "` is used by " + join(stages) + " jobs"
		c.detail = "One identity crosses stages: " + jobNames(sortedJobs(ci.needing), 6) + ". A compromised " + stages[0] +
			" job holds what " + stages[len(stages)-1] + " holds."
		c.remediation = "Give each stage its own credential with only that stage's rights: e.g. a read-only `" + ci.c.Name + "_" + stages[0] +
			"` for " + stages[0] + " and `" + ci.c.Name + "` kept in an environment with required reviewers for " + stages[len(stages)-1] +
			" only. Where the target supports it, replace both with OIDC (`permissions: id-token: write`)."
		out = append(out, c)
	}
	return out
}
