package gitlab_test

import (
	"fmt"
	"testing"

	"github.com/privgraph/privgraph/scanner"
	"github.com/privgraph/privgraph/scanner/gitlabtest"
)

// bigFixture has one project with 250 variables (3 pages of 100) and 130
// subgroups (2 pages).
func bigFixture() *gitlabtest.Fixture {
	fx := gitlabtest.DemoFixture()
	p := &fx.Projects[0]
	for i := range 250 {
		p.Variables = append(p.Variables, gitlabtest.Variable{Key: fmt.Sprintf("BULK_%03d", i), Value: fmt.Sprintf("SENTINEL-bulk-%d-VALUE", i)})
	}
	for i := range 128 {
		fx.Groups = append(fx.Groups, gitlabtest.Group{ID: 5000 + i, Path: fmt.Sprintf("demo/web/team-%03d", i)})
	}
	return fx
}

func TestPagination(t *testing.T) {
	tests := []struct {
		name string
		// mode configures the fake's pagination.
		mode func(*gitlabtest.Fixture)
	}{
		{name: "offset with totals", mode: func(*gitlabtest.Fixture) {}},
		{name: "offset without X-Total-Pages", mode: func(f *gitlabtest.Fixture) { f.NoTotalsAbove = 50 }},
		{name: "keyset", mode: func(f *gitlabtest.Fixture) { f.Keyset = true }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fx := bigFixture()
			tc.mode(fx)
			r := newRig(t, fx)
			f, err := r.scanner.Scan(t.Context(), "demo")
			if err != nil {
				t.Fatal(err)
			}
			pay := findRepo(t, f, "demo/platform/payments-api")
			n := 0
			for _, c := range pay.Credentials {
				if c.Kind == scanner.CIVariable {
					n++
				}
			}
			if n != 255 {
				t.Errorf("payments variables = %d, want 255 (5 + 250 over three pages)", n)
			}
			if got := r.srv.Count("/projects/1001/variables"); got != 3 {
				t.Errorf("variable pages requested = %d, want 3", got)
			}
			if len(f.Subgroups) != 130 {
				t.Errorf("Subgroups = %d, want 130", len(f.Subgroups))
			}
			if got := r.srv.Count("/groups/100/descendant_groups"); got != 2 {
				t.Errorf("subgroup pages requested = %d, want 2", got)
			}
			for _, req := range r.srv.Requests() {
				if req.Query.Get("per_page") == "" && (req.Path == "/projects/1001/variables" || req.Path == "/groups/100/descendant_groups") {
					t.Errorf("%s requested without per_page", req.Path)
				}
			}
		})
	}
}

// TestKeysetFallback: an instance that refuses keyset pagination (405) on
// the project listing gets offset pagination instead.
func TestKeysetFallback(t *testing.T) {
	r := newRig(t, bigFixture())
	r.srv.Fail("/groups/100/projects", 405, 1)
	f, err := r.scanner.Scan(t.Context(), "demo")
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Repositories) != 4 {
		t.Errorf("Repositories = %d, want 4", len(f.Repositories))
	}
	reqs := r.srv.Requests()
	var modes []string
	for _, q := range reqs {
		if q.Path == "/groups/100/projects" {
			modes = append(modes, fmt.Sprintf("%d pagination=%q", q.Status, q.Query.Get("pagination")))
		}
	}
	want := []string{`405 pagination="keyset"`, `200 pagination=""`}
	if fmt.Sprint(modes) != fmt.Sprint(want) {
		t.Errorf("project listing requests = %v, want %v", modes, want)
	}
}
