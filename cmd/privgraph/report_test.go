package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// TestReportOrgLevel scans the fake GitLab group and checks that
// --org-level reports the findings about no repository (group variables),
// which no --team or --repo report holds, and that --help documents it.
func TestReportOrgLevel(t *testing.T) {
	base, stop, err := startFakes("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	db := filepath.Join(t.TempDir(), "inventory.db")
	env := map[string]string{"PRIVGRAPH_DB": db, "GITLAB_TOKEN": "glpat-test-token-value"}
	if _, errOut, code := runCLI(t, env, "scan", "gitlab", "--group", "demo", "--url", base); code != 0 {
		t.Fatalf("scan gitlab: exit %d\n%s", code, errOut)
	}
	out, errOut, code := runCLI(t, env, "report", "--org-level", "--format", "json")
	if code != 0 {
		t.Fatalf("report --org-level: exit %d\n%s", code, errOut)
	}
	var doc struct {
		Items []struct{ Rule, Repository, Owner, Credential string } `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("report --org-level --format json: %v\n%s", err, out)
	}
	if len(doc.Items) == 0 {
		t.Fatalf("report --org-level holds no finding:\n%s", out)
	}
	for _, it := range doc.Items {
		if it.Repository != "" {
			t.Errorf("report --org-level holds %s about repository %s", it.Rule, it.Repository)
		}
	}
	all, _, _ := runCLI(t, env, "report", "--format", "json")
	var every struct {
		Items []struct{ Repository string } `json:"findings"`
	}
	if err := json.Unmarshal([]byte(all), &every); err != nil {
		t.Fatal(err)
	}
	orgLevel := 0
	for _, it := range every.Items {
		if it.Repository == "" {
			orgLevel++
		}
	}
	if orgLevel != len(doc.Items) || orgLevel == len(every.Items) {
		t.Errorf("report --org-level has %d items; the full report %d, of which %d about no repository", len(doc.Items), len(every.Items), orgLevel)
	}
	md, _, _ := runCLI(t, env, "report", "--org-level")
	if !strings.HasPrefix(md, "# privgraph checklist: organization level\n") || !strings.Contains(md, "## demo (GitLab group settings)") {
		t.Errorf("report --org-level markdown:\n%s", md)
	}
	if _, errOut, code := runCLI(t, env, "report", "--org-level", "--team", "x"); code != 2 || !strings.Contains(errOut, "--org-level") {
		t.Errorf("report --org-level --team = %d %q, want a usage error", code, errOut)
	}
	help, _, _ := runCLI(t, nil, "report", "--help")
	if !strings.Contains(help, "--org-level") || !strings.Contains(help, "organization-level findings") {
		t.Errorf("report --help does not document --org-level:\n%s", help)
	}
}
