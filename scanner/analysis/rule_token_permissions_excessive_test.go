package analysis

import (
	"strings"
	"testing"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/scanner/workflow"
)

func TestTokenPermissionsExcessive(t *testing.T) {
	runRuleCases(t, "GITHUB", checkPermissionsExcessive, []ruleCase{
		{
			name: "workflow grants pull-requests write the job never uses (cli/cli prauto shape)",
			build: func(f *fixture) {
				p := f.pipeline(f.repo("acme/cli"), ".github/workflows/prauto.yml", "pull_request_target")
				f.job(p, "pr-auto", "UNKNOWN", perms("workflow", "issues:write", "pull-requests:write"), needs())
			},
			want: []string{"MEDIUM .github/workflows/prauto.yml:10 job `pr-auto`"},
		},
		{
			name: "needs match the block",
			build: func(f *fixture) {
				p := f.pipeline(f.repo("acme/api"), ".github/workflows/release.yml", "push")
				f.job(p, "release", "DEPLOY", perms("job", "contents:write", "id-token:write"), needs("contents:write", "id-token:write"))
			},
			want: []string{},
		},
		{
			name: "unknown steps: no verdict",
			build: func(f *fixture) {
				p := f.pipeline(f.repo("acme/api"), ".github/workflows/release.yml", "push")
				f.job(p, "release", "DEPLOY", perms("job", "contents:write"), needs(), with(func(j *ent.Job) { j.UnknownSteps = []string{"vendor/custom-action"} }))
			},
			want: []string{},
		},
		{
			name: "a script handed the token: no verdict",
			build: func(f *fixture) {
				p := f.pipeline(f.repo("acme/api"), ".github/workflows/label.yml", "pull_request")
				f.job(p, "label", "UNKNOWN", perms("job", "pull-requests:write"), needs(),
					steps(workflow.Step{Line: 14, Run: "gh pr edit --add-label x", Token: true}))
			},
			want: []string{},
		},
	})
}

// TestExcessNeverCountsMetadata: GitHub grants every token metadata read,
// whatever the block says, so it is never beyond need, neither in the
// finding nor in the GITHUB_TOKEN's over-scope reasons nor in the block the
// remediation writes.
func TestExcessNeverCountsMetadata(t *testing.T) {
	f := newFixture("GITHUB")
	r := f.repo("acme/api")
	p := f.pipeline(r, ".github/workflows/triage.yml", "issues")
	j := f.job(p, "triage", "UNKNOWN", perms("job", "contents:read", "metadata:read", "metadata:write", "issues:write"), needs("contents:read"))
	ok := f.job(p, "read", "UNKNOWN", perms("job", "contents:read", "metadata:read"), needs("contents:read"))
	tok := f.secret("GITHUB_TOKEN", r, nil, func(c *ent.Credential) { c.Kind = "GITHUB_TOKEN" })
	s := f.finish()
	if got := excessWrites(j); len(got) != 1 || got[0] != "issues: write" {
		t.Errorf("excessWrites(triage) = %q, want [issues: write]", got)
	}
	if got := excessWrites(ok); len(got) != 0 {
		t.Errorf("excessWrites(read) = %q, want none", got)
	}
	cands := checkPermissionsExcessive(s)
	if len(cands) != 1 {
		t.Fatalf("findings = %v, want one for triage", got(cands))
	}
	for _, text := range []string{cands[0].title, cands[0].remediation} {
		if strings.Contains(text, "metadata") {
			t.Errorf("finding mentions metadata: %q", text)
		}
	}
	for _, reason := range tok.reasons {
		if strings.Contains(reason, "metadata") {
			t.Errorf("GITHUB_TOKEN reason mentions metadata: %q", reason)
		}
	}
	held := 0
	for _, reason := range tok.reasons {
		if strings.Contains(reason, " holds ") {
			held++
			if reason != "job `triage` (.github/workflows/triage.yml:10) holds issues: write beyond what its steps need" {
				t.Errorf("GITHUB_TOKEN reason = %q, want only triage's issues: write", reason)
			}
		}
	}
	if held != 1 {
		t.Errorf("GITHUB_TOKEN reasons = %q, want one job holding more than it needs", tok.reasons)
	}
}
