package analysis

import (
	"testing"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/scanner/workflow"
)

func TestUnpinnedAction(t *testing.T) {
	runRuleCases(t, "GITHUB", checkUnpinned, []ruleCase{
		{
			name: "third-party action on a tag, a reusable workflow on a branch, each once per file",
			build: func(f *fixture) {
				p := f.pipeline(f.repo("acme/api"), ".github/workflows/ci.yml", "push")
				tag := workflow.Step{Line: 14, Uses: "docker/login-action", Ref: "v3"}
				f.job(p, "build", "BUILD", steps(tag))
				tag.Line = 40
				f.job(p, "push", "BUILD", steps(tag))
				f.job(p, "shared", "BUILD", with(func(j *ent.Job) { j.Calls = "other/workflows/.github/workflows/x.yml@main" }))
			},
			want: []string{
				"MEDIUM .github/workflows/ci.yml:14 `docker/login-action@v3`",
				"MEDIUM .github/workflows/ci.yml:30 `other/workflows/.github/workflows/x.yml@main`",
			},
		},
		{
			name: "SHA-pinned, GitHub's own, the organization's own, local, and a broken call",
			build: func(f *fixture) {
				p := f.pipeline(f.repo("acme/api"), ".github/workflows/ci.yml", "push")
				f.job(p, "build", "BUILD", steps(
					workflow.Step{Line: 12, Uses: "docker/login-action", Ref: "74a5d142397b4f367a81961eba4e8cd7edddf772", Pinned: true},
					workflow.Step{Line: 13, Uses: "actions/checkout", Ref: "v4"},
					workflow.Step{Line: 14, Uses: "acme/setup", Ref: "main"},
					workflow.Step{Line: 15, Uses: "./.github/actions/build"},
					workflow.Step{Line: 16, Uses: "$/.github/actions/sign"}, // self-repository syntax: same commit
				))
				f.job(p, "rel", "DEPLOY", with(func(j *ent.Job) { j.Calls = "$/.github/workflows/publish.yml" }))
			},
			want: []string{},
		},
	})
}
