package analysis

import (
	"testing"

	"github.com/privgraph/privgraph/ent"
)

func TestDeployKeyWriteAccess(t *testing.T) {
	runRuleCases(t, "GITHUB", checkDeployKeyWrite, []ruleCase{
		{
			name: "write key",
			build: func(f *fixture) {
				f.secret("mirror", f.repo("acme/api"), nil, func(c *ent.Credential) { c.Kind = "DEPLOY_KEY" })
			},
			want: []string{"MEDIUM DEPLOY_KEY `mirror` of acme/api: read_only = false"},
		},
		{
			name: "read-only key",
			build: func(f *fixture) {
				f.secret("ci", f.repo("acme/api"), nil, func(c *ent.Credential) { c.Kind, c.ReadOnly = "DEPLOY_KEY", true })
			},
			want: []string{},
		},
	})
}
