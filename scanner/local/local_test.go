package local_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/ent/change"
	"github.com/privgraph/privgraph/ent/credential"
	"github.com/privgraph/privgraph/ent/repository"
	"github.com/privgraph/privgraph/ent/scan"
	"github.com/privgraph/privgraph/migrations/migratetest"
	"github.com/privgraph/privgraph/scanner"
	"github.com/privgraph/privgraph/scanner/local"
)

func scanDir(t *testing.T, client *ent.Client, dir string) (*ent.Scan, error) {
	t.Helper()
	return scanner.Run(t.Context(), client, local.New(local.Options{}), scanner.RunOptions{
		Platform: scanner.Local, Target: dir,
	})
}

// corpusCounts are the files under testdata/corpus: 49 GitHub workflow
// files in 6 repositories and 2 GitLab projects (one .gitlab-ci.yml each).
const (
	corpusRepos     = 8
	corpusPipelines = 51
)

func TestScanCorpus(t *testing.T) {
	migratetest.Each(t, func(t *testing.T, db migratetest.DB) {
		s, err := scanDir(t, db.Client, "testdata/corpus")
		if err != nil {
			t.Fatalf("scan: %v", err)
		}
		if s.Status != scan.StatusSUCCEEDED {
			t.Fatalf("status = %s (%v), want SUCCEEDED", s.Status, s.CoverageGaps)
		}
		if s.Repositories != corpusRepos || s.Pipelines != corpusPipelines {
			t.Fatalf("scan counts repos=%d pipelines=%d, want %d and %d", s.Repositories, s.Pipelines, corpusRepos, corpusPipelines)
		}
		ctx := t.Context()
		assertCount(t, "repositories", db.Client.Repository.Query().CountX(ctx), corpusRepos)
		assertCount(t, "pipelines", db.Client.Pipeline.Query().CountX(ctx), corpusPipelines)
		jobs := db.Client.Job.Query().CountX(ctx)
		if jobs < 100 || jobs != s.Jobs {
			t.Fatalf("jobs in graph = %d, scan says %d; want the same and at least 100", jobs, s.Jobs)
		}
		// rustup's ci.yaml reads static AWS keys: they must be credentials of
		// unknown scope, referenced with file:line.
		aws, err := db.Client.Credential.Query().Where(credential.Name("AWS_ACCESS_KEY_ID"),
			credential.HasRepositoryWith(repository.FullName("rust-lang__rustup"))).WithUsages().Only(ctx)
		if err != nil {
			t.Fatalf("AWS_ACCESS_KEY_ID of rustup: %v", err)
		}
		if aws.Scope != credential.ScopeUNKNOWN || !aws.StaticCloudKey || len(aws.Edges.Usages) == 0 {
			t.Fatalf("AWS_ACCESS_KEY_ID = scope %s static %v usages %d; want UNKNOWN, true, >0", aws.Scope, aws.StaticCloudKey, len(aws.Edges.Usages))
		}
		for _, u := range aws.Edges.Usages {
			if u.File != ".github/workflows/ci.yaml" || u.Line == 0 || !strings.Contains(u.Expression, "AWS_ACCESS_KEY_ID") {
				t.Errorf("usage = %s:%d %q; want ci.yaml with a line and the expression", u.File, u.Line, u.Expression)
			}
		}
		// GitLab variables are CI_VARIABLE; predefined CI_* are not credentials.
		if n := db.Client.Credential.Query().Where(credential.NameHasPrefix("CI_")).CountX(ctx); n != 0 {
			t.Errorf("%d credentials named CI_*; predefined variables are not credentials", n)
		}
		if n := db.Client.Credential.Query().Where(credential.KindEQ(credential.KindCI_VARIABLE)).CountX(ctx); n == 0 {
			t.Errorf("no CI_VARIABLE credentials from the GitLab projects")
		}
	})
}

func assertCount(t *testing.T, what string, got, want int) {
	t.Helper()
	if got != want {
		t.Fatalf("%s = %d, want %d", what, got, want)
	}
}

// TestRescanReplaces scans twice: the second scan updates the same rows
// (same ids) instead of adding copies, and records no changes.
func TestRescanReplaces(t *testing.T) {
	client := migratetest.Open(t)
	dir := copyTree(t, "testdata/corpus/pallets__flask")
	first, err := scanDir(t, client, dir)
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	ids := client.Credential.Query().IDsX(ctx)
	jobIDs := client.Job.Query().IDsX(ctx)
	second, err := scanDir(t, client, dir)
	if err != nil {
		t.Fatal(err)
	}
	if second.Jobs != first.Jobs || second.Credentials != first.Credentials {
		t.Fatalf("rescan counts jobs %d->%d credentials %d->%d; want equal", first.Jobs, second.Jobs, first.Credentials, second.Credentials)
	}
	if got := client.Credential.Query().IDsX(ctx); !sameInts(got, ids) {
		t.Fatalf("credential ids changed on rescan: %v -> %v", ids, got)
	}
	if got := client.Job.Query().IDsX(ctx); !sameInts(got, jobIDs) {
		t.Fatalf("job ids changed on rescan")
	}
	if n := client.Change.Query().CountX(ctx); n != 0 {
		t.Fatalf("unchanged rescan recorded %d changes", n)
	}
	// Remove a workflow and add a secret reference: the rescan records it.
	wf := filepath.Join(dir, ".github/workflows")
	entries, _ := os.ReadDir(wf)
	removed := entries[0].Name()
	if err := os.Remove(filepath.Join(wf, removed)); err != nil {
		t.Fatal(err)
	}
	extra := "name: extra\non: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./deploy.sh\n        env:\n          TOKEN: ${{ secrets.NEW_DEPLOY_TOKEN }}\n"
	if err := os.WriteFile(filepath.Join(wf, "extra.yml"), []byte(extra), 0o644); err != nil {
		t.Fatal(err)
	}
	third, err := scanDir(t, client, dir)
	if err != nil {
		t.Fatal(err)
	}
	added := client.Change.Query().Where(change.HasScanWith(scan.ID(third.ID)), change.KindEQ(change.KindADDED), change.Entity("Credential")).AllX(ctx)
	if len(added) != 1 || !strings.Contains(added[0].Summary, "NEW_DEPLOY_TOKEN") {
		t.Fatalf("added credential changes = %v, want NEW_DEPLOY_TOKEN", summaries(added))
	}
	gone := client.Change.Query().Where(change.HasScanWith(scan.ID(third.ID)), change.KindEQ(change.KindREMOVED), change.Entity("Job")).CountX(ctx)
	if gone == 0 {
		t.Fatalf("removing %s recorded no removed jobs", removed)
	}
	if n := client.Pipeline.Query().CountX(ctx); n != len(entries) {
		t.Fatalf("pipelines after rescan = %d, want %d", n, len(entries))
	}
}

// TestFailedScanKeepsInventory: a scan that fails (a vanished directory)
// is recorded FAILED and leaves the previous inventory as it was.
func TestFailedScanKeepsInventory(t *testing.T) {
	client := migratetest.Open(t)
	dir := copyTree(t, "testdata/corpus/rust-lang__rustup")
	if _, err := scanDir(t, client, dir); err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	before := client.Credential.Query().CountX(ctx)
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	s, err := scanDir(t, client, dir)
	if err == nil {
		t.Fatal("scan of a missing directory succeeded")
	}
	if s == nil || s.Status != scan.StatusFAILED || s.Error == "" {
		t.Fatalf("scan row = %+v, want FAILED with an error", s)
	}
	if after := client.Credential.Query().CountX(ctx); after != before || before == 0 {
		t.Fatalf("credentials %d -> %d after a failed scan; want unchanged", before, after)
	}
}

// TestCancelledScan: an interrupted scan writes nothing and says so.
func TestCancelledScan(t *testing.T) {
	client := migratetest.Open(t)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	s, err := scanner.Run(ctx, client, local.New(local.Options{}), scanner.RunOptions{Platform: scanner.Local, Target: "testdata/corpus"})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	_ = s
	if n := client.Repository.Query().CountX(t.Context()); n != 0 {
		t.Fatalf("cancelled scan wrote %d repositories", n)
	}
}

// TestHostileInput: HTML in folder and job names is stored as text, an
// oversized file and invalid YAML are recorded as parse errors, a symlink
// out of the folder is not followed, and the scan goes on.
func TestHostileInput(t *testing.T) {
	client := migratetest.Open(t)
	dir := t.TempDir()
	evil := filepath.Join(dir, `<img src=x onerror=alert(1)>`)
	write(t, filepath.Join(evil, ".github/workflows/x.yml"),
		"name: \"<img src=x onerror=alert(1)>\"\non: push\njobs:\n  \"<b>job</b>\":\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ secrets.TOKEN }}\n")
	write(t, filepath.Join(evil, ".github/workflows/broken.yml"), "on: [push\njobs: {")
	big := bytes.Repeat([]byte("# padding line for a very large workflow file\n"), (local.MaxFileBytes/46)+10)
	write(t, filepath.Join(dir, "big/.github/workflows/big.yml"), string(big))
	secret := filepath.Join(t.TempDir(), "outside.yml")
	write(t, secret, "on: push\njobs:\n  leak:\n    runs-on: x\n    steps: [{run: 'echo ${{ secrets.OUTSIDE }}'}]\n")
	write(t, filepath.Join(dir, "linked/.gitlab-ci.yml"), "include:\n  - local: /escape.yml\ntest:\n  script: [echo]\n")
	if err := os.Symlink(secret, filepath.Join(dir, "linked/escape.yml")); err != nil {
		t.Fatal(err)
	}
	s, err := scanDir(t, client, dir)
	if err != nil {
		t.Fatalf("scan: %v", err)
	}
	ctx := t.Context()
	if s.Repositories != 3 {
		t.Fatalf("repositories = %d (%v), want 3", s.Repositories, client.Repository.Query().Select(repository.FieldFullName).StringsX(ctx))
	}
	r := client.Repository.Query().Where(repository.FullName(`<img src=x onerror=alert(1)>`)).WithPipelines().OnlyX(ctx)
	var broken, ok bool
	for _, p := range r.Edges.Pipelines {
		if strings.HasSuffix(p.Path, "broken.yml") && p.ParseError != "" {
			broken = true
		}
		if strings.HasSuffix(p.Path, "x.yml") && p.Name == "<img src=x onerror=alert(1)>" {
			ok = true
		}
	}
	if !broken || !ok {
		t.Fatalf("pipelines of the hostile repo: broken recorded %v, html name kept as text %v", broken, ok)
	}
	bigP := client.Repository.Query().Where(repository.FullName("big")).QueryPipelines().OnlyX(ctx)
	if !strings.Contains(bigP.ParseError, "limit") {
		t.Fatalf("oversized workflow parse error = %q, want the size limit", bigP.ParseError)
	}
	if n := client.Credential.Query().Where(credential.Name("OUTSIDE")).CountX(ctx); n != 0 {
		t.Fatalf("a symlink out of the folder was followed")
	}
}

func write(t *testing.T, p, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// copyTree copies a testdata folder into a temp dir the test may change.
func copyTree(t *testing.T, src string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), filepath.Base(src))
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	return dst
}

func sameInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	m := map[int]bool{}
	for _, x := range a {
		m[x] = true
	}
	for _, x := range b {
		if !m[x] {
			return false
		}
	}
	return true
}

func summaries(cs []*ent.Change) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Summary)
	}
	return out
}
