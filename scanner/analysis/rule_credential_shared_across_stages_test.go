package analysis

import (
	"testing"
)

func TestCredentialSharedAcrossStages(t *testing.T) {
	runRuleCases(t, "GITHUB", checkSharedAcrossStages, []ruleCase{
		{
			name: "one token builds and deploys: high",
			build: func(f *fixture) {
				r, build, deploy := releaseRepo(f, "acme/api")
				c := f.secret("DOCKERHUB_TOKEN", r, nil)
				f.use(build, c, 12)
				f.use(deploy, c, 20)
			},
			want: []string{"HIGH ACTIONS_SECRET `DOCKERHUB_TOKEN` of acme/api"},
		},
		{
			name: "signing key also read by tests: medium",
			build: func(f *fixture) {
				r := f.repo("acme/cli")
				p := f.pipeline(r, ".github/workflows/release.yml", "push")
				c := f.secret("GPG_KEY", r, nil)
				f.use(f.job(p, "test", "TEST"), c, 12)
				f.use(f.job(p, "sign", "SIGN"), c, 22)
			},
			want: []string{"MEDIUM ACTIONS_SECRET `GPG_KEY` of acme/cli"},
		},
		{
			name: "build and test share a test credential",
			build: func(f *fixture) {
				r := f.repo("acme/e2e")
				p := f.pipeline(r, ".github/workflows/e2e.yml", "push")
				c := f.secret("E2E_API_KEY", r, nil)
				f.use(f.job(p, "build", "BUILD"), c, 12)
				f.use(f.job(p, "e2e", "TEST"), c, 22)
			},
			want: []string{},
		},
		{
			name: "unknown stage does not count",
			build: func(f *fixture) {
				r, _, deploy := releaseRepo(f, "acme/api")
				c := f.secret("SLACK", r, nil)
				f.use(deploy, c, 20)
				f.use(f.job(f.pipeline(r, ".github/workflows/notify.yml", "issues"), "notify", "UNKNOWN"), c, 9)
			},
			want: []string{},
		},
	})
}
