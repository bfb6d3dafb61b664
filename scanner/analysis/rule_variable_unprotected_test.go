package analysis

import (
	"strings"
	"testing"

	"github.com/privgraph/privgraph/ent"
)

func TestVariableUnprotected(t *testing.T) {
	runRuleCases(t, "GITLAB", checkVariableUnprotected, []ruleCase{
		{
			name: "deploy job reads an unprotected variable",
			build: func(f *fixture) {
				r := f.repo("acme/api")
				j := f.job(f.pipeline(r, ".gitlab-ci.yml", "push"), "deploy", "DEPLOY", onEnv("production"))
				f.use(j, f.secret("KUBE_TOKEN", r, nil), 40)
			},
			want: []string{"HIGH CI_VARIABLE `KUBE_TOKEN` of acme/api"},
		},
		{
			name: "protected",
			build: func(f *fixture) {
				r := f.repo("acme/api")
				j := f.job(f.pipeline(r, ".gitlab-ci.yml", "push"), "deploy", "DEPLOY", onEnv("production"))
				f.use(j, f.secret("KUBE_TOKEN", r, nil, func(c *ent.Credential) { c.Protected = true }), 40)
			},
			want: []string{},
		},
		{
			name: "read by tests only",
			build: func(f *fixture) {
				r := f.repo("acme/api")
				f.use(f.job(f.pipeline(r, ".gitlab-ci.yml", "push"), "test", "TEST"), f.secret("SONAR_TOKEN", r, nil), 12)
			},
			want: []string{},
		},
	})
}

// TestVariableUnprotectedRemediation: the fix names the users that can run
// on unprotected branches (Job.protected_refs_only false), where a protected
// variable is empty.
func TestVariableUnprotectedRemediation(t *testing.T) {
	tests := []struct {
		name          string
		protectedOnly bool
		want, notWant string
	}{
		{"deploy job runs on any branch", false, "`deploy` (.gitlab-ci.yml:1) can run there: limit them", "already run only"},
		{"deploy job runs on protected refs only", true, "Its users already run only on protected branches or tags", "CI_COMMIT_REF_PROTECTED"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture("GITLAB")
			r := f.repo("acme/api")
			j := f.job(f.pipeline(r, ".gitlab-ci.yml", "push"), "deploy", "DEPLOY", onEnv("production"),
				with(func(j *ent.Job) { j.ProtectedRefsOnly, j.Line = tc.protectedOnly, 1 }))
			f.use(j, f.secret("KUBE_TOKEN", r, nil), 40)
			cands := checkVariableUnprotected(f.finish())
			if len(cands) != 1 {
				t.Fatalf("got %d findings, want 1", len(cands))
			}
			rem := cands[0].remediation
			if !strings.Contains(rem, tc.want) || strings.Contains(rem, tc.notWant) {
				t.Errorf("remediation = %q, want it to contain %q and not %q", rem, tc.want, tc.notWant)
			}
		})
	}
}
