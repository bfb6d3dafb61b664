package analysis

import (
	"testing"

	"github.com/privgraph/privgraph/ent"
)

func TestOrgSecretVisibilityTooBroad(t *testing.T) {
	runRuleCases(t, "GITHUB", checkOrgVisibility, []ruleCase{
		{
			name: "visibility all, one of five repositories uses it",
			build: func(f *fixture) {
				c := f.secret("NPM_TOKEN", nil, nil, func(c *ent.Credential) { c.Visibility = "all" })
				for i, n := range []string{"acme/a", "acme/b", "acme/c", "acme/d", "acme/e"} {
					j := f.job(f.pipeline(f.repo(n), ".github/workflows/ci.yml", "push"), "build", "BUILD")
					if i == 0 {
						f.use(j, c, 12)
					}
				}
			},
			want: []string{`MEDIUM ACTIONS_SECRET ` + "`NPM_TOKEN`" + ` of acme (visibility "all")`},
		},
		{
			name: "selected repositories that all use it",
			build: func(f *fixture) {
				c := f.secret("NPM_TOKEN", nil, nil, func(c *ent.Credential) { c.Visibility, c.SelectedRepositories = "selected", []string{"a", "b"} })
				for _, n := range []string{"acme/a", "acme/b", "acme/c", "acme/d", "acme/e"} {
					j := f.job(f.pipeline(f.repo(n), ".github/workflows/ci.yml", "push"), "build", "BUILD")
					if n == "acme/a" || n == "acme/b" {
						f.use(j, c, 12)
					}
				}
			},
			want: []string{},
		},
		{
			name: "visibility private skips public repositories",
			build: func(f *fixture) {
				c := f.secret("NPM_TOKEN", nil, nil, func(c *ent.Credential) { c.Visibility = "private" })
				for i, n := range []string{"acme/a", "acme/b", "acme/c", "acme/d", "acme/e"} {
					r := f.repo(n, func(r *ent.Repository) { r.Visibility = "public" })
					if i == 0 {
						r.r.Visibility = "private"
					}
					j := f.job(f.pipeline(r, ".github/workflows/ci.yml", "push"), "build", "BUILD")
					if i == 0 {
						f.use(j, c, 12)
					}
				}
			},
			want: []string{},
		},
	})
}
