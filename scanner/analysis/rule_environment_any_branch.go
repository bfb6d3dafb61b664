package analysis

func ruleEnvironmentAnyBranch() rule {
	return rule{
		id: "environment-any-branch", severity: Medium, facts: []string{factEnvironments},
		description: "a production environment accepts deployments from any branch",
		check:       checkAnyBranch,
	}
}

func checkAnyBranch(s *snapshot) []candidate {
	var out []candidate
	for _, r := range s.repos {
		for _, e := range r.envs {
			if !apiScanned(r) || !e.e.Production || e.e.BranchPolicy != "any" {
				continue
			}
			c := forEnv(Medium, e)
			c.evidence += ": deployment_branch_policy = any"
			c.title = "Production environment `" + e.e.Name + "` of " + r.r.FullName + " accepts deployments from any branch"
			c.remediation = "**Settings → Environments → " + e.e.Name + " → Deployment branches and tags → Protected branches only** " +
				"(API: `PUT /repos/" + r.r.FullName + "/environments/" + e.e.Name +
				"` with `\"deployment_branch_policy\":{\"protected_branches\":true,\"custom_branch_policies\":false}`)."
			out = append(out, c)
		}
	}
	return out
}
