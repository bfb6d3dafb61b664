package analysis

func ruleDefaultBranchUnprotected() rule {
	return rule{
		id: "default-branch-unprotected", severity: High, facts: []string{factProtection},
		description: "the default branch has no protection, ruleset or protected-branch rule",
		check:       checkBranchUnprotected,
	}
}

func checkBranchUnprotected(s *snapshot) []candidate {
	var out []candidate
	for _, r := range s.repos {
		if !apiScanned(r) || r.r.Archived || len(r.r.Edges.BranchProtections) > 0 {
			continue
		}
		branch := r.r.DefaultBranch
		if branch == "" {
			branch = "main"
		}
		c := candidate{severity: High, subject: r.r.Key, repo: r}
		c.evidence = r.r.FullName + ": branch `" + branch + "` has no protection rule or ruleset"
		c.title = r.r.FullName + ": default branch `" + branch + "` is unprotected"
		c.detail = "Anyone with write access can push pipeline changes straight to `" + branch + "`, without review, and deploy them."
		c.remediation = protectFix(r, branch)
		out = append(out, c)
	}
	return out
}

func protectFix(r *repoInfo, branch string) string {
	if r.r.Platform == "GITLAB" {
		return "**Settings → Repository → Protected branches**: protect `" + branch + "` with *Allowed to push and merge: No one / Maintainers*, " +
			"*Allowed to force push* off and *Code owner approval* on (API: `POST /projects/:id/protected_branches` with `name=" + branch +
			"&push_access_level=0&merge_access_level=40&allow_force_push=false&code_owner_approval_required=true`)."
	}
	return "**Settings → Rules → Rulesets → New branch ruleset** targeting `" + branch + "`: require a pull request with 1 approval and code-owner review, " +
		"block force pushes and deletions, no bypass. API: `POST /repos/" + r.r.FullName + "/rulesets` with rules `pull_request` " +
		"(`required_approving_review_count: 1`, `require_code_owner_review: true`), `non_fast_forward`, `deletion`."
}
