package analysis

import (
	"testing"

	"github.com/privgraph/privgraph/ent"
)

func TestEnvironmentAnyBranch(t *testing.T) {
	runRuleCases(t, "GITHUB", checkAnyBranch, []ruleCase{
		{
			name: "production from any branch",
			build: func(f *fixture) {
				f.env(f.repo("acme/api"), "production", func(e *ent.Environment) { e.Production, e.BranchPolicy = true, "any" })
			},
			want: []string{"MEDIUM acme/api environment `production`: deployment_branch_policy = any"},
		},
		{
			name: "protected branches only; unknown policy; non-production",
			build: func(f *fixture) {
				r := f.repo("acme/api")
				f.env(r, "production", func(e *ent.Environment) { e.Production, e.BranchPolicy = true, "protected" })
				f.env(r, "prod-eu", func(e *ent.Environment) { e.Production = true })
				f.env(r, "preview", func(e *ent.Environment) { e.BranchPolicy = "any" })
			},
			want: []string{},
		},
	})
}
