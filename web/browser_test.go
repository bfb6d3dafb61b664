package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/privgraph/privgraph/graph/graphtest"
	"github.com/privgraph/privgraph/migrations/migratetest"
)

const chromium = "/usr/bin/chromium"

// browser starts headless Chromium for the test, or skips when it is missing.
func browser(t *testing.T) context.Context {
	t.Helper()
	if _, err := os.Stat(chromium); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal(chromium + " is missing in CI: .ci/run should have installed Debian's chromium")
		}
		t.Skip(chromium + " is missing; install Debian's chromium (.ci/run does) to run the browser tests")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium), chromedp.NoSandbox, chromedp.Headless, chromedp.WindowSize(1366, 900),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true))
	actx, cancelAlloc := chromedp.NewExecAllocator(t.Context(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	return ctx
}

// shot writes a full-page screenshot under the test's temp dir (and under
// $PRIVGRAPH_SCREENSHOTS when set, to look at them).
func shot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png := run(t, ctx, chromedp.FullScreenshot(100))
	dirs := []string{t.TempDir()}
	if d := os.Getenv("PRIVGRAPH_SCREENSHOTS"); d != "" {
		dirs = append(dirs, d)
	}
	for _, d := range dirs {
		if err := os.WriteFile(filepath.Join(d, name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// download fetches an export as the browser's download would.
func download(t *testing.T, u string) string {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s = %d %v", u, resp.StatusCode, err)
	}
	return string(b)
}

// run runs a chromedp action that yields a value, failing the test on error.
func run[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// load runs steps and waits for the page they load.
func load(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if _, err := chromedp.RunResponse(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

func TestBrowser(t *testing.T) {
	ctx := browser(t)
	c := migratetest.Open(t)
	inv := graphtest.Seed(t, c, 12)
	srv := httptest.NewServer(newServer(t, c, false))
	defer srv.Close()
	nav := func(path string) {
		t.Helper()
		load(t, ctx, chromedp.Navigate(srv.URL+path))
	}
	click := func(sel string) {
		t.Helper()
		load(t, ctx, chromedp.Click(chromedp.CSS(sel)))
	}
	text := func(sel string) string {
		t.Helper()
		return run(t, ctx, chromedp.Text(chromedp.CSS(sel)))
	}

	t.Run("overview to credential to repository", func(t *testing.T) {
		nav("/")
		shot(t, ctx, "overview")
		click(`[data-testid="over-scoped-share"]`)
		if got := run(t, ctx, chromedp.Location()); !strings.Contains(got, "/credentials?over=1") {
			t.Fatalf("the over-scoped card led to %s", got)
		}
		shot(t, ctx, "credentials")
		click(`[data-testid="credential-row"] a[data-testid="credential-link"]`)
		if got := text(`[data-testid="credential-name"]`); got != "AWS_ACCESS_KEY_ID" {
			t.Fatalf("first over-scoped credential = %q, want AWS_ACCESS_KEY_ID", got)
		}
		shot(t, ctx, "credential")
		click(`[data-testid="usage-repo"]`)
		if got := text(`[data-testid="repository-name"]`); got != "acme/payments-api" {
			t.Fatalf("repository page shows %q", got)
		}
		shot(t, ctx, "repository")
	})

	t.Run("overview to worst credential to its checklist export", func(t *testing.T) {
		// The worst credential is the organization secret AWS_ACCESS_KEY_ID:
		// its organization-level finding is on no team's checklist but on
		// the organization-level one, which its page links and exports.
		c.Finding.Create().SetRule("org-secret-visibility-too-broad").SetSeverity("HIGH").SetTitle(orgFinding).
			SetFingerprint("org-secret-visibility-too-broad:browser").SetCredential(inv.AWSKey).SetOwner(inv.Owner).
			SetFirstSeen(graphtest.Now).SetLastSeen(graphtest.Now).ExecX(t.Context())
		nav("/")
		click(`[data-testid="most-over-scoped"] li:first-child a`)
		if got := text(`[data-testid="credential-name"]`); got != "AWS_ACCESS_KEY_ID" {
			t.Fatalf("most over-scoped credential = %q, want AWS_ACCESS_KEY_ID", got)
		}
		if got := text(`[data-testid="org-fixer"]`); got != "the organization's owners" {
			t.Errorf("who fixes it = %q", got)
		}
		shot(t, ctx, "credential-org")
		href := run(t, ctx, chromedp.Evaluate[string](`document.querySelector('[data-testid="org-export"]').getAttribute('href')`))
		md := download(t, srv.URL+href)
		if !strings.Contains(md, orgFinding) || !strings.HasPrefix(md, "# privgraph checklist: organization level") {
			t.Errorf("the organization-level export %s lacks the finding:\n%s", href, md)
		}
		click(`[data-testid="org-checklist"]`)
		if got := text(`[data-testid="finding-title"]`); got != orgFinding {
			t.Errorf("the organization-level checklist starts with %q", got)
		}
		href = run(t, ctx, chromedp.Evaluate[string](`document.querySelector('[data-testid="export-markdown"]').getAttribute('href')`))
		if got := download(t, srv.URL+href); got != md {
			t.Errorf("the checklist page's export differs from the credential page's:\n%s", got)
		}
		// Its owning team's export has its repository findings, not this one.
		nav(fmt.Sprintf("/credentials/%d", inv.AWSKey.ID))
		href = run(t, ctx, chromedp.Evaluate[string](`document.querySelector('[data-testid="credential-teams"] a[download]').getAttribute('href')`))
		team := download(t, srv.URL+href)
		if !strings.Contains(team, inv.Finding.Title) || strings.Contains(team, orgFinding) {
			t.Errorf("team export %s:\n%s", href, team)
		}
	})

	t.Run("filter", func(t *testing.T) {
		nav("/credentials")
		run(t, ctx, chromedp.SendKeys(chromedp.CSS(`[data-testid="credential-filters"] input[name="q"]`), "npm"))
		click(`[data-testid="credential-filters"] button[type="submit"]`)
		rows := run(t, ctx, chromedp.Nodes(chromedp.CSSAll(`[data-testid="credential-row"]`)))
		if len(rows) != 1 || text(`[data-testid="credential-link"]`) != "NPM_TOKEN" {
			t.Errorf("filtering by npm shows %d rows", len(rows))
		}
	})

	t.Run("triage shows on the checklist", func(t *testing.T) {
		nav("/findings?rule=static-cloud-credential")
		shot(t, ctx, "findings")
		form := fmt.Sprintf(`#finding-%d [data-testid="accept-form"]`, inv.Finding.ID)
		run(t, ctx, chromedp.SendKeys(chromedp.CSS(form+` input[name="reason"]`), "rotated weekly until OIDC lands"))
		click(form + ` button[type="submit"]`)
		nav("/teams/payments")
		got := text(fmt.Sprintf(`#finding-%d [data-testid="accepted"]`, inv.Finding.ID))
		if !strings.Contains(got, "rotated weekly until OIDC lands") {
			t.Errorf("checklist shows %q for the accepted finding", got)
		}
		shot(t, ctx, "team")
	})

	t.Run("hostile repository is inert", func(t *testing.T) {
		for _, path := range []string{fmt.Sprintf("/repositories/%d", inv.HostileRepo.ID), "/repositories", "/findings", fmt.Sprintf("/scans/%d", inv.LatestScan.ID)} {
			nav(path)
			pwned := run(t, ctx, chromedp.Evaluate[bool](`window.pwned !== undefined || document.title === "pwned"`))
			if pwned {
				t.Errorf("%s: the hostile repository's script ran", path)
			}
		}
		nav(fmt.Sprintf("/repositories/%d", inv.HostileRepo.ID))
		if got := text(`[data-testid="repository-name"]`); got != graphtest.Hostile {
			t.Errorf("hostile name shown as %q", got)
		}
	})

	t.Run("screenshots", func(t *testing.T) {
		for name, path := range map[string]string{"scans": "/scans", "scan": fmt.Sprintf("/scans/%d", inv.LatestScan.ID), "identities": "/identities", "repositories": "/repositories"} {
			nav(path)
			shot(t, ctx, name)
		}
	})
}
