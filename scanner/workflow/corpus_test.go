package workflow

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// corpusFile is one pipeline definition of testdata, with the repository
// folder it belongs to and its path inside that repository.
type corpusFile struct {
	repo string // testdata/github/owner__repo
	path string // .github/workflows/x.yml
}

func (c corpusFile) id() string {
	return filepath.Base(c.repo) + "/" + c.path
}

// corpus lists every pipeline definition under testdata/github and
// testdata/gitlab (top-level definitions only for GitLab: included files are
// read through ReadFile).
func corpus(tb testing.TB) []corpusFile {
	tb.Helper()
	var out []corpusFile
	for _, platform := range []string{"github", "gitlab"} {
		repos, err := os.ReadDir(filepath.Join("testdata", platform))
		if err != nil {
			tb.Fatalf("read testdata: %v", err)
		}
		for _, r := range repos {
			root := filepath.Join("testdata", platform, r.Name())
			out = append(out, repoFiles(tb, root, platform)...)
		}
	}
	return out
}

func repoFiles(tb testing.TB, root, platform string) []corpusFile {
	tb.Helper()
	if platform == "gitlab" {
		return []corpusFile{{repo: root, path: ".gitlab-ci.yml"}}
	}
	var out []corpusFile
	err := filepath.WalkDir(filepath.Join(root, ".github", "workflows"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		out = append(out, corpusFile{repo: root, path: filepath.ToSlash(rel)})
		return nil
	})
	if err != nil {
		tb.Fatalf("walk %s: %v", root, err)
	}
	return out
}

// repoReader reads files of one testdata repository, as a scanner would.
func repoReader(root string) ReadFile {
	return func(p string) ([]byte, error) {
		p = strings.TrimPrefix(filepath.ToSlash(p), "/")
		if !fs.ValidPath(p) {
			return nil, fs.ErrNotExist
		}
		return os.ReadFile(filepath.Join(root, filepath.FromSlash(p)))
	}
}

func parseCorpusFile(tb testing.TB, c corpusFile) Pipeline {
	tb.Helper()
	content, err := os.ReadFile(filepath.Join(c.repo, filepath.FromSlash(c.path)))
	if err != nil {
		tb.Fatalf("read %s: %v", c.id(), err)
	}
	return Parse(c.path, content, repoReader(c.repo))
}

// TestCorpusParses parses every corpus file: no internal errors, every job
// has a key, a line and a stage with a reason, and every reference has a
// file, a line and an expression.
func TestCorpusParses(t *testing.T) {
	files := corpus(t)
	if len(files) < 250 {
		t.Fatalf("corpus has %d files, want at least 250", len(files))
	}
	for _, c := range files {
		t.Run(c.id(), func(t *testing.T) {
			p := parseCorpusFile(t, c)
			for _, e := range p.Errors {
				if strings.Contains(e.Message, "internal parser error") {
					t.Errorf("parse: %v", e)
				}
			}
			if len(p.Jobs) == 0 {
				t.Errorf("no jobs; errors: %v", p.Errors)
			}
			for _, j := range p.Jobs {
				if j.Key == "" || j.Line <= 0 || j.Stage == "" || j.StageReason == "" {
					t.Errorf("job %q: key/line/stage/reason missing: line %d stage %q reason %q", j.Key, j.Line, j.Stage, j.StageReason)
				}
				file := j.File
				if file == "" {
					file = c.path
				}
				checkLine(t, c, file, j.Line, j.Key+":", "job "+j.Key)
				for _, st := range j.Detail.Steps {
					if st.File == "" && p.Kind == GitHubActions {
						checkLine(t, c, c.path, st.Line, "-", "a step of job "+j.Key)
					}
				}
				for _, r := range j.References {
					if r.File == "" || r.Line <= 0 || r.Expression == "" || r.Name == "" || r.Via == "" {
						t.Errorf("job %q: incomplete reference %+v", j.Key, r)
						continue
					}
					checkRefLine(t, c, j.Key, r)
				}
			}
		})
	}
}

// checkLine asserts that line n of file holds want (after quotes are
// removed).
func checkLine(t *testing.T, c corpusFile, file string, n int, want, what string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(c.repo, filepath.FromSlash(file)))
	if err != nil {
		t.Errorf("%s: file %s cannot be read", what, file)
		return
	}
	lines := strings.Split(string(b), "\n")
	if n < 1 || n > len(lines) {
		t.Errorf("%s: line %d is outside %s", what, n, file)
		return
	}
	l := strings.NewReplacer(`"`, "", "'", "").Replace(lines[n-1])
	if !strings.Contains(l, want) {
		t.Errorf("%s at %s:%d, but the line is %q", what, file, n, lines[n-1])
	}
}

// checkRefLine asserts that the line a reference points at shows it: the
// expression's first line, or the name it reads.
func checkRefLine(t *testing.T, c corpusFile, job string, r Reference) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(c.repo, filepath.FromSlash(r.File)))
	if err != nil {
		t.Errorf("job %q: reference names file %s, which cannot be read", job, r.File)
		return
	}
	lines := strings.Split(string(b), "\n")
	if r.Line > len(lines) {
		t.Errorf("job %q: reference %s at %s:%d, past the end", job, r.Name, r.File, r.Line)
		return
	}
	l := lines[r.Line-1]
	first, _, _ := strings.Cut(r.Expression, "\n")
	if strings.Contains(l, first) || strings.Contains(l, r.Name) || (r.EnvVar != "" && strings.Contains(l, r.EnvVar)) {
		return
	}
	t.Errorf("job %q: reference %s (%q) at %s:%d, but the line is %q", job, r.Name, first, r.File, r.Line, l)
}
