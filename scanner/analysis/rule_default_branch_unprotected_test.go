package analysis

import (
	"testing"

	"github.com/privgraph/privgraph/ent"
)

func TestDefaultBranchUnprotected(t *testing.T) {
	runRuleCases(t, "GITHUB", checkBranchUnprotected, []ruleCase{
		{
			name:  "no protection",
			build: func(f *fixture) { f.repo("acme/api") },
			want:  []string{"HIGH acme/api: branch `main` has no protection rule or ruleset"},
		},
		{
			name: "ruleset, archived repository, local folder",
			build: func(f *fixture) {
				r := f.repo("acme/api")
				r.r.Edges.BranchProtections = []*ent.BranchProtection{{Source: "RULESET", Pattern: "~DEFAULT_BRANCH", RequiredApprovals: 1}}
				f.repo("acme/old", func(r *ent.Repository) { r.Archived = true })
				f.repo("shop", func(r *ent.Repository) { r.Platform = "LOCAL" })
			},
			want: []string{},
		},
	})
}
