package github_test

import (
	"testing"
	"time"

	"github.com/privgraph/privgraph/scanner/github"
	"github.com/privgraph/privgraph/scanner/githubtest"
)

// TestRunnersForExpressionRunsOn: a job whose runs-on is an expression
// the parser cannot resolve (a matrix from fromJSON) may run on
// self-hosted runners, so the repository's runners are read; a repository
// whose jobs all run on GitHub-hosted images is not asked.
func TestRunnersForExpressionRunsOn(t *testing.T) {
	const matrixCI = `name: ci
on: push
jobs:
  build:
    strategy:
      matrix:
        os: ${{ fromJSON(vars.RUNNER_LABELS) }}
    runs-on: ${{ matrix.os }}
    steps:
      - run: make
`
	const hostedCI = `name: ci
on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: make
`
	runner := []githubtest.Runner{{ID: 1, Name: "gpu-01", OS: "linux", Status: "online", Labels: []string{"self-hosted", "gpu"}}}
	org := &githubtest.Org{Login: "acme", Repos: []githubtest.Repo{
		{ID: 1, Name: "matrix", Files: map[string]string{".github/workflows/ci.yml": matrixCI}, Runners: runner},
		{ID: 2, Name: "hosted", Files: map[string]string{".github/workflows/ci.yml": hostedCI}, Runners: runner},
	}}
	srv := githubtest.NewServer(t, org)
	s, _ := newScanner(t, srv, github.Options{}, nil)
	f, err := s.Scan(t.Context(), "acme")
	if err != nil {
		t.Fatal(err)
	}
	var asked []string
	for _, r := range srv.Requests() {
		if r.Endpoint == "GET /repos/{owner}/{repo}/actions/runners" {
			asked = append(asked, r.Path)
		}
	}
	if len(asked) != 1 || asked[0] != "/repos/acme/matrix/actions/runners" {
		t.Errorf("runner requests %q, want only /repos/acme/matrix/actions/runners", asked)
	}
	var found bool
	for _, g := range f.RunnerGroups {
		if g.Level == "repository" && g.Name == "acme/matrix" && len(g.Runners) == 1 && g.Runners[0].Name == "gpu-01" {
			found = true
		}
	}
	if !found {
		t.Errorf("runner groups %+v, want acme/matrix's runner gpu-01", f.RunnerGroups)
	}
}

// TestBoundedConcurrency: Concurrency bounds the requests in flight.
//
// The bound: a scan reads the organization (one request), lists the
// repositories (GraphQL pages, one after another), then reads the
// organization-level resources in an errgroup limited to Concurrency, and
// only after that group has finished reads the repositories in another
// group limited to Concurrency. One repository's reads are sequential (its
// steps, then CODEOWNERS, workflows and runners, one request at a time), so
// per-repository parallelism is 1 and the repository phase keeps at most
// Concurrency × 1 requests outstanding; the organization phase at most
// Concurrency; the two never overlap. Hence max ≤ Concurrency (a GitHub
// App would add at most one token mint to that; this scan uses a token).
// With latency making requests overlap, max > 1.
func TestBoundedConcurrency(t *testing.T) {
	const concurrency = 2
	const perRepository = 1 // sequential reads within one repository
	srv := githubtest.NewServer(t, githubtest.DemoOrg())
	srv.SetLatency(5 * time.Millisecond)
	s, _ := newScanner(t, srv, github.Options{Concurrency: concurrency}, nil)
	f, err := s.Scan(t.Context(), "demo")
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Repositories) != 13 {
		t.Fatalf("%d repositories, want 13", len(f.Repositories))
	}
	bound := max(concurrency*perRepository, concurrency) // repository phase, organization phase
	if got := srv.MaxInFlight(); got <= 1 || got > bound {
		t.Errorf("at most %d requests were in flight at once, want 1 < n ≤ %d (Concurrency %d)", got, bound, concurrency)
	}
}
