package analysis

import (
	"testing"

	"github.com/privgraph/privgraph/scanner/workflow"
)

func TestGitHubAppTokenOverscoped(t *testing.T) {
	runRuleCases(t, "GITHUB", checkAppToken, []ruleCase{
		{
			name: "token for every repository of the owner (external-secrets ok-to-test shape)",
			build: func(f *fixture) {
				f.job(f.pipeline(f.repo("acme/api"), ".github/workflows/ok.yml", "issue_comment"), "ok", "UNKNOWN", steps(workflow.Step{
					Line: 26, Uses: "actions/create-github-app-token",
					With: map[string]string{"app-id": "${{ vars.APP_ID }}", "private-key": "${{ secrets.PK }}", "owner": "${{ github.repository_owner }}"}}))
			},
			want: []string{"MEDIUM .github/workflows/ok.yml:26 `actions/create-github-app-token` reaches every repository of `${{ github.repository_owner }}`, keeps every permission of the app"},
		},
		{
			name: "limited to one repository and one permission",
			build: func(f *fixture) {
				f.job(f.pipeline(f.repo("acme/api"), ".github/workflows/ok.yml", "push"), "ok", "UNKNOWN", steps(workflow.Step{
					Line: 26, Uses: "actions/create-github-app-token",
					With: map[string]string{"app-id": "1", "private-key": "${{ secrets.PK }}", "repositories": "api", "permission-contents": "write"}}))
			},
			want: []string{},
		},
	})
}
