package workflow

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite testdata/golden/*.golden.json")

// goldenFiles picks the corpus files with golden output: the first two
// workflows of every GitHub repository, the named ones below, and every
// GitLab configuration.
func goldenFiles(tb testing.TB) []corpusFile {
	tb.Helper()
	extra := map[string]bool{
		"cli__cli/.github/workflows/deployment.yml":                           true,
		"cli__cli/.github/workflows/triage.yml":                               true,
		"pallets__flask/.github/workflows/publish.yaml":                       true,
		"argoproj__argo-cd/.github/workflows/cherry-pick.yml":                 true,
		"argoproj__argo-cd/.github/workflows/image.yaml":                      true,
		"rust-lang__rustup/.github/workflows/ci.yaml":                         true,
		"aquasecurity__trivy/.github/workflows/release.yaml":                  true,
		"rapidsai__rmm/.github/workflows/build.yaml":                          true,
		"external-secrets__external-secrets/.github/workflows/ok-to-test.yml": true,
		"vitejs__vite/.github/workflows/publish.yml":                          true,
	}
	perRepo := map[string]int{}
	var out []corpusFile
	for _, c := range corpus(tb) {
		repo := filepath.Base(c.repo)
		if strings.Contains(c.repo, "gitlab") || perRepo[repo] < 2 || extra[c.id()] {
			perRepo[repo]++
			out = append(out, c)
		}
	}
	return out
}

// goldenView is what a golden file records: the pipeline without step
// bodies (steps are asserted by the feature tests).
func goldenView(p Pipeline) Pipeline {
	for i := range p.Jobs {
		p.Jobs[i].Detail.Steps = nil
	}
	return p
}

// TestGolden compares each chosen corpus file's parse (jobs, stages,
// permissions, references, includes, errors) with testdata/golden.
func TestGolden(t *testing.T) {
	files := goldenFiles(t)
	if len(files) < 40 {
		t.Fatalf("%d golden files, want at least 40", len(files))
	}
	for _, c := range files {
		t.Run(c.id(), func(t *testing.T) {
			got, err := json.MarshalIndent(goldenView(parseCorpusFile(t, c)), "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			name := filepath.Join("testdata", "golden", strings.ReplaceAll(c.id(), "/", "__")+".golden.json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(name, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(name)
			if err != nil {
				t.Fatalf("read golden (run with -update): %v", err)
			}
			if !bytes.Equal(want, got) {
				t.Errorf("parse differs from %s (-want +got):\n%s", name, cmp.Diff(string(want), string(got)))
			}
		})
	}
}
