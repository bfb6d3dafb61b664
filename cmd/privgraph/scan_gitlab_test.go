package main

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/privgraph/privgraph/migrations/migratetest"
	"github.com/privgraph/privgraph/scanner/gitlabtest"
)

func TestScanGitLabUsage(t *testing.T) {
	cases := []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"no group", map[string]string{"GITLAB_TOKEN": "t"}, nil, "--group is required"},
		{"no token", nil, []string{"--group", "demo"}, "GITLAB_TOKEN is not set"},
		{"bad url", map[string]string{"GITLAB_TOKEN": "t"}, []string{"--group", "demo", "--url", "gitlab.example.com"}, "is not an http(s) URL"},
		{"bad concurrency", map[string]string{"GITLAB_TOKEN": "t"}, []string{"--group", "demo", "--concurrency", "0"}, "--concurrency must be between 1 and 64"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"scan", "gitlab", "--db", filepath.Join(t.TempDir(), "x.db")}, tc.args...)
			_, stderr, code := runCLI(t, tc.env, args...)
			if code != 2 || !strings.Contains(stderr, tc.want) {
				t.Fatalf("privgraph %v = exit %d, stderr %q; want exit 2 containing %q", args, code, stderr, tc.want)
			}
		})
	}
}

// TestScanGitLabCLI scans the demo group through the CLI into an SQLite
// file, twice, then queries its credentials; no planted value may appear in
// the output, the database files or the GraphQL answer.
func TestScanGitLabCLI(t *testing.T) {
	fx := gitlabtest.DemoFixture()
	fx.TokenScopes = []string{"read_api", "api"}
	srv := gitlabtest.NewServer(t, fx)
	srv.AcceptTokens("glpat-cli-test")
	db := filepath.Join(t.TempDir(), "inv.db")
	env := map[string]string{"GITLAB_TOKEN": "glpat-cli-test"}
	var all strings.Builder
	for i := range 2 {
		out, stderr, code := runCLI(t, env, "scan", "gitlab", "--group", "demo", "--url", srv.URL, "--db", db, "--concurrency", "2")
		all.WriteString(out + stderr)
		if code != 0 {
			t.Fatalf("scan %d = exit %d\nstdout %s\nstderr %s", i+1, code, out, stderr)
		}
		if !strings.Contains(out, "of demo: partial — 4 repositories") || !strings.Contains(out, "not covered: Instance CI/CD variables") {
			t.Errorf("scan %d summary = %q", i+1, out)
		}
		if !strings.Contains(stderr, "warning: the scan's token can write (read_api, api)") {
			t.Errorf("scan %d stderr lacks the write-token warning: %s", i+1, stderr)
		}
		if strings.Contains(out+stderr, "glpat-cli-test") {
			t.Error("the token was printed")
		}
	}
	info, err := os.Stat(db + ".fpkey")
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("key file %s.fpkey: %v, mode %v; want 0600", db, err, info)
	}

	q := `{ credentials(first: 100, where: {kind: CI_VARIABLE}) { totalCount edges { node { name kind scope protected masked environmentScope } } } }`
	out, stderr, code := runCLI(t, nil, "graphql", "--db", db, "-q", q)
	if code != 0 {
		t.Fatalf("graphql = exit %d: %s", code, stderr)
	}
	all.WriteString(out)
	var res struct {
		Data struct {
			Credentials struct {
				TotalCount int
				Edges      []struct {
					Node struct {
						Name, Kind, Scope, EnvironmentScope string
						Protected, Masked                   bool
					}
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("graphql output %q: %v", out, err)
	}
	byName := map[string]bool{}
	for _, e := range res.Data.Credentials.Edges {
		n := e.Node
		byName[n.Name] = true
		if n.Name == "KUBE_CONFIG" && (n.Protected || n.EnvironmentScope != "production" || n.Scope != "REPOSITORY") {
			t.Errorf("KUBE_CONFIG = %+v", n)
		}
	}
	for _, name := range []string{"KUBE_CONFIG", "DEPLOY_TOKEN", "REGISTRY_PASSWORD", "SHARED_REGISTRY_PASSWORD", "VAULT_ROLE_ID"} {
		if !byName[name] {
			t.Errorf("graphql credentials lack %s: %s", name, out)
		}
	}
	q = `{ credentials(first: 50, where: {name: "KUBE_CONFIG"}) { edges { node { kind neededBy usages { job { name stage } file line } } } }
  tokens: credentials(first: 50, where: {kindIn: [PROJECT_ACCESS_TOKEN, GROUP_ACCESS_TOKEN, DEPLOY_TOKEN, DEPLOY_KEY]}) { totalCount } }`
	out, stderr, code = runCLI(t, nil, "graphql", "--db", db, "-q", q)
	if code != 0 {
		t.Fatalf("graphql = exit %d: %s", code, stderr)
	}
	all.WriteString(out)
	for _, want := range []string{`"name": "deploy-production"`, `"stage": "DEPLOY"`, `"file": ".gitlab/ci/deploy.yml"`, `"totalCount": 6`} {
		if !strings.Contains(out, want) {
			t.Errorf("graphql answer lacks %s:\n%s", want, out)
		}
	}
	matches, _ := filepath.Glob(db + "*")
	for _, m := range matches {
		b, err := os.ReadFile(m)
		if err != nil {
			t.Fatal(err)
		}
		all.Write(b)
	}
	for _, s := range gitlabtest.Sentinels() {
		if strings.Contains(all.String(), s) {
			t.Errorf("a planted value (%d bytes) appears in the output or the database files", len(s))
		}
	}
}

// TestDemoScanGitLab mounts the demo handler as `privgraph demo` does and
// scans it through demoScanGitLab.
func TestDemoScanGitLab(t *testing.T) {
	mux := http.NewServeMux()
	mux.Handle("/api/v4/", gitlabtest.NewDemoHandler())
	srv := httptest.NewServer(mux)
	defer srv.Close()
	client := migratetest.Open(t)
	var out, errb bytes.Buffer
	e := &env{stdout: &out, stderr: &errb, getenv: func(string) string { return "" }, log: slog.New(slog.NewTextHandler(&errb, nil))}
	if err := demoScanGitLab(t.Context(), e, client, srv.URL); err != nil {
		t.Fatalf("demoScanGitLab: %v\n%s", err, errb.String())
	}
	n, err := client.Repository.Query().Count(t.Context())
	if err != nil || n != 4 {
		t.Errorf("repositories = %d, %v; want the 4 demo projects", n, err)
	}
	for _, s := range gitlabtest.Sentinels() {
		if strings.Contains(out.String()+errb.String(), s) {
			t.Errorf("a planted value (%d bytes) was printed", len(s))
		}
	}
}
