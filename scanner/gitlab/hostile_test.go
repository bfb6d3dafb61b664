package gitlab_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/privgraph/privgraph/scanner/gitlab"
	"github.com/privgraph/privgraph/scanner/gitlabtest"
)

// TestHostileProjects: odd names, oversized files, include loops and
// bombs, CI configuration held elsewhere. The scan finishes, bounded.
func TestHostileProjects(t *testing.T) {
	fx := gitlabtest.DemoFixture()
	var includes strings.Builder
	includes.WriteString("include:\n")
	for i := range 50 {
		fmt.Fprintf(&includes, "  - local: ci/%02d.yml\n", i)
	}
	fx.Projects = append(fx.Projects,
		gitlabtest.Project{ID: 2001, Path: "demo/web/<script>alert(1)</script>", DefaultBranch: "main",
			Files: map[string]string{".gitlab-ci.yml": "job:\n  script: [echo \"<b>hi</b>\"]\n"}},
		gitlabtest.Project{ID: 2002, Path: "demo/web/huge", DefaultBranch: "main",
			Files: map[string]string{".gitlab-ci.yml": "job:\n  script:\n" + strings.Repeat("    - echo aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n", 70000)}},
		gitlabtest.Project{ID: 2003, Path: "demo/web/loop", DefaultBranch: "main",
			Files: map[string]string{".gitlab-ci.yml": "include:\n  - local: a.yml\njob:\n  script: [x]\n", "a.yml": "include:\n  - local: .gitlab-ci.yml\n"}},
		gitlabtest.Project{ID: 2004, Path: "demo/web/many-includes", DefaultBranch: "main",
			Files: map[string]string{".gitlab-ci.yml": includes.String() + "job:\n  script: [x]\n"}},
		gitlabtest.Project{ID: 2005, Path: "demo/web/bomb", DefaultBranch: "main",
			Files: map[string]string{".gitlab-ci.yml": "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e]\njob:\n  script: [x]\n"}},
		gitlabtest.Project{ID: 2006, Path: "demo/web/remote-ci", DefaultBranch: "main", CIConfigPath: "https://ci.example.com/pipeline.yml"},
		gitlabtest.Project{ID: 2007, Path: "demo/web/central-ci", DefaultBranch: "main", CIConfigPath: "shared.yml@demo/web/storefront"},
	)
	fx.Projects[2].Files["shared.yml"] = "shared-job:\n  script: [echo shared]\n"
	r := newRig(t, fx, func(o *gitlab.Options) { o.MaxIncludes = 10 })
	start := time.Now()
	f, err := r.scanner.Scan(t.Context(), "demo")
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("scan took %v", d)
	}
	if repo := findRepo(t, f, "demo/web/<script>alert(1)</script>"); len(repo.Pipelines) != 1 {
		t.Errorf("script-named project pipelines = %d", len(repo.Pipelines))
	}
	huge := findRepo(t, f, "demo/web/huge")
	if len(huge.Pipelines) != 1 || len(huge.Pipelines[0].Errors) == 0 || !strings.Contains(huge.Pipelines[0].Errors[0].Message, "larger than") {
		t.Errorf("huge pipeline = %+v, want one error saying the file is too large", huge.Pipelines)
	}
	if loop := findRepo(t, f, "demo/web/loop"); len(loop.Pipelines) != 1 {
		t.Errorf("loop pipelines = %d", len(loop.Pipelines))
	}
	if got := r.srv.Count("/projects/2004/repository/files/*/raw"); got > 11+3 {
		t.Errorf("many-includes: %d file reads, want at most the CI file, 10 includes and 3 CODEOWNERS", got)
	}
	if bomb := findRepo(t, f, "demo/web/bomb"); len(bomb.Pipelines) != 1 {
		t.Errorf("bomb pipelines = %d", len(bomb.Pipelines))
	}
	if remote := findRepo(t, f, "demo/web/remote-ci"); len(remote.Pipelines) != 0 {
		t.Errorf("remote-ci pipelines = %d, want 0 (remote configuration is not fetched)", len(remote.Pipelines))
	}
	found := false
	for _, g := range f.Gaps {
		if strings.Contains(g, "demo/web/remote-ci") && strings.Contains(g, "remote URL") {
			found = true
		}
	}
	if !found {
		t.Errorf("Gaps = %q, want one for demo/web/remote-ci", f.Gaps)
	}
	central := findRepo(t, f, "demo/web/central-ci")
	if len(central.Pipelines) != 1 || central.Pipelines[0].Path != "shared.yml" || len(central.Pipelines[0].Jobs) != 1 {
		t.Errorf("central-ci pipelines = %+v, want shared.yml from demo/web/storefront", central.Pipelines)
	}
}
