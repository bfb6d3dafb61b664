package web_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/ent/repository"
	"github.com/privgraph/privgraph/migrations/migratetest"
	"github.com/privgraph/privgraph/scanner"
	"github.com/privgraph/privgraph/scanner/analysis"
	"github.com/privgraph/privgraph/scanner/local"
)

// hostileDir is a repository folder whose name is markup.
const hostileDir = `hostile-<img src=x onerror=window.pwned=3>`

// scanTestdata copies testdata/scan into a temp dir, adds a repository with
// a hostile name, and scans it through the real local scanner and analysis.
func scanTestdata(t *testing.T) *ent.Client {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("testdata/scan")); err != nil {
		t.Fatal(err)
	}
	wf, err := os.ReadFile("testdata/scan/shop-api/.github/workflows/release.yml")
	if err != nil {
		t.Fatal(err)
	}
	hostile := filepath.Join(dir, hostileDir, ".github", "workflows")
	if err := os.MkdirAll(hostile, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(hostile, "ci.yml"), wf, 0o644); err != nil {
		t.Fatal(err)
	}
	c := migratetest.Open(t)
	_, err = scanner.Run(t.Context(), c, local.New(local.Options{}), scanner.RunOptions{
		Platform: scanner.Local, Target: dir,
		Analyze: func(ctx2 context.Context, c *ent.Client, scanID int) error {
			_, err := analysis.New(c, analysis.Options{}).Run(ctx2, scanID)
			return err
		},
	})
	if err != nil {
		t.Fatalf("scan local %s: %v", dir, err)
	}
	return c
}

func TestScannedInventory(t *testing.T) {
	c := scanTestdata(t)
	h := newServer(t, c, false)
	hostile := c.Repository.Query().Where(repository.FullNameContains("hostile")).OnlyX(t.Context())
	shop := c.Repository.Query().Where(repository.FullNameContains("shop-api")).OnlyX(t.Context())
	for _, path := range []string{"/", "/credentials", "/repositories", "/findings", "/scans", "/identities",
		fmt.Sprintf("/repositories/%d", hostile.ID), fmt.Sprintf("/repositories/%d", shop.ID)} {
		rec, doc := get(t, h, path)
		if rec.Code != 200 {
			t.Fatalf("GET %s = %d", path, rec.Code)
		}
		if doc.Find("script, img").Length() != 0 || strings.Contains(rec.Body.String(), "<img") {
			t.Errorf("GET %s: scanned markup reached the page", path)
		}
	}
	_, doc := get(t, h, fmt.Sprintf("/repositories/%d", shop.ID))
	if n := doc.Find(`[data-testid="job-row"]`).Length(); n != 4 {
		t.Errorf("shop-api shows %d jobs, want 4", n)
	}
	if got := doc.Find(`[data-testid="job-credential"]`).Length(); got == 0 {
		t.Error("shop-api jobs show no credentials")
	}
	_, doc = get(t, h, "/credentials?q=NPM_TOKEN")
	if doc.Find(`[data-testid="credential-row"]`).Length() == 0 {
		t.Error("the scanned NPM_TOKEN is not listed")
	}

	ctx := browser(t)
	srv := httptest.NewServer(h)
	defer srv.Close()
	for _, path := range []string{fmt.Sprintf("/repositories/%d", hostile.ID), "/repositories", "/credentials", "/findings"} {
		load(t, ctx, chromedp.Navigate(srv.URL+path))
		if run(t, ctx, chromedp.Evaluate[bool](`window.pwned !== undefined`)) {
			t.Errorf("%s: scanned markup ran as script", path)
		}
	}
	if got := run(t, ctx, chromedp.Text(chromedp.CSS(`[data-testid="nav"]`))); !strings.Contains(got, "Credentials") {
		t.Errorf("nav text = %q", got)
	}
}
