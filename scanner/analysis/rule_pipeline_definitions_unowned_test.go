package analysis

import (
	"testing"

	"github.com/privgraph/privgraph/ent/schema"
)

func TestPipelineDefinitionsUnowned(t *testing.T) {
	runRuleCases(t, "GITHUB", checkPipelinesUnowned, []ruleCase{
		{
			name: "no CODEOWNERS file",
			build: func(f *fixture) {
				f.job(f.pipeline(f.repo("acme/api"), ".github/workflows/ci.yml", "push"), "build", "BUILD")
			},
			want: []string{"MEDIUM acme/api: no CODEOWNERS file"},
		},
		{
			name: "CODEOWNERS covers docs only",
			build: func(f *fixture) {
				r := f.repo("acme/api")
				f.job(f.pipeline(r, ".github/workflows/ci.yml", "push"), "build", "BUILD")
				withCodeOwners(r, ".github/CODEOWNERS", schema.CodeOwnersRule{Pattern: "/docs/", Owners: []string{"@acme/docs"}, Line: 1})
			},
			want: []string{"MEDIUM .github/CODEOWNERS: no rule with owners covers `.github/workflows/ci.yml`"},
		},
		{
			name: "a later rule without owners unsets ownership",
			build: func(f *fixture) {
				r := f.repo("acme/api")
				f.job(f.pipeline(r, ".github/workflows/ci.yml", "push"), "build", "BUILD")
				withCodeOwners(r, "CODEOWNERS", schema.CodeOwnersRule{Pattern: "*", Owners: []string{"@acme/dev"}, Line: 1},
					schema.CodeOwnersRule{Pattern: "/.github/workflows/", Line: 2})
			},
			want: []string{"MEDIUM CODEOWNERS: no rule with owners covers `.github/workflows/ci.yml`"},
		},
		{
			name: "covered by a directory rule, a catch-all, and a GitLab rule",
			build: func(f *fixture) {
				a := f.repo("acme/a")
				f.job(f.pipeline(a, ".github/workflows/ci.yml", "push"), "build", "BUILD")
				withCodeOwners(a, ".github/CODEOWNERS", schema.CodeOwnersRule{Pattern: "/.github/workflows/", Owners: []string{"@acme/platform"}, Line: 3})
				b := f.repo("acme/b")
				f.job(f.pipeline(b, ".github/workflows/ci.yml", "push"), "build", "BUILD")
				withCodeOwners(b, "CODEOWNERS", schema.CodeOwnersRule{Pattern: "*", Owners: []string{"@alice"}, Line: 1})
				c := f.repo("acme/c")
				f.job(f.pipeline(c, ".gitlab-ci.yml", "push"), "build", "BUILD")
				withCodeOwners(c, ".gitlab/CODEOWNERS", schema.CodeOwnersRule{Pattern: ".gitlab-ci.yml", Owners: []string{"@acme/platform"}, Line: 2})
			},
			want: []string{},
		},
	})
}

func TestOwnersOfPipelineFiles(t *testing.T) {
	tests := []struct {
		pattern, file string
		want          bool
	}{
		{"*", ".github/workflows/ci.yml", true},
		{"/.github/", ".github/workflows/ci.yml", true},
		{".github/workflows/", ".github/workflows/ci.yml", true},
		{"/.github/workflows/*.yml", ".github/workflows/ci.yml", true},
		{"*.yml", ".github/workflows/ci.yml", true},
		{"**/workflows/", ".github/workflows/ci.yml", true},
		{"/.github/workflows", ".github/workflows/ci.yml", true},
		{"/docs/", ".github/workflows/ci.yml", false},
		{"/ci.yml", ".github/workflows/ci.yml", false},
		{"*.md", ".gitlab-ci.yml", false},
		{"/.gitlab-ci.yml", ".gitlab-ci.yml", true},
		{"Jenkinsfile", "Jenkinsfile", true},
	}
	for _, tc := range tests {
		if got := len(ownersOf([]schema.CodeOwnersRule{{Pattern: tc.pattern, Owners: []string{"@acme/x"}}}, tc.file)) > 0; got != tc.want {
			t.Errorf("ownersOf(%q, %q) non-empty = %v, want %v", tc.pattern, tc.file, got, tc.want)
		}
	}
}
