package main

// Tests of what a careless or hostile command line gets: one clear line on
// stderr, the right exit code (2 for usage, 1 for failure), nothing
// created or recorded by a mistyped argument, nothing secret echoed.

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/privgraph/privgraph/ent/scan"
	"github.com/privgraph/privgraph/migrations"
	"github.com/privgraph/privgraph/scanner/githubtest"
)

// exists reports whether path exists.
func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// oneLine fails unless stderr is exactly one "privgraph: …" line holding want.
func oneLine(t *testing.T, what, stderr, want string) {
	t.Helper()
	if strings.Count(stderr, "\n") != 1 || !strings.HasPrefix(stderr, "privgraph: ") || !strings.Contains(stderr, want) {
		t.Errorf("%s: stderr %q; want one line containing %q", what, stderr, want)
	}
}

func TestUsageErrorIsShort(t *testing.T) {
	_, stderr, code := runCLI(t, nil, "scan", "github", "--org", "demo", "--concurrency", "0")
	if code != 2 {
		t.Fatalf("exit %d, want 2", code)
	}
	want := "privgraph: --concurrency must be between 1 and 64\n" +
		"Usage: privgraph scan github --org ORG [--api-url URL] [flags]\n" +
		"Run 'privgraph scan github --help' for its flags and details.\n"
	if stderr != want {
		t.Errorf("stderr =\n%s\nwant the message, the synopsis and where the details are:\n%s", stderr, want)
	}
}

func TestHelpSpellsFlagsAsReadmeDoes(t *testing.T) {
	out, _, code := runCLI(t, nil, "help", "scan", "local")
	if code != 0 || !strings.HasPrefix(out, "Usage: privgraph scan local") {
		t.Fatalf("help scan local = %d %q; want scan local's help", code, out)
	}
	if !strings.Contains(out, "  --db DSN\n") || strings.Contains(out, "  -db ") {
		t.Errorf("flags are not listed as --db DSN:\n%s", out)
	}
	if _, stderr, code := runCLI(t, nil, "help", "nope"); code != 2 || !strings.Contains(stderr, `unknown command "nope"`) {
		t.Errorf("help nope = %d %q", code, stderr)
	}
}

func TestDanglingFlagDoesNotEatArgument(t *testing.T) {
	// `scan local DIR --db` used to take DIR as the --db value and then
	// complain that DIR was missing.
	_, stderr, code := runCLI(t, nil, "scan", "local", "testdata/flask", "--db")
	if code != 2 || !strings.Contains(stderr, "missing value for --db") {
		t.Errorf("exit %d, stderr %q; want 2 and 'missing value for --db'", code, stderr)
	}
}

func TestDirStartingWithDash(t *testing.T) {
	tmp := t.TempDir()
	if err := os.CopyFS(filepath.Join(tmp, "-odd"), os.DirFS("testdata/flask")); err != nil {
		t.Fatal(err)
	}
	t.Chdir(tmp)
	out, stderr, code := runCLI(t, nil, "scan", "local", "--db", "p.db", "--", "-odd")
	if code != 0 || !strings.Contains(out, "1 repositories") {
		t.Errorf("scan local -- -odd = %d\n%s%s", code, out, stderr)
	}
}

func TestScanLocalBadDirTouchesNothing(t *testing.T) {
	tmp := t.TempDir()
	db := filepath.Join(tmp, "inv.db")
	file := filepath.Join(tmp, "file")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		dir  string
		code int
		want string
	}{
		{filepath.Join(tmp, "nope"), 1, "no such file or directory"},
		{file, 1, "not a directory"},
		{"", 2, "exactly one DIR"},
	} {
		_, stderr, code := runCLI(t, nil, "scan", "local", "--db", db, tc.dir)
		if code != tc.code || !strings.Contains(stderr, tc.want) || strings.Contains(stderr, "ent:") {
			t.Errorf("scan local %q = %d %q; want %d with %q", tc.dir, code, stderr, tc.code, tc.want)
		}
	}
	if exists(db) {
		t.Errorf("a mistyped DIR created the inventory (and recorded a failed scan)")
	}
}

func TestDBMistakes(t *testing.T) {
	tmp := t.TempDir()
	notSQLite := filepath.Join(tmp, "notes.txt")
	if err := os.WriteFile(notSQLite, []byte("not a database"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"report", "--db", tmp}, "is a folder"},
		{[]string{"scan", "local", "testdata/flask", "--db", tmp}, "is a folder"},
		{[]string{"migrate", "--db", tmp}, "is a folder"},
		{[]string{"scan", "gitlab", "--group", "demo", "--db", tmp}, "is a folder"},
		{[]string{"report", "--db", notSQLite}, "is not an SQLite database"},
		{[]string{"migrate", "--db", notSQLite}, "is not an SQLite database"},
		{[]string{"scan", "local", "testdata/flask", "--db", filepath.Join(tmp, "no", "such", "x.db")}, "does not exist"},
		{[]string{"scan", "gitlab", "--group", "demo", "--db", filepath.Join(tmp, "no", "such", "x.db")}, "does not exist"},
		// Read-only commands do not conjure an empty inventory out of a typo.
		{[]string{"report", "--fail-on", "high", "--db", filepath.Join(tmp, "typo.db")}, "no inventory at"},
		{[]string{"graphql", "-q", "{ jobs { totalCount } }", "--db", filepath.Join(tmp, "typo.db")}, "no inventory at"},
		{[]string{"token", "list", "--db", filepath.Join(tmp, "typo.db")}, "no inventory at"},
		{[]string{"token", "revoke", "x", "--db", filepath.Join(tmp, "typo.db")}, "no inventory at"},
		// A PostgreSQL server that is not there: one line, no password.
		{[]string{"report", "--db", "postgres://x:hunter2@127.0.0.1:1/db"}, "connection refused"},
		{[]string{"migrate", "--db", "postgres://x:hunter2@127.0.0.1:1/db"}, "connection refused"},
	} {
		out, stderr, code := runCLI(t, map[string]string{"GITLAB_TOKEN": "glpat-x"}, tc.args...)
		if code != 1 {
			t.Errorf("%v = exit %d, want 1 (stderr %q)", tc.args, code, stderr)
		}
		oneLine(t, strings.Join(tc.args, " "), stderr, tc.want)
		if strings.Contains(out+stderr, "hunter2") {
			t.Errorf("%v echoed the DSN's password", tc.args)
		}
	}
	if exists(tmp + ".fpkey") {
		t.Errorf("scan gitlab --db FOLDER created a fingerprint key file beside the folder")
	}
	if exists(filepath.Join(tmp, "typo.db")) {
		t.Errorf("a read-only command created the inventory it was pointed at by mistake")
	}
}

func TestScanFlagsCheckedBeforeAnything(t *testing.T) {
	db := filepath.Join(t.TempDir(), "inv.db")
	gh := map[string]string{"GITHUB_TOKEN": "ghp_x", "PRIVGRAPH_DB": db}
	gl := map[string]string{"GITLAB_TOKEN": "glpat-x", "PRIVGRAPH_DB": db}
	for _, tc := range []struct {
		env  map[string]string
		args []string
		want string
	}{
		{gh, []string{"scan", "github", "--org", "demo", "--api-url", "not a url"}, "is not an http(s) URL"},
		{gh, []string{"scan", "github", "--org", "demo", "--api-url", "https://me:s3cretpw@ghe.example.com/api/v3/"}, "must not hold credentials"},
		{gh, []string{"scan", "github", "--org", "demo", "--app-id", "-1", "--app-key", "k.pem"}, "positive numbers"},
		{gl, []string{"scan", "gitlab", "--group", "demo", "--url", "https://me:s3cretpw@gitlab.example.com"}, "must not hold credentials"},
		{gl, []string{"scan", "gitlab", "--group", "demo", "--url", "https://gitlab.example.com/?private_token=s3cretpw"}, "query"},
		{map[string]string{"GITHUB_TOKEN": "  \n", "PRIVGRAPH_DB": db}, []string{"scan", "github", "--org", "demo"}, "GITHUB_TOKEN is not set (or empty)"},
	} {
		_, stderr, code := runCLI(t, tc.env, tc.args...)
		if code != 2 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v = %d %q; want 2 with %q", tc.args, code, stderr, tc.want)
		}
		if strings.Contains(stderr, "s3cretpw") {
			t.Errorf("%v echoed the credentials in the URL", tc.args)
		}
	}
	if exists(db) {
		t.Errorf("a bad flag opened the inventory (and recorded a failed scan)")
	}
}

func TestServeAddr(t *testing.T) {
	db := filepath.Join(t.TempDir(), "inv.db")
	for _, tc := range []struct {
		addr string
		want string
	}{
		{"127.0.0.1", "is not HOST:PORT"},
		{"127.0.0.1:99999", "from 0 to 65535"},
	} {
		_, stderr, code := runCLI(t, nil, "serve", "--addr", tc.addr, "--db", db)
		if code != 2 || !strings.Contains(stderr, tc.want) {
			t.Errorf("serve --addr %s = %d %q; want 2 with %q", tc.addr, code, stderr, tc.want)
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, stderr, code := runCLI(t, nil, "serve", "--addr", ln.Addr().String(), "--db", db)
	if code != 1 {
		t.Errorf("serve on a busy port = %d, want 1", code)
	}
	oneLine(t, "serve on a busy port", stderr, "already in use")
}

func TestDemoTakesItsAddressBeforeScanning(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	db := filepath.Join(t.TempDir(), "demo.db")
	var out, errb bytes.Buffer
	e := &env{stdout: &out, stderr: &errb, getenv: func(string) string { return "" }, log: slog.New(slog.NewTextHandler(&errb, nil))}
	// The fakes' base URL goes nowhere: a scan would fail, not succeed.
	err = runDemo(t.Context(), e, db, ln.Addr().String(), "http://127.0.0.1:1")
	if err == nil || !strings.Contains(err.Error(), "already in use") {
		t.Fatalf("demo on a busy port: %v, want 'already in use'\n%s", err, errb.String())
	}
	client, err := migrations.Open(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	if n := client.Scan.Query().CountX(t.Context()); n != 0 {
		t.Errorf("the demo scanned (%d scans) before finding its port busy", n)
	}
}

func TestTokenRoughEdges(t *testing.T) {
	db := filepath.Join(t.TempDir(), "inv.db")
	for _, args := range [][]string{
		{"token", "create", "--name", "   ", "--role", "reader"},
		{"token", "create", "--name", "x", "--role", "reader", "--expires", "1ns"},
		{"token", "create", "--name", "x", "--role", "reader", "--expires", "999999h"},
		{"token", "create", "--name", "x", "--role", "reader", "--expires", "0d"},
	} {
		if _, stderr, code := runCLI(t, nil, append(args, "--db", db)...); code != 2 {
			t.Errorf("%v = %d (%s), want 2", args, code, stderr)
		}
	}
	if _, stderr, code := runCLI(t, nil, "token", "create", "--name", "ci", "--role", "reader", "--expires", "1h", "--db", db); code != 0 || !strings.Contains(stderr, " UTC)") {
		t.Fatalf("token create --expires 1h = %d %q; want the expiry with its time", code, stderr)
	}
	_, stderr, code := runCLI(t, nil, "token", "revoke", "ci", "--db", db)
	if code != 0 || !strings.Contains(stderr, `revoked token "ci" (id `) {
		t.Errorf("revoke = %d %q", code, stderr)
	}
	_, stderr, code = runCLI(t, nil, "token", "revoke", "ci", "--db", db)
	if code != 0 || !strings.Contains(stderr, "already revoked") {
		t.Errorf("second revoke = %d %q; want 0 and 'already revoked'", code, stderr)
	}
	_, stderr, code = runCLI(t, nil, "token", "revoke", "nobody", "--db", db)
	if code != 1 {
		t.Errorf("revoke of an unknown token = %d, want 1", code)
	}
	oneLine(t, "revoke nobody", stderr, `no token "nobody"`)
}

func TestReportUnknownRepo(t *testing.T) {
	db := filepath.Join(t.TempDir(), "inv.db")
	if _, stderr, code := runCLI(t, nil, "scan", "local", "testdata/flask", "--db", db); code != 0 {
		t.Fatalf("scan local: %d %s", code, stderr)
	}
	_, stderr, code := runCLI(t, nil, "report", "--repo", "flsk", "--fail-on", "info", "--db", db)
	if code != 2 || !strings.Contains(stderr, `no repository "flsk"`) {
		t.Errorf("report --repo flsk = %d %q; want 2: a typo must not pass the gate", code, stderr)
	}
	if _, stderr, code := runCLI(t, nil, "report", "--repo", "flask", "--db", db); code != 0 {
		t.Errorf("report --repo flask = %d %q", code, stderr)
	}
}

func TestGraphQLErrorOnStderr(t *testing.T) {
	db := filepath.Join(t.TempDir(), "inv.db")
	if _, stderr, code := runCLI(t, nil, "migrate", "--db", db); code != 0 {
		t.Fatalf("migrate: %d %s", code, stderr)
	}
	out, stderr, code := runCLI(t, nil, "graphql", "-q", "{ nope }", "--db", db)
	if code != 1 || !strings.Contains(out, `"errors"`) {
		t.Fatalf("bad query = %d %q", code, out)
	}
	oneLine(t, "bad query", stderr, `Cannot query field "nope"`)
}

func TestReportOnInventoryWithoutScan(t *testing.T) {
	db := filepath.Join(t.TempDir(), "inv.db")
	if _, stderr, code := runCLI(t, nil, "migrate", "--db", db); code != 0 {
		t.Fatalf("migrate: %d %s", code, stderr)
	}
	out, stderr, code := runCLI(t, nil, "report", "--fail-on", "high", "--db", db)
	if code != 0 || !strings.Contains(out, "No open findings") {
		t.Fatalf("report = %d %q", code, out)
	}
	oneLine(t, "report on an inventory without scans", stderr, "holds no scan yet")
	if _, stderr, code := runCLI(t, nil, "scan", "github", "--org", "demo", "--concurrency", "abc"); code != 2 || !strings.Contains(stderr, `invalid value "abc" for --concurrency: not a number`) {
		t.Errorf("--concurrency abc = %d %q", code, stderr)
	}
}

func TestSummaryNamesUnparsedPipelines(t *testing.T) {
	dir := t.TempDir()
	wf := filepath.Join(dir, "svc", ".github", "workflows")
	if err := os.MkdirAll(wf, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(wf, "broken.yml"), []byte("on: push\njobs:\n  a: [\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, stderr, code := runCLI(t, nil, "scan", "local", dir, "--db", filepath.Join(t.TempDir(), "p.db"))
	if code != 0 {
		t.Fatalf("scan local = %d %s", code, stderr)
	}
	if !strings.Contains(out, "1 pipeline definition(s) could not be parsed") || !strings.Contains(out, "svc: .github/workflows/broken.yml:") {
		t.Errorf("the summary does not name the unparsed workflow:\n%s", out)
	}
}

func TestInterruptedScan(t *testing.T) {
	db := filepath.Join(t.TempDir(), "inv.db")
	if _, stderr, code := runCLI(t, nil, "scan", "local", "testdata/flask", "--db", db); code != 0 {
		t.Fatalf("scan local: %d %s", code, stderr)
	}
	fake := githubtest.NewServer(t, githubtest.DemoOrg())
	fake.SetLatency(30 * time.Millisecond)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	// Ctrl-C once the scan has listed the repositories: it is under way.
	var out, errb bytes.Buffer
	stderr := &cancelOn{w: &errb, marker: "repositories to read", cancel: cancel}
	env := map[string]string{"GITHUB_TOKEN": "ghp_x"}
	err := run(ctx, []string{"scan", "github", "--org", "demo", "--api-url", fake.APIURL, "--db", db}, &out, stderr,
		func(k string) string { return env[k] })
	code := exitCode(err, &errb)
	if code != 130 || !strings.Contains(errb.String(), "privgraph: interrupted: the scan of GitHub organization demo stopped") ||
		!strings.Contains(errb.String(), "the previous inventory is unchanged") {
		t.Fatalf("interrupted scan = %d\n%s", code, errb.String())
	}
	client, err := migrations.Open(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	if n := client.Repository.Query().CountX(t.Context()); n != 1 {
		t.Errorf("repositories after the interrupted scan = %d, want the local scan's 1", n)
	}
	if n := client.Scan.Query().Where(scan.StatusEQ(scan.StatusFAILED)).CountX(t.Context()); n != 1 {
		t.Errorf("failed scans = %d, want the interrupted one", n)
	}
}

// cancelOn calls cancel once marker has been written to it.
type cancelOn struct {
	mu     sync.Mutex
	w      io.Writer
	marker string
	cancel func()
}

func (c *cancelOn) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if bytes.Contains(p, []byte(c.marker)) {
		c.cancel()
	}
	return c.w.Write(p)
}

func TestQuietAfterInterrupt(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	var b bytes.Buffer
	log := slog.New(quietWhenDone(ctx, slog.NewTextHandler(&b, nil))).With("component", "x")
	log.Warn("before")
	cancel()
	log.Warn("request cut short")
	log.Error("after")
	s := b.String()
	if !strings.Contains(s, "before") || strings.Contains(s, "cut short") || !strings.Contains(s, "after") {
		t.Errorf("log after cancel =\n%s\nwant warnings before it and errors after it only", s)
	}
}
