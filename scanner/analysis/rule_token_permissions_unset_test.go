package analysis

import (
	"testing"

	"github.com/privgraph/privgraph/ent"
)

func TestTokenPermissionsUnset(t *testing.T) {
	runRuleCases(t, "GITHUB", checkPermissionsUnset, []ruleCase{
		{
			name: "no block, repository default write: high",
			build: func(f *fixture) {
				r := f.repo("acme/api", func(r *ent.Repository) { r.DefaultWorkflowPermissions = "write" })
				f.job(f.pipeline(r, ".github/workflows/ci.yml", "push"), "test", "TEST", perms("default", "contents:write"))
			},
			want: []string{"HIGH .github/workflows/ci.yml:10 job `test`"},
		},
		{
			name: "no block, default unknown (local scan): medium",
			build: func(f *fixture) {
				f.job(f.pipeline(f.repo("acme/api"), ".github/workflows/ci.yml", "push"), "test", "TEST", perms("unknown"))
			},
			want: []string{"MEDIUM .github/workflows/ci.yml:10 job `test`"},
		},
		{
			name: "organization forces read: medium even if the repository says write",
			build: func(f *fixture) {
				f.owner().DefaultWorkflowPermissions = "read"
				r := f.repo("acme/api", func(r *ent.Repository) { r.DefaultWorkflowPermissions = "write" })
				f.job(f.pipeline(r, ".github/workflows/ci.yml", "push"), "test", "TEST", perms("default", "contents:read"))
			},
			want: []string{"MEDIUM .github/workflows/ci.yml:10 job `test`"},
		},
		{
			name: "workflow block set",
			build: func(f *fixture) {
				p := f.pipeline(f.repo("acme/api"), ".github/workflows/ci.yml", "push")
				p.p.PermissionsRaw = "map"
				f.job(p, "test", "TEST")
			},
			want: []string{},
		},
		{
			name: "GitLab jobs have no GITHUB_TOKEN",
			build: func(f *fixture) {
				r := f.repo("acme/api", func(r *ent.Repository) { r.Platform = "GITLAB" })
				f.job(f.pipeline(r, ".gitlab-ci.yml", "push"), "test", "TEST", perms("unknown"))
			},
			want: []string{},
		},
	})
}
