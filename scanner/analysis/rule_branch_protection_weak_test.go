package analysis

import (
	"testing"

	"github.com/privgraph/privgraph/ent"
)

func TestBranchProtectionWeak(t *testing.T) {
	runRuleCases(t, "GITHUB", checkProtectionWeak, []ruleCase{
		{
			name: "classic protection without reviews, admins bypass",
			build: func(f *fixture) {
				r := f.repo("acme/api")
				r.r.Edges.BranchProtections = []*ent.BranchProtection{{Source: "CLASSIC", Pattern: "main", StatusChecks: []string{"ci"}}}
			},
			want: []string{"MEDIUM acme/api default-branch protection: requires no approving review, does not require code-owner review, lets administrators bypass it"},
		},
		{
			name: "classic and ruleset add up",
			build: func(f *fixture) {
				r := f.repo("acme/api")
				r.r.Edges.BranchProtections = []*ent.BranchProtection{
					{Source: "CLASSIC", Pattern: "main", AllowForcePush: true, EnforceAdmins: true},
					{Source: "RULESET", Pattern: "~DEFAULT_BRANCH", RequiredApprovals: 2, CodeOwnerReview: true},
				}
			},
			want: []string{},
		},
	})
}
