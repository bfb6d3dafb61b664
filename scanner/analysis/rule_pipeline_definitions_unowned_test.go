package analysis

import (
	"testing"

	"github.com/privgraph/privgraph/ent/pipeline"
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
			remedy: map[string][]string{"MEDIUM acme/api: no CODEOWNERS file": {
				"Add to `.github/CODEOWNERS`:", "/.github/workflows/ @acme/platform-team\n/.github/CODEOWNERS @acme/platform-team\n",
				"**Settings → Branches → Require review from Code Owners**",
				"`PUT /repos/acme/api/branches/main/protection` with `required_pull_request_reviews.require_code_owner_reviews: true`"}},
			notRemedy: []string{"@/", "{branch}", "gitlab", "Jenkinsfile"},
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

func TestPipelineDefinitionsUnownedGitLab(t *testing.T) {
	runRuleCases(t, "GITLAB", checkPipelinesUnowned, []ruleCase{{
		name: "no CODEOWNERS file in a subgroup project",
		build: func(f *fixture) {
			f.job(f.pipeline(f.repo("acme/platform/api"), ".gitlab-ci.yml", "push"), "build", "BUILD")
		},
		want: []string{"MEDIUM acme/platform/api: no CODEOWNERS file"},
		remedy: map[string][]string{"MEDIUM acme/platform/api: no CODEOWNERS file": {
			"Add to `CODEOWNERS`:\n\n```\n/.gitlab-ci.yml @acme/platform-team\n/CODEOWNERS @acme/platform-team\n```",
			"**Settings → Repository → Protected branches → Code owner approval**",
			"`PATCH /projects/acme%2Fplatform%2Fapi/protected_branches/main` with `code_owner_approval_required=true`"}},
		notRemedy: []string{".github", "/repos/", "@/", ":id"},
	}, {
		name: "a .gitlab/CODEOWNERS that misses the pipeline: extend that file",
		build: func(f *fixture) {
			r := f.repo("acme/web")
			f.job(f.pipeline(r, ".gitlab-ci.yml", "push"), "build", "BUILD")
			withCodeOwners(r, ".gitlab/CODEOWNERS", schema.CodeOwnersRule{Pattern: "/docs/", Owners: []string{"@acme/docs"}, Line: 1})
		},
		want: []string{"MEDIUM .gitlab/CODEOWNERS: no rule with owners covers `.gitlab-ci.yml`"},
		remedy: map[string][]string{"MEDIUM .gitlab/CODEOWNERS: no rule with owners covers `.gitlab-ci.yml`": {
			"Add to `.gitlab/CODEOWNERS`:\n\n```\n/.gitlab-ci.yml @acme/platform-team\n/.gitlab/CODEOWNERS @acme/platform-team\n```"}},
		notRemedy: []string{".github"},
	}})
}

// TestPipelineDefinitionsUnownedLocal: a local scan knows neither the
// organization nor, for a Jenkinsfile, the host; the suggestion covers the
// files it found, with a handle that is valid syntax and said to be a
// placeholder.
func TestPipelineDefinitionsUnownedLocal(t *testing.T) {
	kind := func(p *pipeInfo, k string) *pipeInfo { p.p.Kind = pipeline.Kind(k); return p }
	runRuleCases(t, "LOCAL", checkPipelinesUnowned, []ruleCase{
		{
			name: "Jenkinsfile only",
			build: func(f *fixture) {
				f.job(kind(f.pipeline(f.repo("billing"), "Jenkinsfile"), "JENKINS"), "Deploy", "DEPLOY")
			},
			want: []string{"MEDIUM billing: no CODEOWNERS file"},
			remedy: map[string][]string{"MEDIUM billing: no CODEOWNERS file": {
				"Add to `CODEOWNERS`:\n\n```\n/Jenkinsfile @your-org/platform-team\n/CODEOWNERS @your-org/platform-team\n```",
				"`@your-org/platform-team` is a placeholder", "Require review from Code Owners", "Code owner approval"}},
			notRemedy: []string{"@/", ".github/", "/repos/", "/projects/", ".gitlab-ci.yml"},
		},
		{
			name: ".gitlab-ci.yml only",
			build: func(f *fixture) {
				f.job(kind(f.pipeline(f.repo("site"), ".gitlab-ci.yml"), "GITLAB_CI"), "build", "BUILD")
			},
			want: []string{"MEDIUM site: no CODEOWNERS file"},
			remedy: map[string][]string{"MEDIUM site: no CODEOWNERS file": {
				"Add to `CODEOWNERS`:\n\n```\n/.gitlab-ci.yml @your-org/platform-team\n/CODEOWNERS @your-org/platform-team\n```",
				"**Settings → Repository → Protected branches → Code owner approval**"}},
			notRemedy: []string{"@/", ".github/", "/repos/", "/projects/", "Jenkinsfile"},
		},
		{
			name: "GitHub workflows and a Jenkinsfile",
			build: func(f *fixture) {
				r := f.repo("acme__tool")
				f.job(f.pipeline(r, ".github/workflows/ci.yml", "push"), "build", "BUILD")
				f.job(kind(f.pipeline(r, "ci/Jenkinsfile.release"), "JENKINS"), "Release", "DEPLOY")
			},
			want: []string{"MEDIUM acme__tool: no CODEOWNERS file"},
			remedy: map[string][]string{"MEDIUM acme__tool: no CODEOWNERS file": {
				"Add to `.github/CODEOWNERS`:\n\n```\n/.github/workflows/ @your-org/platform-team\n/ci/Jenkinsfile.release @your-org/platform-team\n/.github/CODEOWNERS @your-org/platform-team\n```",
				"placeholder", "**Settings → Branches → Require review from Code Owners**"}},
			notRemedy: []string{"@/", "/repos/", "Code owner approval"},
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
