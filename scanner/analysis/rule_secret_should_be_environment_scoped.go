package analysis

func ruleSecretShouldBeEnvironmentScoped() rule {
	return rule{
		id: "secret-should-be-environment-scoped", severity: Medium, facts: []string{factPipelines, factSecrets, factEnvironments},
		description: "a repo/org secret or unscoped variable is referenced only by jobs of one environment",
		check:       checkShouldBeEnvironmentScoped,
	}
}

func checkShouldBeEnvironmentScoped(s *snapshot) []candidate {
	var out []candidate
	for _, ci := range s.creds {
		env := shouldBeEnvironmentScoped(ci)
		if env == "" {
			continue
		}
		needing := sortedJobs(ci.needing)
		c := forCred("", Medium, ci)
		c.title = "`" + ci.c.Name + "` is used only in environment `" + env + "` but stored at " + scopeWord(ci) + " level"
		c.detail = "Only " + jobNames(needing, 5) + " reference it, all in environment `" + env + "`; every other job of " +
			repoNames(ci.reposReached, 3) + " can read it too."
		c.remediation = moveToEnvironmentFix(ci, needing[0].repo.r.FullName, env, nil)
		out = append(out, c)
	}
	return out
}

// shouldBeEnvironmentScoped returns the environment every referencing job
// runs in, when the credential is stored above it; "" otherwise.
func shouldBeEnvironmentScoped(ci *credInfo) string {
	c := ci.c
	switch {
	case c.Kind == "ACTIONS_SECRET" && (c.Scope == "REPOSITORY" || c.Scope == "OWNER"):
	case c.Kind == "CI_VARIABLE" && c.Scope != "UNKNOWN" && (c.EnvironmentScope == "" || c.EnvironmentScope == "*"):
	default:
		return ""
	}
	if len(ci.needing) == 0 || inputOnly(ci) {
		return ""
	}
	needing := sortedJobs(ci.needing)
	repo := needing[0].repo
	for _, j := range needing {
		if j.repo != repo {
			return ""
		}
	}
	return commonEnvironment(needing)
}
