package analysis

import (
	"testing"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/scanner/workflow"
)

func injection(line int, ctx string) func(*ent.Job, *workflow.JobDetail) {
	return func(_ *ent.Job, d *workflow.JobDetail) {
		d.Injections = append(d.Injections, workflow.Injection{Line: line, Expression: "${{ " + ctx + " }}", Context: ctx, Sink: "run"})
	}
}

func TestInjectionInPrivilegedJob(t *testing.T) {
	runRuleCases(t, "GITHUB", checkInjection, []ruleCase{
		{
			name: "issue title in run of an issues workflow with a write token",
			build: func(f *fixture) {
				r := f.repo("acme/bot")
				p := f.pipeline(r, ".github/workflows/triage.yml", "issues")
				f.job(p, "triage", "UNKNOWN", perms("job", "issues:write"), injection(21, "github.event.issue.title"))
			},
			want: []string{"CRITICAL .github/workflows/triage.yml:21 expands `${{ github.event.issue.title }}` in run"},
		},
		{
			name: "head ref in a push job that reads a secret: high",
			build: func(f *fixture) {
				r := f.repo("acme/bot")
				p := f.pipeline(r, ".github/workflows/release.yml", "push")
				j := f.job(p, "release", "DEPLOY", injection(33, "github.head_ref"))
				f.use(j, f.secret("NPM_TOKEN", r, nil), 35)
			},
			want: []string{"HIGH .github/workflows/release.yml:33 expands `${{ github.head_ref }}` in run"},
		},
		{
			name: "PR title in an unprivileged pull_request job",
			build: func(f *fixture) {
				r := f.repo("acme/bot")
				p := f.pipeline(r, ".github/workflows/ci.yml", "pull_request")
				f.job(p, "echo", "TEST", perms("workflow", "contents:read"), injection(12, "github.event.pull_request.title"))
			},
			want: []string{},
		},
	})
}
