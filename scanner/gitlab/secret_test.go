package gitlab_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/ent/credential"
	"github.com/privgraph/privgraph/migrations"
	"github.com/privgraph/privgraph/migrations/migratetest"
	"github.com/privgraph/privgraph/scanner"
	"github.com/privgraph/privgraph/scanner/analysis"
	"github.com/privgraph/privgraph/scanner/gitlabtest"
)

// TestValuesNeverKept plants sentinel values in every variable of the demo
// group, scans it into a real SQLite file through scanner.Run (analysis
// included), and searches the database file and its WAL, the logs, the
// progress output and the facts for them.
func TestValuesNeverKept(t *testing.T) {
	db := migratetest.OpenSQLite(t)
	r := newRig(t, gitlabtest.DemoFixture())
	log := slog.New(slog.NewTextHandler(r.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	var progress bytes.Buffer
	s, err := scanner.Run(t.Context(), db.Client, r.scanner, scanner.RunOptions{
		Platform: scanner.GitLab, Target: "demo", Logger: log,
		Progress: func(format string, args ...any) { fmt.Fprintf(&progress, format+"\n", args...) },
		Analyze: func(ctx context.Context, c *ent.Client, id int) error {
			_, err := analysis.New(c, analysis.Options{Logger: log}).Run(ctx, id)
			return err
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if s.Status != "PARTIAL" || s.Credentials == 0 {
		t.Errorf("scan = %s with %d credentials; want PARTIAL (the instance gap) with credentials", s.Status, s.Credentials)
	}
	// The fingerprints are there: the check below would see values if they were.
	reg, err := db.Client.Credential.Query().Where(credential.Name("REGISTRY_PASSWORD")).Only(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(reg.ValueFingerprint, "hmac-sha256:") {
		t.Errorf("REGISTRY_PASSWORD fingerprint = %q", reg.ValueFingerprint)
	}

	facts, err := r.scanner.Scan(t.Context(), "demo")
	if err != nil {
		t.Fatal(err)
	}
	var files bytes.Buffer
	path := migrations.SQLitePath(db.DSN)
	matches, _ := filepath.Glob(path + "*")
	for _, m := range matches {
		b, err := os.ReadFile(m)
		if err != nil {
			t.Fatal(err)
		}
		files.Write(b)
	}
	if !bytes.Contains(files.Bytes(), []byte("SHARED_REGISTRY_PASSWORD")) {
		t.Fatalf("control failed: a variable name is not in %v", matches)
	}
	assertNoSentinel(t, "the database files", files.String())
	assertNoSentinel(t, "the logs", r.logs.String())
	assertNoSentinel(t, "the progress output", progress.String())
	assertNoSentinel(t, "the facts (%#v)", fmt.Sprintf("%#v", facts))
	assertNoSentinel(t, "the facts (%+v)", fmt.Sprintf("%+v", facts))
}

// TestSubgroupsForbiddenStillIngests: when the subgroups cannot be listed,
// their projects belong to the top group and the scan is written, PARTIAL.
func TestSubgroupsForbiddenStillIngests(t *testing.T) {
	db := migratetest.Open(t)
	r := newRig(t, gitlabtest.DemoFixture())
	r.srv.Forbid("/groups/100/descendant_groups")
	s, err := scanner.Run(t.Context(), db, r.scanner, scanner.RunOptions{Platform: scanner.GitLab, Target: "demo"})
	if err != nil {
		t.Fatal(err)
	}
	if s.Status != "PARTIAL" || s.Repositories != 4 {
		t.Errorf("scan = %s with %d repositories, want PARTIAL with 4", s.Status, s.Repositories)
	}
	owners, err := db.Owner.Query().Count(t.Context())
	if err != nil || owners != 1 {
		t.Errorf("owners = %d, %v; want only the top group", owners, err)
	}
}

// TestRescanIsStable: a second scan of an unchanged group records no
// change (stable keys, stable order); a changed variable is one change.
func TestRescanIsStable(t *testing.T) {
	db := migratetest.Open(t)
	r := newRig(t, gitlabtest.DemoFixture())
	run := func() int {
		t.Helper()
		s, err := scanner.Run(t.Context(), db, r.scanner, scanner.RunOptions{Platform: scanner.GitLab, Target: "demo"})
		if err != nil {
			t.Fatal(err)
		}
		n, err := s.QueryChanges().Count(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	run()
	if n := run(); n != 0 {
		changes, _ := db.Change.Query().All(t.Context())
		for _, c := range changes {
			t.Logf("change %s %s %s", c.Kind, c.Entity, c.EntityKey)
		}
		t.Errorf("rescan of an unchanged group recorded %d changes, want 0", n)
	}
	r.srv.Update(func(f *gitlabtest.Fixture) { f.Projects[0].Variables[0].Protected = true }) // AWS_ACCESS_KEY_ID
	if n := run(); n != 1 {
		t.Errorf("rescan after protecting one variable recorded %d changes, want 1", n)
	}
}

// TestPartialRescanKeepsUnread: a rescan that cannot read the variables of
// the projects (403) says so in Facts.Unread, and Ingest keeps the
// variables the first scan found.
func TestPartialRescanKeepsUnread(t *testing.T) {
	db := migratetest.Open(t)
	r := newRig(t, gitlabtest.DemoFixture())
	keys := func() map[string]bool {
		t.Helper()
		cs, err := db.Credential.Query().Where(credential.KindEQ(credential.KindCI_VARIABLE), credential.ScopeEQ(credential.ScopeREPOSITORY)).All(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]bool{}
		for _, c := range cs {
			out[c.Key] = true
		}
		return out
	}
	if _, err := scanner.Run(t.Context(), db, r.scanner, scanner.RunOptions{Platform: scanner.GitLab, Target: "demo"}); err != nil {
		t.Fatal(err)
	}
	before := keys()
	r.srv.Forbid("/projects/*/variables")
	f, err := r.scanner.Scan(t.Context(), "demo")
	if err != nil {
		t.Fatal(err)
	}
	want := scanner.Unread{What: "credentials", Repository: "demo/platform/payments-api"}
	found := false
	for _, u := range f.Unread {
		found = found || u == want
	}
	if !found {
		t.Errorf("Unread = %+v, want %+v among them", f.Unread, want)
	}
	if _, err := scanner.Run(t.Context(), db, r.scanner, scanner.RunOptions{Platform: scanner.GitLab, Target: "demo"}); err != nil {
		t.Fatal(err)
	}
	after := keys()
	if !before["gitlab:demo/platform/payments-api|cred:CI_VARIABLE:KUBE_CONFIG@production"] {
		t.Fatalf("the first scan found no KUBE_CONFIG of payments-api: %v", before)
	}
	for k := range before {
		if !after[k] {
			t.Errorf("%s: lost by the partial rescan; want kept", k)
		}
	}
	if len(after) != len(before) {
		t.Errorf("project variables %d -> %d after the partial rescan; want the same", len(before), len(after))
	}
}
