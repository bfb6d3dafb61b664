package analysis

import (
	"testing"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/scanner/workflow"
)

func TestTokenPermissionsExcessive(t *testing.T) {
	runRuleCases(t, "GITHUB", checkPermissionsExcessive, []ruleCase{
		{
			name: "workflow grants pull-requests write the job never uses (cli/cli prauto shape)",
			build: func(f *fixture) {
				p := f.pipeline(f.repo("acme/cli"), ".github/workflows/prauto.yml", "pull_request_target")
				f.job(p, "pr-auto", "UNKNOWN", perms("workflow", "issues:write", "pull-requests:write"), needs())
			},
			want: []string{"MEDIUM .github/workflows/prauto.yml:10 job `pr-auto`"},
		},
		{
			name: "needs match the block",
			build: func(f *fixture) {
				p := f.pipeline(f.repo("acme/api"), ".github/workflows/release.yml", "push")
				f.job(p, "release", "DEPLOY", perms("job", "contents:write", "id-token:write"), needs("contents:write", "id-token:write"))
			},
			want: []string{},
		},
		{
			name: "unknown steps: no verdict",
			build: func(f *fixture) {
				p := f.pipeline(f.repo("acme/api"), ".github/workflows/release.yml", "push")
				f.job(p, "release", "DEPLOY", perms("job", "contents:write"), needs(), with(func(j *ent.Job) { j.UnknownSteps = []string{"vendor/custom-action"} }))
			},
			want: []string{},
		},
		{
			name: "a script handed the token: no verdict",
			build: func(f *fixture) {
				p := f.pipeline(f.repo("acme/api"), ".github/workflows/label.yml", "pull_request")
				f.job(p, "label", "UNKNOWN", perms("job", "pull-requests:write"), needs(),
					steps(workflow.Step{Line: 14, Run: "gh pr edit --add-label x", Token: true}))
			},
			want: []string{},
		},
	})
}
