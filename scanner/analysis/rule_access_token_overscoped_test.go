package analysis

import (
	"testing"

	"github.com/privgraph/privgraph/ent"
)

func TestAccessTokenOverscoped(t *testing.T) {
	runRuleCases(t, "GITLAB", checkAccessTokenOverscoped, []ruleCase{
		{
			name: "project token with api scope and Maintainer role",
			build: func(f *fixture) {
				f.secret("release-bot", f.repo("acme/api"), nil, func(c *ent.Credential) {
					c.Kind, c.Permissions, c.AccessLevel = "PROJECT_ACCESS_TOKEN", []string{"api", "read_repository"}, "maintainer"
				})
			},
			want: []string{"MEDIUM PROJECT_ACCESS_TOKEN `release-bot` of acme/api: scope `api`, role maintainer"},
		},
		{
			name: "deploy token that writes the repository",
			build: func(f *fixture) {
				f.secret("mirror", nil, nil, func(c *ent.Credential) { c.Kind, c.Permissions = "DEPLOY_TOKEN", []string{"write_repository"} })
			},
			want: []string{"MEDIUM DEPLOY_TOKEN `mirror` of acme: scope `write_repository`"},
		},
		{
			name: "deploy tokens that read or push the registry (their purpose)",
			build: func(f *fixture) {
				f.secret("pull", nil, nil, func(c *ent.Credential) { c.Kind, c.Permissions = "DEPLOY_TOKEN", []string{"read_registry"} })
				f.secret("push", nil, nil, func(c *ent.Credential) {
					c.Kind, c.Permissions = "DEPLOY_TOKEN", []string{"read_registry", "write_registry"}
				})
			},
			want: []string{},
		},
	})
}
