package analysis

import "strings"

func ruleBranchProtectionWeak() rule {
	return rule{
		id: "branch-protection-weak", severity: Medium, facts: []string{factProtection},
		description: "protection lacks reviews or code-owner review, allows force pushes or deletion, or admins bypass",
		check:       checkProtectionWeak,
	}
}

func checkProtectionWeak(s *snapshot) []candidate {
	var out []candidate
	for _, r := range s.repos {
		if !apiScanned(r) || r.r.Archived || len(r.r.Edges.BranchProtections) == 0 {
			continue
		}
		weak := weaknesses(r)
		if len(weak) == 0 {
			continue
		}
		c := candidate{severity: Medium, subject: r.r.Key, repo: r}
		c.evidence = r.r.FullName + " default-branch protection: " + join(weak)
		c.title = r.r.FullName + ": default-branch protection " + weak[0]
		c.detail = "Weaknesses: " + join(weak) + "."
		c.remediation = protectFix(r, orDefault(r.r.DefaultBranch, "main"))
		out = append(out, c)
	}
	return out
}

// weaknesses combines the rules that guard the branch (they add up, as
// GitHub layers rulesets over classic protection).
func weaknesses(r *repoInfo) []string {
	approvals, codeOwner, noForce, noDelete, enforce := 0, false, false, false, false
	var bypass []string
	gitlab := r.r.Platform == "GITLAB"
	for _, p := range r.r.Edges.BranchProtections {
		approvals = max(approvals, p.RequiredApprovals)
		codeOwner = codeOwner || p.CodeOwnerReview
		noForce = noForce || !p.AllowForcePush
		noDelete = noDelete || !p.AllowDeletions
		enforce = enforce || p.EnforceAdmins || p.Source == "RULESET" && len(p.BypassActors) == 0
		bypass = append(bypass, p.BypassActors...)
		for _, a := range p.PushAccess {
			if strings.Contains(strings.ToLower(a), "developer") {
				bypass = append(bypass, "developers can push ("+a+")")
			}
		}
	}
	var out []string
	if approvals == 0 && !gitlab {
		out = append(out, "requires no approving review")
	}
	if !codeOwner {
		out = append(out, "does not require code-owner review")
	}
	if !noForce {
		out = append(out, "allows force pushes")
	}
	if !noDelete && !gitlab {
		out = append(out, "allows deletion")
	}
	if !enforce && !gitlab {
		out = append(out, "lets administrators bypass it")
	}
	if len(bypass) > 0 {
		out = append(out, "can be bypassed by "+join(bypass))
	}
	return out
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}
