package analysis

import (
	"testing"
)

var writeAll = []string{"actions:write", "attestations:write", "checks:write", "contents:write", "deployments:write", "discussions:write",
	"id-token:write", "issues:write", "packages:write", "pages:write", "pull-requests:write", "security-events:write", "statuses:write"}

func TestTokenPermissionsWriteAll(t *testing.T) {
	runRuleCases(t, "GITHUB", checkWriteAll, []ruleCase{
		{
			name: "workflow-level write-all",
			build: func(f *fixture) {
				p := f.pipeline(f.repo("acme/api"), ".github/workflows/ci.yml", "push")
				p.p.PermissionsRaw, p.p.Permissions = "write-all", writeAll
				f.job(p, "build", "BUILD", perms("workflow", writeAll...))
			},
			want: []string{"HIGH .github/workflows/ci.yml: top-level `permissions: write-all`"},
		},
		{
			name: "job-level write-all",
			build: func(f *fixture) {
				p := f.pipeline(f.repo("acme/api"), ".github/workflows/release.yml", "push")
				f.job(p, "release", "DEPLOY", perms("job", writeAll...))
			},
			want: []string{"HIGH .github/workflows/release.yml:10 job `release` sets `permissions: write-all`"},
		},
		{
			name: "explicit scopes with a few writes",
			build: func(f *fixture) {
				p := f.pipeline(f.repo("acme/api"), ".github/workflows/release.yml", "push")
				f.job(p, "release", "DEPLOY", perms("job", "contents:write", "packages:write", "id-token:write"))
			},
			want: []string{},
		},
	})
}
