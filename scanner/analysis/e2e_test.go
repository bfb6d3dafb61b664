package analysis

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/ent/finding"
	"github.com/privgraph/privgraph/scanner"
	"github.com/privgraph/privgraph/scanner/workflow"
)

// factsSource serves prepared facts, one scan at a time.
type factsSource struct{ facts *scanner.Facts }

func (s *factsSource) Scan(context.Context, string) (*scanner.Facts, error) { return s.facts, nil }

// demoFacts is a GitHub organization whose production environment has
// reviewers when guarded is true.
func demoFacts(guarded bool) *scanner.Facts {
	env := scanner.Environment{Name: "production", Production: true, BranchPolicy: "protected"}
	if guarded {
		env.Protected, env.RequiredReviewers, env.RequiredApprovals, env.PreventSelfReview = true, []string{"acme/sre"}, 1, true
	}
	deploy := workflow.Job{
		Key: "deploy", Name: "deploy", Line: 9, Stage: workflow.StageDeploy, StageReason: "kubectl apply", Environment: "production",
		Permissions: &workflow.Permissions{Raw: "map", Scopes: map[string]string{"contents": "read"}},
		Effective:   map[string]string{"contents": "read"}, PermissionsSource: "job", MinimalPermissions: map[string]string{"contents": "read"},
		References: []workflow.Reference{{Kind: workflow.RefSecret, Name: "KUBE_TOKEN", File: ".github/workflows/release.yml", Line: 15,
			Expression: "${{ secrets.KUBE_TOKEN }}", Via: workflow.ViaEnv}},
	}
	return &scanner.Facts{
		Platform: scanner.GitHub, Target: "acme",
		Owner: scanner.Owner{Name: "acme", DefaultWorkflowPermissions: "read"},
		Repositories: []scanner.Repository{{
			FullName: "acme/api", Visibility: "private", DefaultBranch: "main", DefaultWorkflowPermissions: "read",
			Pipelines: []workflow.Pipeline{{Path: ".github/workflows/release.yml", Kind: workflow.GitHubActions, Triggers: []string{"push"},
				Permissions: &workflow.Permissions{Raw: "map", Scopes: map[string]string{"contents": "read"}}, Jobs: []workflow.Job{deploy}}},
			Environments: []scanner.Environment{env},
			Credentials: []scanner.Credential{{Kind: scanner.ActionsSecret, Name: "KUBE_TOKEN", Scope: scanner.ScopeEnvironment,
				Environment: "production", Active: true}},
			Protections: []scanner.BranchProtection{{Source: "RULESET", Pattern: "main", RequiredApprovals: 1, CodeOwnerReview: true, EnforceAdmins: true}},
			CodeOwners: []scanner.CodeOwnersFile{{Path: ".github/CODEOWNERS",
				Rules: []scanner.CodeOwnersRule{{Pattern: "/.github/", Owners: []string{"@acme/platform"}, Line: 1}}}},
			TeamPermissions: map[string]string{"platform": "admin"},
		}},
		Teams: []scanner.Team{{Name: "Platform", Slug: "platform", RepositoryPermissions: map[string]string{"acme/api": "admin"}}},
	}
}

func scanWith(t *testing.T, c *ent.Client, f *scanner.Facts, now time.Time) *ent.Scan {
	t.Helper()
	s, err := scanner.Run(t.Context(), c, &factsSource{facts: f}, scanner.RunOptions{
		Platform: f.Platform, Target: f.Target, Now: func() time.Time { return now },
		Analyze: func(ctx context.Context, c *ent.Client, id int) error {
			_, err := New(c, Options{Now: func() time.Time { return now }}).Run(ctx, id)
			return err
		},
	})
	if err != nil {
		t.Fatalf("scan: %v", err)
	}
	return s
}

// TestEndToEndThroughIngest scans a well-guarded organization, then one whose
// production reviewers were removed: protection-removed and
// environment-unprotected fire from the recorded changes; restoring the
// reviewers resolves both.
func TestEndToEndThroughIngest(t *testing.T) {
	c := openDB(t)
	ctx := t.Context()
	if s := scanWith(t, c, demoFacts(true), testNow); s.Status != "SUCCEEDED" || s.Findings != 0 {
		t.Fatalf("guarded scan: status %s, %d findings %v; want SUCCEEDED and none", s.Status, s.Findings, findingSummary(t, c))
	}
	scanWith(t, c, demoFacts(false), testNow.Add(time.Hour))
	want := []string{"environment-unprotected OPEN", "protection-removed OPEN"}
	if diff := cmp.Diff(want, findingSummary(t, c)); diff != "" {
		t.Errorf("after reviewers removed (-want +got):\n%s", diff)
	}
	f := c.Finding.Query().Where(finding.Rule("protection-removed")).OnlyX(ctx)
	if f.QueryEnvironment().CountX(ctx) != 1 || f.QueryRepository().CountX(ctx) != 1 {
		t.Errorf("protection-removed lacks its environment or repository edge")
	}
	scanWith(t, c, demoFacts(true), testNow.Add(2*time.Hour))
	for _, f := range c.Finding.Query().AllX(ctx) {
		if f.Status != finding.StatusRESOLVED {
			t.Errorf("after reviewers restored: %s is %s, want RESOLVED", f.Rule, f.Status)
		}
	}
}
