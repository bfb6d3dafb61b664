package main

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// runCLI runs the CLI in-process and returns stdout, stderr and the exit code.
func runCLI(t *testing.T, env map[string]string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(t.Context(), args, &out, &errb, func(k string) string { return env[k] })
	code := exitCode(err, &errb)
	return out.String(), errb.String(), code
}

func TestUsageErrors(t *testing.T) {
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no command", nil, 2, "missing command"},
		{"unknown command", []string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{"unknown flag", []string{"serve", "--nope"}, 2, "unknown flag --nope"},
		{"scan local without dir", []string{"scan", "local"}, 2, "exactly one DIR"},
		{"graphql without query", []string{"graphql"}, 2, "-q QUERY is required"},
		{"scan without platform", []string{"scan"}, 2, "missing command"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, stderr, code := runCLI(t, nil, tc.args...)
			if code != tc.code || !strings.Contains(stderr, tc.want) {
				t.Fatalf("privgraph %v = exit %d, stderr %q; want exit %d containing %q", tc.args, code, stderr, tc.code, tc.want)
			}
			if !strings.Contains(stderr, "Usage:") {
				t.Errorf("stderr has no usage: %q", stderr)
			}
		})
	}
}

func TestHelp(t *testing.T) {
	for _, args := range [][]string{
		{"--help"}, {"scan", "--help"}, {"scan", "local", "--help"}, {"serve", "-h"},
		{"graphql", "--help"}, {"migrate", "--help"}, {"demo", "--help"}, {"report", "--help"}, {"token", "--help"},
		{"scan", "github", "--help"}, {"scan", "gitlab", "--help"},
	} {
		out, stderr, code := runCLI(t, nil, args...)
		if code != 0 || !strings.HasPrefix(out, "Usage: privgraph") {
			t.Errorf("privgraph %v = exit %d, stdout %q, stderr %q; want usage on stdout and exit 0", args, code, out, stderr)
		}
	}
}

// TestScanLocalThenGraphQL is issue 2's "done when": a local scan, then the
// job count through `privgraph graphql`.
func TestScanLocalThenGraphQL(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	env := map[string]string{"PRIVGRAPH_DB": db}
	out, stderr, code := runCLI(t, env, "scan", "local", "testdata/flask")
	if code != 0 {
		t.Fatalf("scan local: exit %d\n%s", code, stderr)
	}
	if !strings.Contains(out, "1 repositories, 5 pipelines") {
		t.Fatalf("scan summary = %q", out)
	}
	out, stderr, code = runCLI(t, env, "graphql", "-q", `{ jobs(first: 1) { totalCount } }`)
	if code != 0 {
		t.Fatalf("graphql: exit %d\n%s", code, stderr)
	}
	var resp struct {
		Data struct {
			Jobs struct{ TotalCount int }
		}
	}
	if err := json.Unmarshal([]byte(out), &resp); err != nil {
		t.Fatalf("graphql output is not JSON: %v\n%s", err, out)
	}
	if resp.Data.Jobs.TotalCount < 5 {
		t.Fatalf("jobs totalCount = %d, want the flask jobs", resp.Data.Jobs.TotalCount)
	}
	// A query error exits 1 and still prints the JSON errors.
	out, _, code = runCLI(t, env, "graphql", "-q", `{ nope }`)
	if code != 1 || !strings.Contains(out, `"errors"`) {
		t.Fatalf("bad query: exit %d, out %q; want 1 with errors", code, out)
	}
	// Variables are typed.
	out, _, code = runCLI(t, env, "graphql", "-q", `query($n: Int) { jobs(first: $n) { edges { node { name } } } }`, "--var", "n=2")
	if code != 0 || strings.Count(out, `"name"`) != 2 {
		t.Fatalf("--var n=2: exit %d, out %q", code, out)
	}
}

func TestMigrateCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "m.db")
	out, _, code := runCLI(t, nil, "migrate", "--db", db, "--status")
	if code != 0 || !strings.Contains(out, "pending 0001_init") {
		t.Fatalf("migrate --status = %d %q", code, out)
	}
	out, _, code = runCLI(t, nil, "migrate", "--db", db)
	if code != 0 || !strings.Contains(out, "applied 0001_init") {
		t.Fatalf("migrate = %d %q", code, out)
	}
	out, _, _ = runCLI(t, nil, "migrate", "--db", db)
	if !strings.Contains(out, "up to date") {
		t.Fatalf("second migrate = %q", out)
	}
}

func TestInterleavedFlags(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	_, stderr, code := runCLI(t, nil, "scan", "local", "testdata/flask", "--db", db)
	if code != 0 {
		t.Fatalf("flags after DIR: exit %d: %s", code, stderr)
	}
}
