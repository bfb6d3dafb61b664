package analysis

func ruleSecretsWholeContext() rule {
	return rule{
		id: "secrets-whole-context", severity: High, facts: []string{factPipelines},
		description: "the secrets context is used whole (toJSON(secrets), secrets[expr]): the job reaches every secret",
		check:       checkSecretsWholeContext,
	}
}

func checkSecretsWholeContext(s *snapshot) []candidate {
	var out []candidate
	for _, j := range s.jobs {
		if !j.j.SecretsWholeContext {
			continue
		}
		sev := Medium
		if len(j.untrustedTriggers()) > 0 {
			sev = High
		}
		c := forJob("", sev, j)
		c.title = "Job `" + j.j.Name + "` reads the whole secrets context"
		c.detail = "`toJSON(secrets)` or `secrets[...]` hands the job every secret of the repository, its environment and the organization."
		c.remediation = "Reference each secret the job needs by name, e.g. `${{ secrets.NPM_TOKEN }}`, and nothing else."
		out = append(out, c)
	}
	return out
}
