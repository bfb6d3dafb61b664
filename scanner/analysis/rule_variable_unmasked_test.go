package analysis

import (
	"testing"

	"github.com/privgraph/privgraph/ent"
)

func TestVariableUnmasked(t *testing.T) {
	runRuleCases(t, "GITLAB", checkVariableUnmasked, []ruleCase{
		{
			name:  "token not masked",
			build: func(f *fixture) { f.secret("REGISTRY_TOKEN", f.repo("acme/api"), nil) },
			want:  []string{"MEDIUM CI_VARIABLE `REGISTRY_TOKEN` of acme/api"},
		},
		{
			name: "masked, hidden, or not credential-like",
			build: func(f *fixture) {
				r := f.repo("acme/api")
				f.secret("DEPLOY_PASSWORD", r, nil, func(c *ent.Credential) { c.Masked = true })
				f.secret("SIGNING_KEY", r, nil, func(c *ent.Credential) { c.Hidden = true })
				f.secret("DOCKER_IMAGE", r, nil)
			},
			want: []string{},
		},
	})
}
