package analysis

import (
	"testing"

	"github.com/privgraph/privgraph/ent"
)

func TestVariableUnprotected(t *testing.T) {
	runRuleCases(t, "GITLAB", checkVariableUnprotected, []ruleCase{
		{
			name: "deploy job reads an unprotected variable",
			build: func(f *fixture) {
				r := f.repo("acme/api")
				j := f.job(f.pipeline(r, ".gitlab-ci.yml", "push"), "deploy", "DEPLOY", onEnv("production"))
				f.use(j, f.secret("KUBE_TOKEN", r, nil), 40)
			},
			want: []string{"HIGH CI_VARIABLE `KUBE_TOKEN` of acme/api"},
		},
		{
			name: "protected",
			build: func(f *fixture) {
				r := f.repo("acme/api")
				j := f.job(f.pipeline(r, ".gitlab-ci.yml", "push"), "deploy", "DEPLOY", onEnv("production"))
				f.use(j, f.secret("KUBE_TOKEN", r, nil, func(c *ent.Credential) { c.Protected = true }), 40)
			},
			want: []string{},
		},
		{
			name: "read by tests only",
			build: func(f *fixture) {
				r := f.repo("acme/api")
				f.use(f.job(f.pipeline(r, ".gitlab-ci.yml", "push"), "test", "TEST"), f.secret("SONAR_TOKEN", r, nil), 12)
			},
			want: []string{},
		},
	})
}
