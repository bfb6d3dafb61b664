package main

import (
	"path/filepath"
	"regexp"
	"testing"

	"github.com/privgraph/privgraph/scanner/githubtest"
)

// TestScanGitHubProgress: a GitHub scan reports its progress on stderr,
// ending with every repository read and the requests it took.
func TestScanGitHubProgress(t *testing.T) {
	fake := githubtest.NewServer(t, githubtest.DemoOrg())
	db := filepath.Join(t.TempDir(), "inv.db")
	_, stderr, code := runCLI(t, map[string]string{"GITHUB_TOKEN": "ghp_x"},
		"scan", "github", "--org", "demo", "--api-url", fake.APIURL, "--db", db)
	if code != 0 {
		t.Fatalf("scan github = %d\n%s", code, stderr)
	}
	line := regexp.MustCompile(`(?m)^privgraph: repositories 13/13, [1-9][0-9]* requests \([0-9]+ not modified\), [0-9]+ rate-limit waits$`)
	if !line.MatchString(stderr) {
		t.Errorf("no progress line 'repositories 13/13, N requests …' on stderr:\n%s", stderr)
	}
}

// TestScanGitHubRepoActionsPolicy: --repo-actions-policy reads each
// repository's Actions permissions; without it none is read.
func TestScanGitHubRepoActionsPolicy(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want int
	}{{nil, 0}, {[]string{"--repo-actions-policy"}, 13}} {
		fake := githubtest.NewServer(t, githubtest.DemoOrg())
		args := append([]string{"scan", "github", "--org", "demo", "--api-url", fake.APIURL, "--db", filepath.Join(t.TempDir(), "inv.db")}, tc.args...)
		_, stderr, code := runCLI(t, map[string]string{"GITHUB_TOKEN": "ghp_x"}, args...)
		if code != 0 {
			t.Fatalf("%v = %d\n%s", args, code, stderr)
		}
		n := 0
		for _, r := range fake.Requests() {
			if r.Endpoint == "GET /repos/{owner}/{repo}/actions/permissions" {
				n++
			}
		}
		if n != tc.want {
			t.Errorf("%v: %d repository Actions permissions read, want %d", tc.args, n, tc.want)
		}
	}
}
