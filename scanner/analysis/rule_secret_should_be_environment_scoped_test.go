package analysis

import (
	"testing"

	"github.com/privgraph/privgraph/ent"
)

func TestSecretShouldBeEnvironmentScoped(t *testing.T) {
	runRuleCases(t, "GITHUB", checkShouldBeEnvironmentScoped, []ruleCase{
		{
			name: "repository secret used only by the production deploy",
			build: func(f *fixture) {
				r, _, deploy := releaseRepo(f, "acme/api")
				f.use(deploy, f.secret("KUBE_TOKEN", r, nil), 20)
			},
			want: []string{"MEDIUM ACTIONS_SECRET `KUBE_TOKEN` of acme/api"},
		},
		{
			name: "organization secret used only by one environment of one repository",
			build: func(f *fixture) {
				_, _, deploy := releaseRepo(f, "acme/api")
				f.use(deploy, f.secret("SLACK_WEBHOOK", nil, nil), 22)
			},
			want: []string{"MEDIUM ACTIONS_SECRET `SLACK_WEBHOOK` of acme"},
		},
		{
			name: "already an environment secret",
			build: func(f *fixture) {
				r, _, deploy := releaseRepo(f, "acme/api")
				f.use(deploy, f.secret("KUBE_TOKEN", nil, r.envNamed("production")), 20)
			},
			want: []string{},
		},
		{
			name: "used outside the environment too",
			build: func(f *fixture) {
				r, build, deploy := releaseRepo(f, "acme/api")
				c := f.secret("NPM_TOKEN", r, nil)
				f.use(deploy, c, 20)
				f.use(build, c, 12)
			},
			want: []string{},
		},
		{
			name: "unknown scope (local scan): may already be an environment secret",
			build: func(f *fixture) {
				r, _, deploy := releaseRepo(f, "acme/api")
				f.use(deploy, f.secret("KUBE_TOKEN", r, nil, func(c *ent.Credential) { c.Scope = "UNKNOWN" }), 20)
			},
			want: []string{},
		},
	})
}

func TestSecretShouldBeEnvironmentScopedGitLab(t *testing.T) {
	runRuleCases(t, "GITLAB", checkShouldBeEnvironmentScoped, []ruleCase{
		{
			name: "project variable with scope * used only by the production job",
			build: func(f *fixture) {
				r := f.repo("acme/api")
				p := f.pipeline(r, ".gitlab-ci.yml", "push")
				f.job(p, "build", "BUILD")
				j := f.job(p, "deploy", "DEPLOY", onEnv("production"))
				f.use(j, f.secret("KUBE_TOKEN", r, nil, func(c *ent.Credential) { c.EnvironmentScope = "*" }), 40)
			},
			want: []string{"MEDIUM CI_VARIABLE `KUBE_TOKEN` of acme/api"},
		},
		{
			name: "variable scoped to production",
			build: func(f *fixture) {
				r := f.repo("acme/api")
				j := f.job(f.pipeline(r, ".gitlab-ci.yml", "push"), "deploy", "DEPLOY", onEnv("production"))
				f.use(j, f.secret("KUBE_TOKEN", r, nil, func(c *ent.Credential) { c.EnvironmentScope = "production" }), 40)
			},
			want: []string{},
		},
	})
}
