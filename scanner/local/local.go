// Package local scans a directory of checkouts without any network: each
// first-level folder that holds a pipeline definition is a repository (the
// directory itself when it holds one). It reads GitHub Actions workflows,
// .gitlab-ci.yml (with its local includes), Jenkinsfile and CODEOWNERS.
// Referenced secrets and variables become credentials of scope UNKNOWN:
// only an API scan knows where they are stored.
package local

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/privgraph/privgraph/scanner"
	"github.com/privgraph/privgraph/scanner/workflow"
)

// MaxFileBytes bounds what is read of one file; larger definitions are
// recorded with an error instead of being parsed.
const MaxFileBytes = 25 << 20

// MaxRepositories bounds the folders one scan reads.
const MaxRepositories = 10000

// Options configures a Scanner. The zero value works.
type Options struct {
	Logger   *slog.Logger
	Progress func(format string, args ...any)
}

// Scanner reads pipeline definitions from disk.
type Scanner struct {
	log      *slog.Logger
	progress func(format string, args ...any)
}

// New returns a local scanner.
func New(opts Options) *Scanner {
	s := &Scanner{log: opts.Logger, progress: opts.Progress}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.progress == nil {
		s.progress = func(string, ...any) {}
	}
	return s
}

// Scan reads dir. It fails only when dir cannot be read at all; a file that
// cannot be read or parsed is recorded on its pipeline and the scan goes on.
func (s *Scanner) Scan(ctx context.Context, dir string) (*scanner.Facts, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("resolve %s: %w", dir, err)
	}
	st, err := os.Stat(abs)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", dir, err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("%s is not a directory", dir)
	}
	repos, err := findRepositories(abs)
	if err != nil {
		return nil, err
	}
	if len(repos) == 0 {
		return nil, fmt.Errorf("no pipeline definitions in %s or its first-level folders (looked for .github/workflows/*.yml, .gitlab-ci.yml, Jenkinsfile)", dir)
	}
	f := &scanner.Facts{Platform: scanner.Local, Target: abs, Owner: scanner.Owner{Name: abs}}
	for i, r := range repos {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		repo, err := s.readRepository(r.dir, r.name)
		if err != nil {
			f.Gaps = append(f.Gaps, err.Error())
			continue
		}
		f.Repositories = append(f.Repositories, repo)
		s.progress("read %s (%d/%d)", r.name, i+1, len(repos))
	}
	return f, nil
}

type candidate struct{ dir, name string }

// findRepositories lists dir itself when it holds pipeline definitions,
// else its first-level folders that do.
func findRepositories(dir string) ([]candidate, error) {
	if hasPipelines(dir) {
		return []candidate{{dir, filepath.Base(dir)}}, nil
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", dir, err)
	}
	var out []candidate
	for _, e := range entries {
		if !e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		sub := filepath.Join(dir, e.Name())
		if hasPipelines(sub) {
			out = append(out, candidate{sub, e.Name()})
		}
		if len(out) >= MaxRepositories {
			break
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out, nil
}

func hasPipelines(dir string) bool {
	for _, p := range []string{".gitlab-ci.yml", "Jenkinsfile"} {
		if st, err := os.Stat(filepath.Join(dir, p)); err == nil && st.Mode().IsRegular() {
			return true
		}
	}
	return len(workflowFiles(dir)) > 0
}

func workflowFiles(dir string) []string {
	entries, err := os.ReadDir(filepath.Join(dir, ".github", "workflows"))
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		n := e.Name()
		if e.Type().IsRegular() && (strings.HasSuffix(n, ".yml") || strings.HasSuffix(n, ".yaml")) {
			out = append(out, path.Join(".github/workflows", n))
		}
	}
	sort.Strings(out)
	return out
}

// readRepository reads one folder's definitions through an os.Root, so
// that no path in a workflow (includes, reusable workflows) or a symlink
// reads outside the folder.
func (s *Scanner) readRepository(dir, name string) (scanner.Repository, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return scanner.Repository{}, fmt.Errorf("%s: cannot open folder: %v", name, err)
	}
	defer root.Close()
	read := func(p string) ([]byte, error) { return readBounded(root, p) }
	repo := scanner.Repository{FullName: name}
	var paths []string
	paths = append(paths, workflowFiles(dir)...)
	for _, p := range []string{".gitlab-ci.yml", "Jenkinsfile"} {
		if _, err := root.Stat(p); err == nil {
			paths = append(paths, p)
		}
	}
	for _, p := range paths {
		content, err := read(p)
		if err != nil {
			repo.Pipelines = append(repo.Pipelines, workflow.Pipeline{
				Path: p, Kind: kindOf(p),
				Errors: []workflow.ParseError{{File: p, Message: strings.TrimPrefix(err.Error(), p+": ")}},
			})
			continue
		}
		repo.Pipelines = append(repo.Pipelines, workflow.Parse(p, content, read))
	}
	for _, p := range scanner.CodeOwnersPaths {
		content, err := read(p)
		if err != nil {
			continue
		}
		repo.CodeOwners = append(repo.CodeOwners, scanner.ParseCodeOwners(p, content))
	}
	return repo, nil
}

func kindOf(p string) workflow.Kind {
	switch {
	case strings.HasSuffix(p, "Jenkinsfile"):
		return workflow.Jenkins
	case strings.Contains(p, "gitlab-ci"):
		return workflow.GitLabCI
	}
	return workflow.GitHubActions
}

// readBounded reads a file of the folder, refusing what is too large.
func readBounded(root *os.Root, p string) ([]byte, error) {
	p = strings.TrimPrefix(path.Clean("/"+p), "/")
	f, err := root.Open(p)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%s: %w", p, fs.ErrNotExist)
		}
		return nil, fmt.Errorf("%s: cannot read: %v", p, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("%s: cannot read: %v", p, err)
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file", p)
	}
	if st.Size() > MaxFileBytes {
		return nil, fmt.Errorf("%s: %d bytes is larger than the %d MB limit; not parsed", p, st.Size(), MaxFileBytes>>20)
	}
	b := make([]byte, st.Size())
	if _, err := io.ReadFull(f, b); err != nil {
		return nil, fmt.Errorf("%s: cannot read: %v", p, err)
	}
	return b, nil
}
