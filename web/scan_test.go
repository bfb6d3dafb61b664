package web_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/chromedp/chromedp"
	"github.com/google/go-cmp/cmp"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/ent/repository"
	"github.com/privgraph/privgraph/graph/graphtest"
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

// TestScanPageKept checks that a partial scan's page says, in sentences,
// what it could not read and kept from the previous scan.
func TestScanPageKept(t *testing.T) {
	c := migratetest.Open(t)
	inv := graphtest.Seed(t, c, 0)
	unread := []string{"credentials:demo/web-frontend", "protections:demo/<b>api</b>", "teams", "instance"}
	for i := range 60 {
		unread = append(unread, fmt.Sprintf("environments:demo/r%02d", i))
	}
	c.Scan.UpdateOneID(inv.LatestScan.ID).SetUnread(unread).ExecX(t.Context())
	h := newServer(t, c, false)

	rec, doc := get(t, h, fmt.Sprintf("/scans/%d", inv.LatestScan.ID))
	if rec.Code != 200 {
		t.Fatalf("GET /scans/%d = %d", inv.LatestScan.ID, rec.Code)
	}
	var got []string
	doc.Find(`[data-testid="kept-part"]`).Each(func(_ int, s *goquery.Selection) { got = append(got, s.Text()) })
	want := []string{
		"Credentials of demo/web-frontend were not read; what the previous scan found there was kept.",
		"Branch protections of demo/<b>api</b> were not read; what the previous scan found there was kept.",
		"Teams of " + inv.LatestScan.Target + " were not read; what the previous scan found there was kept.",
		"Instance-level credentials and runners were not read; what the previous scan found there was kept.",
		"Environments of demo/r00 were not read; what the previous scan found there was kept.",
	}
	if len(got) != 50 {
		t.Errorf("%d kept sentences, want the first 50", len(got))
	}
	if diff := cmp.Diff(want, got[:min(len(got), len(want))]); diff != "" {
		t.Errorf("kept sentences (-want +got):\n%s", diff)
	}
	if more := doc.Find(`[data-testid="kept-more"]`).Text(); !strings.Contains(more, "14 more") {
		t.Errorf("kept-more = %q, want it to count the 14 left out", more)
	}
	if doc.Find(`[data-testid="kept"] b`).Length() != 0 {
		t.Error("a repository name in unread reached the page as markup")
	}

	_, doc = get(t, h, fmt.Sprintf("/scans/%d", inv.PreviousScan.ID))
	if doc.Find(`[data-testid="kept"]`).Length() != 0 {
		t.Error("a scan that read everything shows a kept section")
	}
}
