package analysis

import (
	"testing"

	"github.com/privgraph/privgraph/scanner/workflow"
)

func TestCheckoutPersistsCredentials(t *testing.T) {
	checkout := workflow.Step{Line: 12, Uses: "actions/checkout", Ref: "v4"}
	runRuleCases(t, "GITHUB", checkPersistCredentials, []ruleCase{
		{
			name: "checkout then upload-artifact: medium",
			build: func(f *fixture) {
				f.job(f.pipeline(f.repo("acme/api"), ".github/workflows/ci.yml", "push"), "build", "BUILD",
					steps(checkout, workflow.Step{Line: 20, Uses: "actions/upload-artifact", With: map[string]string{"path": "."}}))
			},
			want: []string{"MEDIUM .github/workflows/ci.yml:12 `actions/checkout` without `persist-credentials: false`"},
		},
		{
			name: "checkout then a third-party action: low",
			build: func(f *fixture) {
				f.job(f.pipeline(f.repo("acme/api"), ".github/workflows/ci.yml", "push"), "lint", "TEST",
					steps(checkout, workflow.Step{Line: 18, Uses: "golangci/golangci-lint-action", Ref: "v6"}))
			},
			want: []string{"LOW .github/workflows/ci.yml:12 `actions/checkout` without `persist-credentials: false`"},
		},
		{
			name: "uploading a build output or hidden files",
			build: func(f *fixture) {
				p := f.pipeline(f.repo("acme/api"), ".github/workflows/ci.yml", "push")
				f.job(p, "dist", "BUILD", steps(checkout, workflow.Step{Line: 20, Uses: "actions/upload-artifact", With: map[string]string{"path": "dist/"}}))
				f.job(p, "hidden", "BUILD", steps(checkout, workflow.Step{Line: 40, Uses: "actions/upload-artifact",
					With: map[string]string{"path": "out/", "include-hidden-files": "true"}}))
			},
			want: []string{"MEDIUM .github/workflows/ci.yml:12 `actions/checkout` without `persist-credentials: false`"},
		},
		{
			name: "persist-credentials false; or only first-party steps after",
			build: func(f *fixture) {
				p := f.pipeline(f.repo("acme/api"), ".github/workflows/ci.yml", "push")
				safe := checkout
				safe.With = map[string]string{"persist-credentials": "false"}
				f.job(p, "a", "BUILD", steps(safe, workflow.Step{Line: 20, Uses: "actions/upload-artifact"}))
				f.job(p, "b", "TEST", steps(checkout, workflow.Step{Line: 30, Uses: "actions/setup-go"}, workflow.Step{Line: 31, Run: "go test ./..."}))
			},
			want: []string{},
		},
	})
}
