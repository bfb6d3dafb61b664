package analysis

import (
	"testing"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/scanner/workflow"
)

func TestSecretInUntrustedTrigger(t *testing.T) {
	runRuleCases(t, "GITHUB", checkSecretInUntrustedTrigger, []ruleCase{
		{
			name: "pull_request_target checks out the PR head and reads a secret",
			build: func(f *fixture) {
				r := f.repo("acme/web")
				p := f.pipeline(r, ".github/workflows/preview.yml", "pull_request_target")
				j := f.job(p, "preview", "STAGE", steps(checkoutPRHead(14)), with(func(j *ent.Job) { j.UntrustedCheckout = true }))
				f.use(j, f.secret("NETLIFY_TOKEN", r, nil), 20)
			},
			want: []string{"CRITICAL .github/workflows/preview.yml:14 checks out `${{ github.event.pull_request.head.sha }}` in job `preview`"},
		},
		{
			name: "issue_comment ok-to-test with a write token",
			build: func(f *fixture) {
				r := f.repo("acme/e2e")
				p := f.pipeline(r, ".github/workflows/e2e.yml", "issue_comment")
				f.job(p, "e2e", "TEST", steps(workflow.Step{Line: 30, Run: "gh pr checkout ${{ github.event.issue.number }}"}),
					perms("job", "contents:write", "pull-requests:write"), with(func(j *ent.Job) { j.UntrustedCheckout = true }))
			},
			want: []string{"CRITICAL .github/workflows/e2e.yml:30 fetches pull-request code in a script in job `e2e`"},
		},
		{
			name: "dependabot-only job (aws-actions dependabot-autoapprove shape): high, not critical",
			build: func(f *fixture) {
				r := f.repo("acme/action")
				p := f.pipeline(r, ".github/workflows/dependabot-autoapprove.yml", "pull_request_target", "workflow_dispatch")
				j := f.job(p, "dependabot", "UNKNOWN", perms("workflow", "pull-requests:write", "id-token:write", "contents:read"),
					steps(workflow.Step{Line: 33, Run: "gh pr checkout \"$PR_URL\""}),
					func(j *ent.Job, d *workflow.JobDetail) {
						j.UntrustedCheckout, j.Oidc = true, true
						d.If = "${{ github.event.pull_request.user.login == 'dependabot[bot]' }}"
					})
				f.use(j, f.secret("ROLE_ARN", r, nil), 24)
			},
			want: []string{"HIGH .github/workflows/dependabot-autoapprove.yml:33 fetches pull-request code in a script in job `dependabot`"},
		},
		{
			name: "pull_request_target labeler: no checkout, no secrets (cli/cli triage shape)",
			build: func(f *fixture) {
				r := f.repo("acme/cli")
				p := f.pipeline(r, ".github/workflows/triage.yml", "pull_request_target")
				f.job(p, "label", "UNKNOWN", perms("job", "pull-requests:write"), steps(workflow.Step{Line: 12, Uses: "actions/labeler", Pinned: true}))
			},
			want: []string{},
		},
		{
			name: "pull_request checks out its own head with secrets: not privileged for forks",
			build: func(f *fixture) {
				r := f.repo("acme/lib")
				p := f.pipeline(r, ".github/workflows/ci.yml", "pull_request")
				j := f.job(p, "test", "TEST", steps(checkoutPRHead(9)), with(func(j *ent.Job) { j.UntrustedCheckout = true }))
				f.use(j, f.secret("CODECOV_TOKEN", r, nil), 15)
			},
			want: []string{},
		},
		{
			name: "local reusable workflow: the parser folds the callee into the caller job",
			build: func(f *fixture) {
				r := f.repo("acme/app")
				caller := f.pipeline(r, ".github/workflows/pr.yml", "pull_request_target")
				head := checkoutPRHead(8)
				head.File = ".github/workflows/build.yml"
				j := f.job(caller, "call", "BUILD", steps(head), with(func(j *ent.Job) {
					j.Calls, j.SecretsInherit, j.UntrustedCheckout = "./.github/workflows/build.yml", true, true
				}))
				callee := f.pipeline(r, ".github/workflows/build.yml", "workflow_call")
				cj := f.job(callee, "build", "BUILD", steps(checkoutPRHead(8)), with(func(j *ent.Job) { j.UntrustedCheckout = true }))
				npm := f.secret("NPM_TOKEN", r, nil)
				f.use(j, npm, 12)
				f.use(cj, npm, 12)
			},
			want: []string{"CRITICAL .github/workflows/build.yml:8 checks out `${{ github.event.pull_request.head.sha }}` in job `call`"},
		},
		{
			name: "reusable workflow of another repository inherits the caller's trigger",
			build: func(f *fixture) {
				app := f.repo("acme/app")
				caller := f.pipeline(app, ".github/workflows/pr.yml", "pull_request_target")
				f.job(caller, "call", "UNKNOWN", with(func(j *ent.Job) { j.Calls = "acme/shared/.github/workflows/build.yml@main"; j.SecretsInherit = true }))
				shared := f.repo("acme/shared")
				callee := f.pipeline(shared, ".github/workflows/build.yml", "workflow_call")
				j := f.job(callee, "build", "BUILD", steps(checkoutPRHead(8)), with(func(j *ent.Job) { j.UntrustedCheckout = true }))
				f.use(j, f.secret("NPM_TOKEN", nil, nil), 12)
			},
			want: []string{"CRITICAL .github/workflows/build.yml:8 checks out `${{ github.event.pull_request.head.sha }}` in job `build`"},
		},
	})
}
