package analysis

func ruleDeploySelfReviewAllowed() rule {
	return rule{
		id: "deploy-self-review-allowed", severity: Medium, facts: []string{factEnvironments},
		description: "a protected environment lets the author approve their own deployment",
		check:       checkSelfReview,
	}
}

func checkSelfReview(s *snapshot) []candidate {
	var out []candidate
	for _, r := range s.repos {
		for _, e := range r.envs {
			if !apiScanned(r) || !hasReviewers(e) || e.e.PreventSelfReview {
				continue
			}
			c := forEnv(Medium, e)
			c.evidence += ": prevent_self_review = false"
			c.title = "Environment `" + e.e.Name + "` of " + r.r.FullName + " lets whoever triggers a deployment approve it"
			c.remediation = "**Settings → Environments → " + e.e.Name + " → Prevent self-review** (API: `PUT /repos/" + r.r.FullName +
				"/environments/" + e.e.Name + "` with `\"prevent_self_review\": true`)."
			if r.r.Platform == "GITLAB" {
				c.remediation = "**Settings → CI/CD → Protected environments**: clear *Allow pipeline triggerer to approve deployment* " +
					"(API: `PUT /projects/:id` with `allow_pipeline_trigger_approve_deployment=false`), and give `" + e.e.Name +
					"` an approval rule for a group the authors are not in."
			}
			out = append(out, c)
		}
	}
	return out
}
