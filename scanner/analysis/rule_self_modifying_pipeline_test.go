package analysis

import (
	"testing"

	"github.com/privgraph/privgraph/scanner/workflow"
)

func TestSelfModifyingPipeline(t *testing.T) {
	runRuleCases(t, "GITHUB", checkSelfModifying, []ruleCase{
		{
			name: "generates a workflow and pushes",
			build: func(f *fixture) {
				f.job(f.pipeline(f.repo("acme/api"), ".github/workflows/gen.yml", "schedule"), "regen", "UNKNOWN", steps(
					workflow.Step{Line: 20, Run: "go run ./gen > .github/workflows/matrix.yml"},
					workflow.Step{Line: 22, Run: "git commit -am regen && git push"},
				))
			},
			want: []string{"HIGH .github/workflows/gen.yml:20 job `regen` writes pipeline definitions and pushes"},
		},
		{
			name: "reads workflows without pushing; pushes without writing them",
			build: func(f *fixture) {
				p := f.pipeline(f.repo("acme/api"), ".github/workflows/lint.yml", "push")
				f.job(p, "lint", "TEST", steps(workflow.Step{Line: 10, Run: "actionlint .github/workflows/*.yml"}))
				f.job(p, "bump", "UNKNOWN", steps(workflow.Step{Line: 20, Run: "echo 1 > VERSION && git push"}))
			},
			want: []string{},
		},
	})
}
