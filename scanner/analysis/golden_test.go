package analysis

import (
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/ent/credential"

	"github.com/privgraph/privgraph/scanner"
	"github.com/privgraph/privgraph/scanner/fingerprint"
	"github.com/privgraph/privgraph/scanner/github"
	"github.com/privgraph/privgraph/scanner/githubtest"
	"github.com/privgraph/privgraph/scanner/gitlab"
	"github.com/privgraph/privgraph/scanner/gitlabtest"
	"github.com/privgraph/privgraph/scanner/transport"
)

var update = flag.Bool("update", false, "rewrite golden files")

// goldenFinding is what a reviewer reads in a golden file.
type goldenFinding struct {
	Rule       string `json:"rule"`
	Severity   string `json:"severity"`
	Repository string `json:"repository,omitempty"`
	Evidence   string `json:"evidence"`
	Title      string `json:"title"`
}

// TestGoldenDemoOrg scans the demo organization of the fake GitHub API with
// the real scanner and compares every finding with
// testdata/demo-github.golden.json (rewrite with -update, review the diff).
func TestGoldenDemoOrg(t *testing.T) {
	srv := githubtest.NewServer(t, githubtest.DemoOrg())
	c := openDB(t)
	src := github.New(github.Options{BaseURL: srv.APIURL, Token: transport.NewToken("demo-token"), Now: func() time.Time { return testNow }})
	s, err := scanner.Run(t.Context(), c, src, scanner.RunOptions{Platform: scanner.GitHub, Target: "demo", Now: func() time.Time { return testNow },
		Analyze: analyzeAt(testNow)})
	if err != nil || s.Status == "FAILED" {
		t.Fatalf("scan: %v (%s)", err, s.Error)
	}
	compareGolden(t, filepath.Join("testdata", "demo-github.golden.json"), goldenFindings(t, c))
	validateChecklistSARIF(t, c)
}

// TestGoldenDemoGroup does the same for the demo group of the fake GitLab
// API (testdata/demo-gitlab.golden.json).
func TestGoldenDemoGroup(t *testing.T) {
	srv := gitlabtest.NewServer(t, gitlabtest.DemoFixture())
	c := openDB(t)
	tr := transport.New(transport.Options{Token: transport.NewToken("demo-token"), AuthHeader: "PRIVATE-TOKEN"})
	key := make([]byte, fingerprint.KeySize)
	src := gitlab.New(gitlab.Options{HTTPClient: tr.Client(), BaseURL: srv.URL, Fingerprinter: fingerprint.New(key)})
	s, err := scanner.Run(t.Context(), c, src, scanner.RunOptions{Platform: scanner.GitLab, Target: gitlabtest.DemoGroup,
		Now: func() time.Time { return testNow }, Analyze: analyzeAt(testNow)})
	if err != nil || s.Status == "FAILED" {
		t.Fatalf("scan: %v (%s)", err, s.Error)
	}
	compareGolden(t, filepath.Join("testdata", "demo-gitlab.golden.json"), goldenFindings(t, c))
	validateChecklistSARIF(t, c)
	checkProtectedNPMToken(t, c)
}

// checkProtectedNPMToken: the storefront's NPM_TOKEN is protected and only
// the tag-only publish job uses it, but `build-image` and `test` have no
// rules and run on the default branch and on tags too, where GitLab hands
// them every protected variable: they stay exposed, with a reason that
// says where.
func checkProtectedNPMToken(t *testing.T, c *ent.Client) {
	t.Helper()
	cred, err := c.Credential.Query().Where(credential.Name("NPM_TOKEN"), credential.Protected(true)).Only(t.Context())
	if err != nil {
		t.Fatalf("protected NPM_TOKEN of the demo storefront: %v", err)
	}
	var jobs []string
	for _, j := range cred.QueryExposedJobs().AllX(t.Context()) {
		jobs = append(jobs, j.Name)
	}
	sort.Strings(jobs)
	want := []string{"build-image", "deploy-staging", "publish-package", "test"}
	if diff := cmp.Diff(want, jobs); diff != "" {
		t.Errorf("NPM_TOKEN exposed jobs (-want +got):\n%s", diff)
	}
	if !cmp.Equal(cred.NeededBy, []string{"DEPLOY"}) || len(cred.OverScopeReasons) == 0 ||
		!strings.Contains(cred.OverScopeReasons[0], "in pipelines of protected branches and tags") {
		t.Errorf("NPM_TOKEN needed by %v, reasons %q; want [DEPLOY] and a reason naming protected refs", cred.NeededBy, cred.OverScopeReasons)
	}
}

func analyzeAt(now time.Time) func(ctx context.Context, c *ent.Client, id int) error {
	return func(ctx context.Context, c *ent.Client, id int) error {
		_, err := New(c, Options{Now: func() time.Time { return now }}).Run(ctx, id)
		return err
	}
}

func goldenFindings(t *testing.T, c *ent.Client) []goldenFinding {
	t.Helper()
	items, err := Checklist(t.Context(), c, ChecklistFilter{})
	if err != nil {
		t.Fatalf("Checklist: %v", err)
	}
	got := make([]goldenFinding, 0, len(items))
	for _, it := range items {
		got = append(got, goldenFinding{it.Rule, it.Severity, it.Repository, it.Evidence, it.Title})
	}
	sort.SliceStable(got, func(i, j int) bool {
		a, b := got[i], got[j]
		if a.Repository != b.Repository {
			return a.Repository < b.Repository
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		return a.Evidence < b.Evidence
	})
	return got
}

func compareGolden(t *testing.T, path string, got any) {
	t.Helper()
	b, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	b = append(b, '\n')
	if *update {
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden (run with -update to create it): %v", err)
	}
	if diff := cmp.Diff(string(want), string(b)); diff != "" {
		t.Errorf("%s (-want +got):\n%s", path, diff)
	}
}
