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
			want: []string{"CRITICAL .github/workflows/e2e.yml:30 checks out `` in job `e2e`"},
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
			name: "reusable workflow called from pull_request_target inherits the trigger",
			build: func(f *fixture) {
				r := f.repo("acme/app")
				caller := f.pipeline(r, ".github/workflows/pr.yml", "pull_request_target")
				f.job(caller, "call", "UNKNOWN", with(func(j *ent.Job) { j.Calls = "./.github/workflows/build.yml"; j.SecretsInherit = true }))
				callee := f.pipeline(r, ".github/workflows/build.yml", "workflow_call")
				j := f.job(callee, "build", "BUILD", steps(checkoutPRHead(8)), with(func(j *ent.Job) { j.UntrustedCheckout = true }))
				f.use(j, f.secret("NPM_TOKEN", r, nil), 12)
			},
			want: []string{"CRITICAL .github/workflows/build.yml:8 checks out `${{ github.event.pull_request.head.sha }}` in job `build`"},
		},
	})
}

func TestUntrustedCheckout(t *testing.T) {
	runRuleCases(t, "GITHUB", checkUntrustedCheckout, []ruleCase{
		{
			name: "pull_request_target checkout without secrets and a read token",
			build: func(f *fixture) {
				r := f.repo("acme/docs")
				p := f.pipeline(r, ".github/workflows/lint.yml", "pull_request_target")
				f.job(p, "lint", "TEST", steps(checkoutPRHead(11)), with(func(j *ent.Job) { j.UntrustedCheckout = true }))
			},
			want: []string{"HIGH .github/workflows/lint.yml:11 checks out `${{ github.event.pull_request.head.sha }}` in job `lint`"},
		},
		{
			name: "privileged job is left to secret-in-untrusted-trigger",
			build: func(f *fixture) {
				r := f.repo("acme/docs")
				p := f.pipeline(r, ".github/workflows/lint.yml", "pull_request_target")
				j := f.job(p, "lint", "TEST", steps(checkoutPRHead(11)), with(func(j *ent.Job) { j.UntrustedCheckout = true }))
				f.use(j, f.secret("TOKEN", r, nil), 14)
			},
			want: []string{},
		},
		{
			name: "workflow_run that only downloads artifacts",
			build: func(f *fixture) {
				r := f.repo("acme/docs")
				p := f.pipeline(r, ".github/workflows/comment.yml", "workflow_run")
				f.job(p, "comment", "UNKNOWN", steps(workflow.Step{Line: 9, Uses: "actions/download-artifact"}))
			},
			want: []string{},
		},
	})
}
