package analysis

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/ent/schema"
)

// seedTeams adds acme/web (owned through CODEOWNERS by @acme/frontend) and
// teams platform (admin on acme/api) and readers (read on acme/api).
func seedTeams(t *testing.T, c *ent.Client, o org) {
	t.Helper()
	ctx := t.Context()
	web := c.Repository.Create().SetKey("github:acme/web").SetPlatform("GITHUB").SetFullName("acme/web").SetOwner(o.owner).SaveX(ctx)
	c.CodeOwners.Create().SetKey("github:acme/web|co:CODEOWNERS").SetPath("CODEOWNERS").SetRepository(web).
		SetRules([]schema.CodeOwnersRule{{Pattern: "/.github/workflows/", Owners: []string{"@acme/frontend"}, Line: 4}}).ExecX(ctx)
	p := c.Pipeline.Create().SetKey("github:acme/web#.github/workflows/ci.yml").SetKind("GITHUB_ACTIONS").SetPath(".github/workflows/ci.yml").
		SetTriggers([]string{"push"}).SetRepository(web).SaveX(ctx)
	jobCreate(c, p, "publish", "DEPLOY", 7).ExecX(ctx)
	c.Team.Create().SetKey("github:acme|team:platform").SetName("Platform").SetSlug("platform").SetOwner(o.owner).
		SetRepositoryPermissions([]string{"acme/api:admin"}).AddRepositories(o.repo).ExecX(ctx)
	c.Team.Create().SetKey("github:acme|team:readers").SetName("Readers").SetSlug("readers").SetOwner(o.owner).
		SetRepositoryPermissions([]string{"acme/api:pull"}).AddRepositories(o.repo).ExecX(ctx)
}

func checklistFixture(t *testing.T) *ent.Client {
	t.Helper()
	c := openDB(t)
	o := seedOrg(t, c)
	seedTeams(t, c, o)
	if _, err := analyzer(c, testNow).Run(t.Context(), o.scan.ID); err != nil {
		t.Fatalf("Run: %v", err)
	}
	return c
}

func TestChecklistFilters(t *testing.T) {
	c := checklistFixture(t)
	tests := []struct {
		name   string
		filter ChecklistFilter
		want   []string // repository rule severity
	}{
		{"everyone", ChecklistFilter{}, []string{
			"acme/api secret-in-untrusted-trigger CRITICAL", "acme/api secret-exposed-beyond-need HIGH", "acme/api deploy-key-write-access MEDIUM",
			"acme/web default-branch-unprotected HIGH", "acme/web deploy-without-environment HIGH",
		}},
		{"team by admin permission", ChecklistFilter{Team: "platform"}, []string{
			"acme/api secret-in-untrusted-trigger CRITICAL", "acme/api secret-exposed-beyond-need HIGH", "acme/api deploy-key-write-access MEDIUM",
		}},
		{"team by CODEOWNERS of the pipelines", ChecklistFilter{Team: "frontend"}, []string{
			"acme/web default-branch-unprotected HIGH", "acme/web deploy-without-environment HIGH",
		}},
		{"team with read access owns nothing", ChecklistFilter{Team: "readers"}, []string{}},
		{"one repository, high and above", ChecklistFilter{Repository: "acme/api", MinSeverity: "high"}, []string{
			"acme/api secret-in-untrusted-trigger CRITICAL", "acme/api secret-exposed-beyond-need HIGH",
		}},
		{"resolved only", ChecklistFilter{Statuses: []string{"RESOLVED"}}, []string{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			items, err := Checklist(t.Context(), c, tc.filter)
			if err != nil {
				t.Fatalf("Checklist: %v", err)
			}
			got := []string{}
			for _, it := range items {
				got = append(got, it.Repository+" "+it.Rule+" "+it.Severity)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Checklist(%+v) (-want +got):\n%s", tc.filter, diff)
			}
		})
	}
	if _, err := Checklist(t.Context(), c, ChecklistFilter{Team: "nosuch"}); !isValidation(err) {
		t.Errorf("Checklist of an unknown team: err = %v, want a ValidationError", err)
	}
	if _, err := Checklist(t.Context(), c, ChecklistFilter{Statuses: []string{"DONE"}}); !isValidation(err) {
		t.Errorf("Checklist with status DONE: err = %v, want a ValidationError", err)
	}
}

func isValidation(err error) bool {
	var ve *ValidationError
	return errors.As(err, &ve)
}

func TestWriteMarkdown(t *testing.T) {
	c := checklistFixture(t)
	items, err := Checklist(t.Context(), c, ChecklistFilter{Team: "platform"})
	if err != nil {
		t.Fatalf("Checklist: %v", err)
	}
	var b bytes.Buffer
	if err := WriteMarkdown(&b, "Platform checklist", items); err != nil {
		t.Fatalf("WriteMarkdown: %v", err)
	}
	md := b.String()
	for _, want := range []string{
		"# Platform checklist\n\n3 findings: 1 critical, 1 high, 1 medium.\n\n## acme/api\n\n",
		"- [ ] **CRITICAL** `secret-in-untrusted-trigger`: Job `preview` runs pull-request code under pull_request_target with secrets `NPM_TOKEN`\n",
		"  - Evidence: .github/workflows/preview.yml:11 checks out `${{ github.event.pull_request.head.sha }}` in job `preview`\n",
		"  - Fix:\n\n    Split the workflow",
		"    ```yaml\n        permissions: {}\n    ```\n",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q; got:\n%s", want, md)
		}
	}
	if strings.Index(md, "CRITICAL") > strings.Index(md, "MEDIUM") {
		t.Errorf("markdown is not most severe first:\n%s", md)
	}
	b.Reset()
	if err := WriteMarkdown(&b, "Empty", nil); err != nil || b.String() != "# Empty\n\nNo open findings.\n" {
		t.Errorf("WriteMarkdown(nil) = %q, %v", b.String(), err)
	}
}

func TestWriteJSONIsStable(t *testing.T) {
	items := []ChecklistItem{{FindingID: 7, Rule: "secrets-inherit", Severity: "MEDIUM", Status: "OPEN", Title: "t", Repository: "acme/api",
		FirstSeen: "2026-11-23T12:00:00Z", LastSeen: "2026-11-23T12:00:00Z"}}
	var b bytes.Buffer
	if err := WriteJSON(&b, "report", items); err != nil {
		t.Fatalf("WriteJSON: %v", err)
	}
	want := `{
  "version": 1,
  "title": "report",
  "counts": {
    "critical": 0,
    "high": 0,
    "info": 0,
    "low": 0,
    "medium": 1
  },
  "findings": [
    {
      "id": 7,
      "rule": "secrets-inherit",
      "severity": "MEDIUM",
      "status": "OPEN",
      "title": "t",
      "repository": "acme/api",
      "done": false,
      "first_seen": "2026-11-23T12:00:00Z",
      "last_seen": "2026-11-23T12:00:00Z"
    }
  ]
}
`
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("WriteJSON (-want +got):\n%s", diff)
	}
}

func TestWriteSARIF(t *testing.T) {
	items := []ChecklistItem{
		{Rule: "unpinned-action", Severity: "MEDIUM", Status: "OPEN", Title: "x not pinned", File: ".github/workflows/ci.yml", Line: 14, Remediation: "Pin it."},
		{Rule: "default-workflow-permissions-write", Severity: "HIGH", Status: "OPEN", Title: "acme: write default"},
		{Rule: "no-such-rule", Severity: "LOW", Status: "OPEN", Title: "dropped"},
		{Rule: "unpinned-action", Severity: "MEDIUM", Status: "OPEN", Title: "y", File: "ci/my pipeline.yml", Line: 3},
	}
	var b bytes.Buffer
	if err := WriteSARIF(&b, items); err != nil {
		t.Fatalf("WriteSARIF: %v", err)
	}
	var log sarifLog
	if err := json.Unmarshal(b.Bytes(), &log); err != nil {
		t.Fatalf("SARIF is not JSON: %v", err)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 || log.Runs[0].Tool.Driver.Name != "privgraph" || len(log.Runs[0].Tool.Driver.Rules) != len(Rules()) {
		t.Fatalf("SARIF header: version %q, %d runs", log.Version, len(log.Runs))
	}
	run := log.Runs[0]
	type result struct {
		Rule, Level, URI string
		Line             int
		RuleMatches      bool
	}
	var got []result
	for _, r := range run.Results {
		res := result{Rule: r.RuleID, Level: r.Level, RuleMatches: run.Tool.Driver.Rules[r.RuleIndex].ID == r.RuleID}
		if len(r.Locations) > 0 {
			res.URI = r.Locations[0].PhysicalLocation.ArtifactLocation.URI
			res.Line = r.Locations[0].PhysicalLocation.Region.StartLine
		}
		got = append(got, res)
	}
	want := []result{
		{"unpinned-action", "warning", ".github/workflows/ci.yml", 14, true},
		{"default-workflow-permissions-write", "error", "no%20file%20associated%20with%20this%20finding", 1, true},
		{"unpinned-action", "warning", "ci/my%20pipeline.yml", 3, true},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("SARIF results (-want +got):\n%s", diff)
	}
	if !strings.Contains(b.String(), `"$schema": "https://json.schemastore.org/sarif-2.1.0.json"`) {
		t.Errorf("SARIF lacks $schema")
	}
}

func TestCheckFailOn(t *testing.T) {
	items := []ChecklistItem{{Severity: "HIGH", Status: "OPEN"}, {Severity: "CRITICAL", Status: "ACCEPTED"}, {Severity: "LOW", Status: "OPEN"}}
	tests := []struct {
		min       string
		wantCount int // 0 = nil error
		wantValid bool
	}{
		{"", 0, false}, {"critical", 0, false}, {"high", 1, false}, {"LOW", 2, false}, {"severe", 0, true},
	}
	for _, tc := range tests {
		err := CheckFailOn(items, tc.min)
		var te *ThresholdError
		switch {
		case tc.wantValid:
			if !isValidation(err) {
				t.Errorf("CheckFailOn(%q) = %v, want a ValidationError", tc.min, err)
			}
		case tc.wantCount == 0:
			if err != nil {
				t.Errorf("CheckFailOn(%q) = %v, want nil", tc.min, err)
			}
		case !errors.As(err, &te) || te.Count != tc.wantCount:
			t.Errorf("CheckFailOn(%q) = %v, want %d finding(s) over the threshold", tc.min, err, tc.wantCount)
		}
	}
}

func TestTriage(t *testing.T) {
	c := openDB(t)
	o := seedOrg(t, c)
	if _, err := analyzer(c, testNow).Run(t.Context(), o.scan.ID); err != nil {
		t.Fatalf("Run: %v", err)
	}
	id := c.Finding.Query().FirstIDX(t.Context())
	future, past := time.Now().Add(24*time.Hour), time.Now().Add(-time.Hour)
	tests := []struct {
		name, status, reason, by string
		until                    *time.Time
		wantField                string // "" = success
	}{
		{"accept without reason", "ACCEPTED", "", "alice", &future, "reason"},
		{"accept without who", "ACCEPTED", "vendor fix pending", "", &future, "by"},
		{"accept without expiry", "ACCEPTED", "vendor fix pending", "alice", nil, "until"},
		{"accept with a past expiry", "ACCEPTED", "vendor fix pending", "alice", &past, "until"},
		{"resolve by hand", "RESOLVED", "", "alice", nil, "status"},
		{"accept", "accepted", "vendor fix pending", "alice", &future, ""},
		{"reopen", "OPEN", "", "bob", nil, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, err := Triage(t.Context(), c, id, tc.status, tc.reason, tc.until, tc.by)
			var ve *ValidationError
			switch {
			case tc.wantField != "":
				if !errors.As(err, &ve) || ve.Field != tc.wantField {
					t.Fatalf("Triage = %v, want a ValidationError on %s", err, tc.wantField)
				}
			case err != nil:
				t.Fatalf("Triage: %v", err)
			case strings.ToUpper(tc.status) != string(f.Status) || f.AcceptedReason != tc.reason:
				t.Errorf("Triage: status %s reason %q, want %s %q", f.Status, f.AcceptedReason, tc.status, tc.reason)
			}
		})
	}
}
