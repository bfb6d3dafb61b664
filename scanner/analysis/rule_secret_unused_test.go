package analysis

import (
	"testing"

	"github.com/privgraph/privgraph/ent"
)

func TestSecretUnused(t *testing.T) {
	runRuleCases(t, "GITHUB", checkSecretUnused, []ruleCase{
		{
			name: "repository secret nobody references",
			build: func(f *fixture) {
				r, _, _ := releaseRepo(f, "acme/api")
				f.secret("OLD_DEPLOY_KEY", r, nil)
			},
			want: []string{"LOW ACTIONS_SECRET `OLD_DEPLOY_KEY` of acme/api"},
		},
		{
			name: "referenced",
			build: func(f *fixture) {
				r, build, _ := releaseRepo(f, "acme/api")
				f.use(build, f.secret("NPM_TOKEN", r, nil), 12)
			},
			want: []string{},
		},
		{
			name: "dependabot secrets are read by Dependabot, not workflows",
			build: func(f *fixture) {
				r, _, _ := releaseRepo(f, "acme/api")
				f.secret("NPM_TOKEN", r, nil, func(c *ent.Credential) { c.Kind = "DEPENDABOT_SECRET" })
			},
			want: []string{},
		},
	})
}

func TestSecretUnusedGitLab(t *testing.T) {
	runRuleCases(t, "GITLAB", checkSecretUnused, []ruleCase{
		{
			name: "group variable nobody references",
			build: func(f *fixture) {
				f.job(f.pipeline(f.repo("acme/api"), ".gitlab-ci.yml", "push"), "build", "BUILD")
				f.secret("LEGACY_PASSWORD", nil, nil)
			},
			want: []string{"LOW CI_VARIABLE `LEGACY_PASSWORD` of acme"},
		},
		{
			name: "variable tools read from the environment (AWS CLI)",
			build: func(f *fixture) {
				f.job(f.pipeline(f.repo("acme/api"), ".gitlab-ci.yml", "push"), "build", "BUILD")
				f.secret("AWS_SECRET_ACCESS_KEY", nil, nil)
			},
			want: []string{},
		},
	})
}
