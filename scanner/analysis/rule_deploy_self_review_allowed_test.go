package analysis

import (
	"testing"

	"github.com/privgraph/privgraph/ent"
)

func TestDeploySelfReviewAllowed(t *testing.T) {
	runRuleCases(t, "GITHUB", checkSelfReview, []ruleCase{
		{
			name: "reviewers without prevent self-review",
			build: func(f *fixture) {
				f.env(f.repo("acme/api"), "production", func(e *ent.Environment) { e.Production, e.RequiredReviewers = true, []string{"acme/dev"} })
			},
			want: []string{"MEDIUM acme/api environment `production`: prevent_self_review = false"},
		},
		{
			name: "self-review prevented, or no reviewers at all",
			build: func(f *fixture) {
				r := f.repo("acme/api")
				f.env(r, "production", func(e *ent.Environment) { e.RequiredReviewers, e.PreventSelfReview = []string{"acme/sre"}, true })
				f.env(r, "preview")
			},
			want: []string{},
		},
	})
}
