package gitlab

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"strings"

	gl "gitlab.com/gitlab-org/api/client-go"

	"github.com/privgraph/privgraph/scanner"
	"github.com/privgraph/privgraph/scanner/workflow"
)

// defaultCIPath is where GitLab looks when ci_config_path is empty.
const defaultCIPath = ".gitlab-ci.yml"

// codeOwnersPaths are GitLab's CODEOWNERS locations, in its order: the
// first one found is the one GitLab uses.
var codeOwnersPaths = []string{"CODEOWNERS", "docs/CODEOWNERS", ".gitlab/CODEOWNERS"}

// maxCodeOwnersBytes matches scanner.ParseCodeOwners' bound.
const maxCodeOwnersBytes = 3 << 20

// projectFiles reads the CI configuration (with its include: local files)
// and CODEOWNERS at the default branch.
func (r *scan) projectFiles(ctx context.Context, p apiProject, repo *scanner.Repository) error {
	if p.DefaultBranch == "" || p.EmptyRepo {
		return nil
	}
	root, err := r.rootTree(ctx, p)
	if err != nil {
		return err
	}
	if err := r.pipeline(ctx, p, repo, root); err != nil {
		return err
	}
	for _, name := range codeOwnersPaths {
		if !root.mayHold(name) {
			continue
		}
		b, err := r.readFile(ctx, projectPath(p), name, p.DefaultBranch, maxCodeOwnersBytes)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		var le *limitError
		if errors.As(err, &le) {
			repo.CodeOwners = append(repo.CodeOwners, scanner.CodeOwnersFile{Path: name, Errors: []string{le.Error()}})
			return nil
		}
		if err != nil {
			return r.softRepo(err, resCodeOwners, repo.FullName)
		}
		repo.CodeOwners = append(repo.CodeOwners, scanner.ParseCodeOwners(name, b))
		return nil
	}
	return nil
}

// treeEntries are the names at a repository's root and their type (blob,
// tree); nil when unknown, and then every file may exist.
type treeEntries map[string]string

// mayHold says whether the file at path can exist, judging by the root: a
// root file must be listed, a file below a directory needs that directory.
func (t treeEntries) mayHold(path string) bool {
	if t == nil {
		return true
	}
	dir, _, nested := strings.Cut(path, "/")
	if nested {
		return t[dir] == "tree"
	}
	return t[path] == "blob"
}

// rootTree lists the repository root once, so that files that are not there
// (CODEOWNERS in three places, a missing .gitlab-ci.yml) cost no request.
func (r *scan) rootTree(ctx context.Context, p apiProject) (treeEntries, error) {
	entries, err := listAll[struct {
		Name string `json:"name"`
		Type string `json:"type"`
	}](ctx, r, projectPath(p)+"/repository/tree", url.Values{"ref": {p.DefaultBranch}})
	if _, gap := isGap(err); gap {
		return nil, nil // unknown: the files are asked for directly
	}
	if err != nil {
		return nil, err
	}
	out := treeEntries{}
	for _, e := range entries {
		out[e.Name] = e.Type
	}
	return out, nil
}

// pipeline reads and parses the project's CI configuration.
func (r *scan) pipeline(ctx context.Context, p apiProject, repo *scanner.Repository, root treeEntries) error {
	file, project, ref, err := ciLocation(p)
	if err != nil {
		r.gaps.note(fmt.Sprintf("The CI configuration of %s is %s and was not read: %v.", repo.FullName, bounded(p.CIConfigPath, 200), err))
		return nil
	}
	if project == projectPath(p) && !root.mayHold(file) {
		return nil // no pipeline
	}
	content, err := r.readFile(ctx, project, file, ref, r.s.opts.MaxFileBytes)
	if errors.Is(err, fs.ErrNotExist) {
		return nil // no pipeline
	}
	var le *limitError
	if errors.As(err, &le) {
		repo.Pipelines = append(repo.Pipelines, workflow.Pipeline{Path: file, Kind: workflow.GitLabCI,
			Errors: []workflow.ParseError{{File: file, Message: le.Error()}}})
		return nil
	}
	if err != nil {
		return r.softRepo(err, resCIConfig, repo.FullName)
	}
	var fatal error
	reads := 0
	read := func(name string) ([]byte, error) {
		name = strings.TrimPrefix(path.Clean("/"+name), "/")
		if reads >= r.s.opts.MaxIncludes {
			return nil, fmt.Errorf("more than %d included files: %s was not read", r.s.opts.MaxIncludes, name)
		}
		reads++
		b, err := r.readFile(ctx, project, name, ref, r.s.opts.MaxFileBytes)
		if err != nil && fatal == nil {
			if _, gap := isGap(err); !gap && !errors.Is(err, fs.ErrNotExist) && !isLimit(err) {
				fatal = err
			}
		}
		return b, err
	}
	pl := workflow.ParseGitLab(file, content, read)
	if fatal != nil {
		return fatal
	}
	repo.Pipelines = append(repo.Pipelines, pl)
	return nil
}

func isLimit(err error) bool {
	var le *limitError
	return errors.As(err, &le)
}

// ciLocation resolves ci_config_path: "" is .gitlab-ci.yml; "file" is in
// the project; "file@group/project[:ref]" is in another project. Remote
// URLs are not read.
func ciLocation(p apiProject) (file, project, ref string, err error) {
	cfg := strings.TrimSpace(p.CIConfigPath)
	if cfg == "" {
		return defaultCIPath, projectPath(p), p.DefaultBranch, nil
	}
	if strings.HasPrefix(cfg, "http://") || strings.HasPrefix(cfg, "https://") {
		return "", "", "", errors.New("a remote URL, which privgraph does not fetch")
	}
	file, other, ok := strings.Cut(cfg, "@")
	if !ok {
		return strings.TrimPrefix(file, "/"), projectPath(p), p.DefaultBranch, nil
	}
	other, ref, _ = strings.Cut(other, ":")
	if other == "" || file == "" {
		return "", "", "", errors.New("not a path@group/project reference")
	}
	if ref == "" {
		ref = "HEAD"
	}
	return strings.TrimPrefix(file, "/"), "projects/" + gl.PathEscape(other), ref, nil
}

// readFile reads a repository file at ref through the raw file endpoint,
// at most limit bytes. A missing file is fs.ErrNotExist.
func (r *scan) readFile(ctx context.Context, project, name, ref string, limit int64) ([]byte, error) {
	buf := &limitedBuffer{path: name, limit: limit}
	_, err := r.get(ctx, project+"/repository/files/"+gl.PathEscape(name)+"/raw", url.Values{"ref": {ref}}, buf)
	if status, ok := isGap(err); ok && status == 404 {
		return nil, fmt.Errorf("%s: %w", name, fs.ErrNotExist)
	}
	if err != nil {
		return nil, err
	}
	return buf.buf, nil
}
