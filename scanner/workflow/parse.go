package workflow

import (
	"path"
	"strings"
)

// Parse parses a pipeline definition, choosing the system by its path:
// .github/workflows/*.yml|yaml is GitHub Actions, .gitlab-ci.yml (and
// *.gitlab-ci.yml) is GitLab CI, Jenkinsfile is Jenkins. read resolves local
// reusable workflows and includes; it may be nil. A path of no known system
// yields a pipeline with one error.
func Parse(p string, content []byte, read ReadFile) Pipeline {
	switch DetectKind(p) {
	case GitHubActions:
		return ParseGitHub(p, content, read)
	case GitLabCI:
		return ParseGitLab(p, content, read)
	case Jenkins:
		return ParseJenkins(p, content)
	}
	return Pipeline{Path: p, Errors: []ParseError{{File: p, Message: "not a known pipeline definition (GitHub workflow, .gitlab-ci.yml or Jenkinsfile)"}}}
}

// DetectKind says which pipeline system a repository path belongs to, or ""
// when none.
func DetectKind(p string) Kind {
	p = strings.ReplaceAll(p, "\\", "/")
	base := path.Base(p)
	dir := path.Dir(p)
	ext := strings.ToLower(path.Ext(base))
	switch {
	case (dir == ".github/workflows" || strings.HasSuffix(dir, "/.github/workflows")) && (ext == ".yml" || ext == ".yaml"):
		return GitHubActions
	case base == ".gitlab-ci.yml" || base == ".gitlab-ci.yaml" || strings.HasSuffix(base, ".gitlab-ci.yml") || strings.HasSuffix(base, ".gitlab-ci.yaml"):
		return GitLabCI
	case base == "Jenkinsfile" || strings.HasPrefix(base, "Jenkinsfile.") || strings.HasSuffix(base, ".jenkinsfile"):
		return Jenkins
	}
	return ""
}
