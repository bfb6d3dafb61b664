package analysis

import (
	"testing"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/scanner/workflow"
)

func TestSelfHostedRunnerSharedWithUntrusted(t *testing.T) {
	selfHosted := func(labels ...string) func(*ent.Job, *workflow.JobDetail) {
		return with(func(j *ent.Job) { j.SelfHosted, j.RunnerLabels = true, labels })
	}
	runRuleCases(t, "GITHUB", checkRunnerShared, []ruleCase{
		{
			name: "pull requests and deploys on the same labels",
			build: func(f *fixture) {
				r := f.repo("acme/ml")
				f.job(f.pipeline(r, ".github/workflows/pr.yml", "pull_request"), "gpu-tests", "TEST", selfHosted("self-hosted", "gpu"))
				f.job(f.pipeline(r, ".github/workflows/release.yml", "push"), "deploy", "DEPLOY", selfHosted("gpu", "self-hosted"))
			},
			want: []string{"HIGH runs-on `gpu,self-hosted` at .github/workflows/pr.yml:10"},
		},
		{
			name: "public repository's pull requests on self-hosted runners (DeepSpeed shape)",
			build: func(f *fixture) {
				r := f.repo("acme/open", func(r *ent.Repository) { r.Visibility = "public" })
				f.job(f.pipeline(r, ".github/workflows/nv.yml", "pull_request"), "unit", "TEST", selfHosted("self-hosted", "v100"))
			},
			want: []string{"HIGH runs-on `self-hosted,v100` at .github/workflows/nv.yml:10"},
		},
		{
			name: "private repository, pull requests only; runner group allowing public repositories",
			build: func(f *fixture) {
				r := f.repo("acme/ml")
				f.job(f.pipeline(r, ".github/workflows/pr.yml", "pull_request"), "gpu-tests", "TEST", selfHosted("self-hosted", "gpu"))
				f.s.runners = append(f.s.runners, &ent.RunnerGroup{Key: "rg:gpu", Name: "gpu", AllowsPublicRepositories: true})
			},
			want: []string{"HIGH runner group `gpu`: allows_public_repositories = true"},
		},
	})
}
