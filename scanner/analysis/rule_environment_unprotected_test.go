package analysis

import (
	"testing"

	"github.com/privgraph/privgraph/ent"
)

func TestEnvironmentUnprotected(t *testing.T) {
	runRuleCases(t, "GITHUB", checkEnvironmentUnprotected, []ruleCase{
		{
			name: "production without reviewers",
			build: func(f *fixture) {
				f.env(f.repo("acme/api"), "production", func(e *ent.Environment) { e.Production, e.BranchPolicy = true, "protected" })
			},
			want: []string{"HIGH acme/api environment `production`"},
		},
		{
			name: "a monitoring gate is not an approval (demo data-pipeline shape)",
			build: func(f *fixture) {
				f.env(f.repo("acme/etl"), "production-warehouse", func(e *ent.Environment) {
					e.Production, e.Protected, e.CustomRules = true, true, []string{"datadog-deploy-gate"}
				})
			},
			want: []string{"HIGH acme/etl environment `production-warehouse`"},
		},
		{
			name: "production with reviewers; staging without",
			build: func(f *fixture) {
				r := f.repo("acme/api")
				f.env(r, "production", func(e *ent.Environment) { e.Production, e.RequiredReviewers = true, []string{"acme/sre"} })
				f.env(r, "staging")
			},
			want: []string{},
		},
		{
			name: "local scan knows no environment rules",
			build: func(f *fixture) {
				r := f.repo("shop", func(r *ent.Repository) { r.Platform = "LOCAL" })
				f.env(r, "production", func(e *ent.Environment) { e.Production = true })
			},
			want: []string{},
		},
	})
}

func TestEnvironmentUnprotectedGitLab(t *testing.T) {
	runRuleCases(t, "GITLAB", checkEnvironmentUnprotected, []ruleCase{
		{
			name: "production not a protected environment",
			build: func(f *fixture) {
				f.env(f.repo("acme/api"), "production", func(e *ent.Environment) { e.Production = true })
			},
			want: []string{"HIGH acme/api environment `production`"},
		},
		{
			name: "protected environment",
			build: func(f *fixture) {
				f.env(f.repo("acme/api"), "production", func(e *ent.Environment) { e.Production, e.Protected = true, true })
			},
			want: []string{},
		},
	})
}
