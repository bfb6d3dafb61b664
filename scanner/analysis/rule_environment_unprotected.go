package analysis

func ruleEnvironmentUnprotected() rule {
	return rule{
		id: "environment-unprotected", severity: High, facts: []string{factEnvironments},
		description: "a production environment has no required reviewers (GitHub) or is not a protected environment (GitLab)",
		check:       checkEnvironmentUnprotected,
	}
}

func checkEnvironmentUnprotected(s *snapshot) []candidate {
	var out []candidate
	for _, r := range s.repos {
		for _, e := range r.envs {
			if !e.e.Production || !apiScanned(r) || gated(e) {
				continue
			}
			c := forEnv(High, e)
			c.title = "Production environment `" + e.e.Name + "` of " + r.r.FullName + " deploys without approval"
			if len(e.e.CustomRules) > 0 {
				c.detail = "Its custom protection rules (" + join(e.e.CustomRules) + ") gate on checks, not on a person's approval."
			}
			c.remediation = environmentFix(e)
			out = append(out, c)
		}
	}
	return out
}

// apiScanned is true when the repository's settings came from a platform API
// (a local scan knows nothing of environment rules).
func apiScanned(r *repoInfo) bool { return r.r.Platform != "LOCAL" }

// gated: GitHub required reviewers (custom protection rules such as
// monitoring gates do not make a person approve); a GitLab protected environment.
func gated(e *envInfo) bool {
	if e.repo.r.Platform == "GITLAB" {
		return e.e.Protected
	}
	return hasReviewers(e)
}

func hasReviewers(e *envInfo) bool {
	return len(e.e.RequiredReviewers) > 0 || e.e.RequiredApprovals > 0
}

func forEnv(sev string, e *envInfo) candidate {
	return candidate{severity: sev, subject: e.e.Key, env: e, repo: e.repo,
		evidence: e.repo.r.FullName + " environment `" + e.e.Name + "`"}
}

func environmentFix(e *envInfo) string {
	repo := e.repo.r.FullName
	if e.repo.r.Platform == "GITLAB" {
		return "Protect environment `" + e.e.Name + "`: **Settings → CI/CD → Protected environments → Protect an environment**, " +
			"allow deployment to Maintainers only and require at least one approval (API: `POST /projects/:id/protected_environments` " +
			"with `name=" + e.e.Name + "`, `deploy_access_levels` and `required_approval_count=1`)."
	}
	return "**Settings → Environments → " + e.e.Name + "**: add *Required reviewers* (a team other than the authors), tick *Prevent self-review*, " +
		"and limit *Deployment branches and tags* to protected branches. API: `PUT /repos/" + repo + "/environments/" + e.e.Name +
		"` with `{\"reviewers\":[{\"type\":\"Team\",\"id\":<team id>}],\"prevent_self_review\":true,\"deployment_branch_policy\":{\"protected_branches\":true,\"custom_branch_policies\":false}}`."
}
