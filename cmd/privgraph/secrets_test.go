package main

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/privgraph/privgraph/ent/credential"
	"github.com/privgraph/privgraph/migrations"
	"github.com/privgraph/privgraph/scanner/gitlabtest"
	"github.com/privgraph/privgraph/web"
)

// TestSecretValuesNeverKept plants sentinel values in the fake GitLab's
// variables, runs scan, report, graphql and every page, and searches the
// database file, the logs, the outputs and the HTML for them: zero hits.
// (Failures report counts, never the values.)
func TestSecretValuesNeverKept(t *testing.T) {
	base, stop, err := startFakes("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	dir := t.TempDir()
	db := filepath.Join(dir, "inventory.db")
	env := map[string]string{"PRIVGRAPH_DB": db, "GITLAB_TOKEN": "glpat-test-token-value", "PRIVGRAPH_DEBUG": "1"}
	var all bytes.Buffer
	record := func(what string, out, errOut string) {
		all.WriteString(out)
		all.WriteString(errOut)
		if n := gitlabtest.CountSentinels([]byte(out + errOut)); n > 0 {
			t.Errorf("%s printed %d secret values", what, n)
		}
	}
	out, errOut, code := runCLI(t, env, "scan", "gitlab", "--group", "demo", "--url", base)
	record("scan gitlab", out, errOut)
	if code != 0 {
		t.Fatalf("scan gitlab: exit %d\n%s", code, errOut)
	}
	for _, format := range []string{"markdown", "json", "sarif"} {
		out, errOut, _ = runCLI(t, env, "report", "--format", format)
		record("report --format "+format, out, errOut)
	}
	out, errOut, code = runCLI(t, env, "graphql", "-q", `{ credentials(first: 500) { edges { node {
		id name kind scope description environmentScope permissions neededBy exposedTo overScopeReasons
		usages { file line expression } findings { title detail evidence remediation } } } } }`)
	record("graphql", out, errOut)
	if code != 0 {
		t.Fatalf("graphql: exit %d\n%s", code, errOut)
	}
	client, err := migrations.Open(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	// The values were seen (and fingerprinted), not merely absent.
	fps := client.Credential.Query().Where(credential.ValueFingerprintNEQ("")).CountX(t.Context())
	if fps < 5 {
		t.Fatalf("only %d credentials carry a value fingerprint; the scan did not read the planted values", fps)
	}
	srv := httptest.NewServer(web.New(web.Options{Client: client}))
	t.Cleanup(srv.Close)
	paths := []string{"/", "/credentials", "/repositories", "/findings", "/scans", "/identities"}
	for _, id := range client.Credential.Query().IDsX(t.Context()) {
		paths = append(paths, "/credentials/"+strconv.Itoa(id))
	}
	for _, id := range client.Repository.Query().IDsX(t.Context()) {
		paths = append(paths, "/repositories/"+strconv.Itoa(id))
	}
	for _, p := range paths {
		resp, err := http.Get(srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		record("GET "+p, string(body), "")
	}
	client.Close()
	for _, f := range []string{db, db + "-wal", db + "-shm"} {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		if n := gitlabtest.CountSentinels(b); n > 0 {
			t.Errorf("%s holds %d secret values", filepath.Base(f), n)
		}
	}
	if bytes.Contains(all.Bytes(), []byte("glpat-test-token-value")) {
		t.Errorf("the scan token appears in output or logs")
	}
	if all.Len() == 0 {
		t.Fatal("nothing was captured")
	}
}
