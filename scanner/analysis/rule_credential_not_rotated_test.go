package analysis

import (
	"testing"
	"time"

	"github.com/privgraph/privgraph/ent"
)

func at(d time.Duration) *time.Time { t := testNow.Add(d); return &t }

const day = 24 * time.Hour

func TestCredentialNotRotated(t *testing.T) {
	runRuleCases(t, "GITLAB", checkNotRotated, []ruleCase{
		{
			name: "secret updated 200 days ago",
			build: func(f *fixture) {
				f.secret("DEPLOY_PASSWORD", f.repo("acme/api"), nil, func(c *ent.Credential) { c.UpdatedAt = at(-200 * day) })
			},
			want: []string{"MEDIUM CI_VARIABLE `DEPLOY_PASSWORD` of acme/api"},
		},
		{
			name: "project access token without expiry",
			build: func(f *fixture) {
				f.secret("ci-bot", f.repo("acme/api"), nil, func(c *ent.Credential) { c.Kind, c.CreatedAt = "PROJECT_ACCESS_TOKEN", at(-10*day) })
			},
			want: []string{"MEDIUM PROJECT_ACCESS_TOKEN `ci-bot` of acme/api"},
		},
		{
			name: "deploy token expiring in two years",
			build: func(f *fixture) {
				f.secret("registry", nil, nil, func(c *ent.Credential) { c.Kind, c.ExpiresAt = "DEPLOY_TOKEN", at(730*day) })
			},
			want: []string{"MEDIUM DEPLOY_TOKEN `registry` of acme"},
		},
		{
			name: "fresh secret, token expiring in 30 days, revoked old token, unknown dates",
			build: func(f *fixture) {
				r := f.repo("acme/api")
				f.secret("FRESH", r, nil, func(c *ent.Credential) { c.UpdatedAt = at(-10 * day) })
				f.secret("bot", r, nil, func(c *ent.Credential) { c.Kind, c.ExpiresAt = "PROJECT_ACCESS_TOKEN", at(30*day) })
				f.secret("old", r, nil, func(c *ent.Credential) { c.Kind, c.Active = "PROJECT_ACCESS_TOKEN", false })
				f.secret("LOCAL_ONLY", r, nil)
			},
			want: []string{},
		},
	})
}
