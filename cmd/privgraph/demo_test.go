package main

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/privgraph/privgraph/ent/credential"
	"github.com/privgraph/privgraph/ent/scan"
	"github.com/privgraph/privgraph/migrations/migratetest"
	"github.com/privgraph/privgraph/web"
)

// TestDemo runs what `make demo` runs, minus the blocking server: the fake
// APIs on loopback, the real scanners against them, then the dashboard's
// pages over the result.
func TestDemo(t *testing.T) {
	base, stop, err := startFakes("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	client := migratetest.Open(t)
	var out, errb bytes.Buffer
	e := &env{stdout: &out, stderr: &errb, getenv: func(string) string { return "" }, log: slog.New(slog.NewTextHandler(&errb, nil))}
	if err := demoScans(t.Context(), e, client, base); err != nil {
		t.Fatalf("demo scans: %v\n%s", err, errb.String())
	}
	ctx := t.Context()
	for _, s := range client.Scan.Query().AllX(ctx) {
		if s.Status == scan.StatusFAILED || s.Status == scan.StatusRUNNING {
			t.Errorf("scan of %s ended %s: %s", s.Target, s.Status, s.Error)
		}
	}
	if n := client.Scan.Query().Where(scan.PlatformEQ(scan.PlatformGITHUB)).CountX(ctx); n != 1 {
		t.Fatalf("GitHub scans = %d, want 1\n%s", n, errb.String())
	}
	if n := client.Repository.Query().CountX(ctx); n < 10 {
		t.Errorf("demo repositories = %d, want about a dozen or more", n)
	}
	if n := client.Credential.Query().Where(credential.OverScoped(true)).CountX(ctx); n == 0 {
		t.Errorf("the demo shows no over-scoped credential")
	}
	if n := client.Finding.Query().CountX(ctx); n == 0 {
		t.Errorf("the demo shows no findings")
	}
	srv := httptest.NewServer(web.New(web.Options{Client: client}))
	t.Cleanup(srv.Close)
	for _, path := range []string{"/", "/credentials", "/repositories", "/findings", "/scans", "/identities"} {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s = %d", path, resp.StatusCode)
		}
		if !strings.Contains(string(body), "demo") {
			t.Errorf("GET %s does not mention the demo organization", path)
		}
	}
}
