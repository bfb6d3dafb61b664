package analysis

import (
	"strings"
	"testing"

	"github.com/privgraph/privgraph/ent"
)

func TestSecretUnused(t *testing.T) {
	runRuleCases(t, "GITHUB", checkSecretUnused, []ruleCase{
		{
			name: "repository secret nobody references",
			build: func(f *fixture) {
				r, _, _ := releaseRepo(f, "acme/api")
				f.secret("OLD_DEPLOY_KEY", r, nil)
			},
			want: []string{"LOW ACTIONS_SECRET `OLD_DEPLOY_KEY` of acme/api"},
		},
		{
			name: "referenced",
			build: func(f *fixture) {
				r, build, _ := releaseRepo(f, "acme/api")
				f.use(build, f.secret("NPM_TOKEN", r, nil), 12)
			},
			want: []string{},
		},
		{
			name: "dependabot secrets are read by Dependabot, not workflows",
			build: func(f *fixture) {
				r, _, _ := releaseRepo(f, "acme/api")
				f.secret("NPM_TOKEN", r, nil, func(c *ent.Credential) { c.Kind = "DEPENDABOT_SECRET" })
			},
			want: []string{},
		},
	})
}

func TestSecretUnusedGitLab(t *testing.T) {
	runRuleCases(t, "GITLAB", checkSecretUnused, []ruleCase{
		{
			name: "group variable nobody references",
			build: func(f *fixture) {
				f.job(f.pipeline(f.repo("acme/api"), ".gitlab-ci.yml", "push"), "build", "BUILD")
				f.secret("LEGACY_PASSWORD", nil, nil)
			},
			want: []string{"LOW CI_VARIABLE `LEGACY_PASSWORD` of acme"},
		},
		{
			name: "variable tools read from the environment (AWS CLI)",
			build: func(f *fixture) {
				f.job(f.pipeline(f.repo("acme/api"), ".gitlab-ci.yml", "push"), "build", "BUILD")
				f.secret("AWS_SECRET_ACCESS_KEY", nil, nil)
			},
			want: []string{},
		},
	})
}

// TestSecretUnusedUnreadIncludes: a GitLab variable no job references is
// unknown, not unused, when the pipelines include files privgraph did not
// read: the finding drops to INFO and names them.
func TestSecretUnusedUnreadIncludes(t *testing.T) {
	tests := []struct {
		name     string
		includes []string
		parseErr string
		wantSev  string
		wantText string
	}{
		{"local includes only", []string{".gitlab/ci/deploy.yml", "/ci/test.yml", "ci/lint.yml"}, "", Low, ""},
		{"project include", []string{"acme/templates:deploy.yml@v2"}, "", Info, "acme/api: include `acme/templates:deploy.yml@v2`"},
		{"remote include", []string{"https://example.com/ci.yml"}, "", Info, "include `https://example.com/ci.yml`"},
		{"template", []string{"Jobs/SAST.gitlab-ci.yml"}, "", Info, "include `Jobs/SAST.gitlab-ci.yml`"},
		{"component", []string{"gitlab.com/acme/components/deploy@1.0 (pinned)"}, "", Info, "include `gitlab.com/acme/components/deploy@1.0 (pinned)`"},
		{"local pattern", []string{"/ci/*.yml"}, "", Info, "include `/ci/*.yml`"},
		{"a definition that did not parse", nil, ".gitlab-ci.yml:3: bad", Info, "acme/api: .gitlab-ci.yml (did not parse)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture("GITLAB")
			p := f.pipeline(f.repo("acme/api"), ".gitlab-ci.yml", "push")
			p.p.Includes, p.p.ParseError = tc.includes, tc.parseErr
			f.job(p, "build", "BUILD")
			f.secret("LEGACY_PASSWORD", nil, nil)
			cands := checkSecretUnused(f.finish())
			if len(cands) != 1 {
				t.Fatalf("got %d findings, want 1", len(cands))
			}
			c := cands[0]
			if c.severity != tc.wantSev || !strings.Contains(c.detail, tc.wantText) {
				t.Errorf("severity %s, detail %q; want %s and a detail containing %q", c.severity, c.detail, tc.wantSev, tc.wantText)
			}
		})
	}
}

func TestSecretUnusedInheritedByUnreadWorkflow(t *testing.T) {
	tests := []struct {
		name    string
		calls   string
		wantSev string
	}{
		{"callee outside the scan", "other-org/shared/.github/workflows/deploy.yml@v1", Info},
		{"callee in the scan", "acme/shared/.github/workflows/deploy.yml@v1", Low},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture("GITHUB")
			r, _, _ := releaseRepo(f, "acme/api")
			f.job(f.pipeline(r, ".github/workflows/call.yml", "push"), "release", "DEPLOY",
				with(func(j *ent.Job) { j.Calls, j.SecretsInherit = tc.calls, true }))
			f.job(f.pipeline(f.repo("acme/shared"), ".github/workflows/deploy.yml", "workflow_call"), "deploy", "DEPLOY")
			f.secret("OLD_DEPLOY_KEY", r, nil)
			cands := checkSecretUnused(f.finish())
			if len(cands) != 1 || cands[0].severity != tc.wantSev {
				t.Fatalf("findings %v, want one at %s", got(cands), tc.wantSev)
			}
			if tc.wantSev == Info && !strings.Contains(cands[0].detail, "passes every secret to `"+tc.calls+"`") {
				t.Errorf("detail = %q, want it to name the unread callee", cands[0].detail)
			}
		})
	}
}
