package web_test

import (
	"flag"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/privgraph/privgraph/graph/graphtest"
	"github.com/privgraph/privgraph/migrations/migratetest"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.html")

// csrfValue matches the per-process CSRF tokens in forms, which the golden
// files hold as a placeholder.
var csrfValue = regexp.MustCompile(`(name="csrf" value=")[^"]*(")`)

// TestGoldenPages renders every main page over a fixed seeded inventory and
// compares the whole HTML with testdata/<page>.golden.html (rewritten only
// with -update; read the diff in review).
func TestGoldenPages(t *testing.T) {
	c := migratetest.Open(t)
	inv := graphtest.Seed(t, c, 3)
	h := newServer(t, c, false)
	pages := []struct{ name, path string }{
		{"overview", "/"},
		{"credentials", "/credentials"},
		{"credential", fmt.Sprintf("/credentials/%d", inv.AWSKey.ID)},
		{"repositories", "/repositories"},
		{"repository", fmt.Sprintf("/repositories/%d", inv.Repo.ID)},
		{"identities", "/identities"},
		{"findings", "/findings"},
		{"team", "/teams/payments"},
		{"scans", "/scans"},
		{"scan", fmt.Sprintf("/scans/%d", inv.LatestScan.ID)},
	}
	for _, p := range pages {
		t.Run(p.name, func(t *testing.T) {
			rec, _ := get(t, h, p.path)
			if rec.Code != http.StatusOK {
				t.Fatalf("GET %s = %d", p.path, rec.Code)
			}
			got := golden(rec.Body.String())
			file := filepath.Join("testdata", p.name+".golden.html")
			if *update {
				if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (run go test ./web/ -run TestGoldenPages -update to write it)", err)
			}
			if got != string(want) {
				t.Errorf("GET %s differs from %s; run with -update and read the diff:\n%s", p.path, file, firstDiff(string(want), got))
			}
		})
	}
}

// golden is a page as its golden file holds it: CSRF tokens replaced by a
// placeholder, and a line break between adjacent tags so that a diff points
// at the element that changed.
func golden(html string) string {
	html = csrfValue.ReplaceAllString(html, "${1}CSRF${2}")
	return strings.ReplaceAll(html, "><", ">\n<")
}

// firstDiff shows the first differing line of two texts.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := range max(len(w), len(g)) {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return fmt.Sprintf("line %d:\n- %.300s\n+ %.300s", i+1, wl, gl)
		}
	}
	return ""
}
