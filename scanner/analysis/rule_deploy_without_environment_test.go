package analysis

import (
	"testing"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/scanner/workflow"
)

func TestDeployWithoutEnvironment(t *testing.T) {
	runRuleCases(t, "GITHUB", checkDeployWithoutEnvironment, []ruleCase{
		{
			name: "npm publish without environment",
			build: func(f *fixture) {
				f.job(f.pipeline(f.repo("acme/lib"), ".github/workflows/publish.yml", "release"), "publish", "DEPLOY")
			},
			want: []string{"HIGH .github/workflows/publish.yml:10 job `publish`"},
		},
		{
			name: "trusted publishing in an environment (pallets/flask shape), and a reusable-workflow call",
			build: func(f *fixture) {
				r := f.repo("acme/lib")
				f.env(r, "pypi")
				p := f.pipeline(r, ".github/workflows/publish.yml", "push")
				f.job(p, "publish", "DEPLOY", onEnv("pypi"), with(func(j *ent.Job) { j.Oidc = true }))
				f.job(p, "release", "DEPLOY", with(func(j *ent.Job) { j.Calls = "./.github/workflows/release.yml" }))
			},
			want: []string{},
		},
		{
			name: "a build classified DEPLOY that runs only for pull requests (rustup build-windows-pr shape)",
			build: func(f *fixture) {
				p := f.pipeline(f.repo("acme/tool"), ".github/workflows/ci.yaml", "push", "pull_request")
				f.job(p, "build-windows-pr", "DEPLOY", func(_ *ent.Job, d *workflow.JobDetail) { d.If = "github.event_name == 'pull_request'" })
				f.job(f.pipeline(f.repo("acme/lib"), ".github/workflows/pr.yaml", "pull_request"), "preview", "DEPLOY")
			},
			want: []string{},
		},
	})
}
