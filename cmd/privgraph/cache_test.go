package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/privgraph/privgraph/ent/httpcache"
	"github.com/privgraph/privgraph/migrations"
	"github.com/privgraph/privgraph/scanner/githubtest"
)

// TestScanGitHubPrunesStaleCache: a GitHub scan keeps the ETags it used and
// drops cached responses that no scan has used for the retention period.
func TestScanGitHubPrunesStaleCache(t *testing.T) {
	db := filepath.Join(t.TempDir(), "inv.db")
	fake := githubtest.NewServer(t, githubtest.DemoOrg())
	env := map[string]string{"GITHUB_TOKEN": "ghp_x"}
	scan := func() string {
		_, stderr, code := runCLI(t, env, "scan", "github", "--org", "demo", "--api-url", fake.APIURL, "--db", db)
		if code != 0 {
			t.Fatalf("scan github = %d\n%s", code, stderr)
		}
		return stderr
	}
	scan()
	ctx := t.Context()
	client, err := migrations.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	used := client.HTTPCache.Query().CountX(ctx)
	if used == 0 {
		t.Fatal("the scan cached nothing")
	}
	old := time.Now().Add(-60 * 24 * time.Hour)
	client.HTTPCache.Create().SetURLKey("stale-entry-of-a-deleted-repository").SetEtag(`"x"`).SetBody([]byte{}).SetStoredAt(old).ExecX(ctx)
	// Every entry of the first scan also looks old: the rescan uses them
	// (304s) and must keep them.
	client.HTTPCache.Update().SetStoredAt(old).ExecX(ctx)

	stderr := scan()
	if !strings.Contains(stderr, "dropped 1 cached responses") {
		t.Errorf("rescan did not report the pruned entry:\n%s", stderr)
	}
	if n := client.HTTPCache.Query().Where(httpcache.URLKey("stale-entry-of-a-deleted-repository")).CountX(ctx); n != 0 {
		t.Error("stale cache entry kept")
	}
	if n := client.HTTPCache.Query().Where(httpcache.StoredAtGT(old.Add(time.Hour))).CountX(ctx); n != used {
		t.Errorf("%d entries marked used by the rescan, want all %d of the first scan", n, used)
	}
}
