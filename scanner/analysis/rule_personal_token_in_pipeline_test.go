package analysis

import (
	"testing"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/scanner/workflow"
)

func TestPersonalTokenInPipeline(t *testing.T) {
	runRuleCases(t, "GITHUB", checkPersonalToken, []ruleCase{
		{
			name: "named PAT",
			build: func(f *fixture) {
				r, _, deploy := releaseRepo(f, "acme/cli")
				f.use(deploy, f.secret("HOMEBREW_PR_PAT", r, nil), 30)
			},
			want: []string{"HIGH ACTIONS_SECRET `HOMEBREW_PR_PAT` of acme/cli"},
		},
		{
			name: "passed as the checkout token",
			build: func(f *fixture) {
				r := f.repo("acme/site")
				j := f.job(f.pipeline(r, ".github/workflows/sync.yml", "schedule"), "sync", "DEPLOY", steps(workflow.Step{
					Line: 12, Uses: "actions/checkout", With: map[string]string{"token": "${{ secrets.SYNC_TOKEN }}"}}))
				f.use(j, f.secret("SYNC_TOKEN", r, nil), 15)
			},
			want: []string{"HIGH ACTIONS_SECRET `SYNC_TOKEN` of acme/site"},
		},
		{
			name: "a service token whose name the scanner guessed",
			build: func(f *fixture) {
				r, _, deploy := releaseRepo(f, "acme/omnibus")
				f.use(deploy, f.secret("STAGING_REPO_TOKEN", r, nil, func(c *ent.Credential) { c.PersonalToken = true }), 30)
			},
			want: []string{},
		},
	})
}
