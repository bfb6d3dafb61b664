package analysis

import (
	"testing"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/scanner/workflow"
)

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
