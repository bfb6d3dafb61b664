package analysis

import (
	"strings"
	"testing"

	"github.com/privgraph/privgraph/ent"
)

func TestSecretExposedBeyondNeed(t *testing.T) {
	runRuleCases(t, "GITHUB", checkExposedBeyondNeed, []ruleCase{
		{
			name: "repository secret used by deploy and build: readable by test too",
			build: func(f *fixture) {
				r, build, deploy := releaseRepo(f, "acme/api")
				npm := f.secret("NPM_TOKEN", r, nil)
				f.use(deploy, npm, 20)
				f.use(build, npm, 12)
			},
			want: []string{"MEDIUM ACTIONS_SECRET `NPM_TOKEN` of acme/api"},
		},
		{
			name: "read by a job running pull-request code: high",
			build: func(f *fixture) {
				r := f.repo("acme/web")
				j := f.job(f.pipeline(r, ".github/workflows/preview.yml", "pull_request_target"), "preview", "STAGE",
					with(func(j *ent.Job) { j.UntrustedCheckout = true }))
				f.use(j, f.secret("NETLIFY_TOKEN", r, nil), 14)
			},
			want: []string{"HIGH ACTIONS_SECRET `NETLIFY_TOKEN` of acme/web"},
		},
		{
			name: "only used in one environment: left to secret-should-be-environment-scoped",
			build: func(f *fixture) {
				r, _, deploy := releaseRepo(f, "acme/api")
				f.use(deploy, f.secret("KUBE_TOKEN", r, nil), 20)
			},
			want: []string{},
		},
		{
			name: "environment secret used by its deploy job",
			build: func(f *fixture) {
				r, _, deploy := releaseRepo(f, "acme/api")
				f.use(deploy, f.secret("KUBE_TOKEN", nil, r.envNamed("production")), 20)
			},
			want: []string{},
		},
		{
			name: "local scan: unknown scope assumed repository-wide",
			build: func(f *fixture) {
				r, build, _ := releaseRepo(f, "acme/api")
				f.use(build, f.secret("SONAR_TOKEN", r, nil, func(c *ent.Credential) { c.Scope = "UNKNOWN" }), 15)
			},
			want: []string{"MEDIUM `SONAR_TOKEN` referenced at .github/workflows/ci.yml:15 (scope unknown)"},
		},
		{
			name: "secret input of a reusable workflow: judged at the callers",
			build: func(f *fixture) {
				r := f.repo("acme/shared")
				p := f.pipeline(r, ".github/workflows/publish.yml", "workflow_call")
				p.p.Reusable = true
				f.job(p, "build", "BUILD")
				j := f.job(p, "publish", "DEPLOY")
				f.use(j, f.secret("PYPI_TOKEN", r, nil, func(c *ent.Credential) { c.Scope = "UNKNOWN" }), 30)
			},
			want: []string{},
		},
	})
}

// TestExposedBeyondNeedGitLabFix: the fix for a GitLab variable scopes it
// to an environment, puts the jobs that use it into that environment, and
// says what `protected` does and does not do.
func TestExposedBeyondNeedGitLabFix(t *testing.T) {
	tests := []struct {
		name      string
		protected bool
		want      []string
	}{
		{"unprotected", false, []string{"set *Environment scope* to `production`",
			"Then add `environment: production` to `publish` (.gitlab-ci.yml:30)", "Mark it *Protected* too."}},
		{"protected", true, []string{"set *Environment scope* to `production`",
			"Then add `environment: production` to `publish` (.gitlab-ci.yml:30)",
			"It is *Protected* already, which only keeps it from pipelines of unprotected branches"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture("GITLAB")
			r := f.repo("acme/shop")
			p := f.pipeline(r, ".gitlab-ci.yml", "push")
			f.job(p, "build", "BUILD")
			f.job(p, "test", "TEST")
			publish := f.job(p, "publish", "DEPLOY", with(func(j *ent.Job) { j.ProtectedRefsOnly, j.Line = true, 30 }))
			f.use(publish, f.secret("NPM_TOKEN", r, nil, func(c *ent.Credential) { c.Protected = tc.protected }), 32)
			cands := checkExposedBeyondNeed(f.finish())
			if len(cands) != 1 {
				t.Fatalf("got %d findings, want 1", len(cands))
			}
			for _, w := range tc.want {
				if !strings.Contains(cands[0].remediation, w) {
					t.Errorf("remediation = %q, want it to contain %q", cands[0].remediation, w)
				}
			}
		})
	}
}
