package analysis

import (
	"path"
	"strings"

	"github.com/privgraph/privgraph/ent/schema"
)

// ownersOf returns the owners of file under CODEOWNERS rules: the last
// matching rule wins, as on GitHub and GitLab. (A copy of scanner's matcher:
// scanner imports this package, so this package cannot import scanner.)
func ownersOf(rules []schema.CodeOwnersRule, file string) []string {
	var owners []string
	for _, r := range rules {
		if matchOwnersPattern(r.Pattern, file) {
			owners = r.Owners
		}
	}
	return owners
}

// matchOwnersPattern handles the gitignore-style forms CODEOWNERS uses:
// `*`, `*.ext`, `/dir/`, `dir/`, `/path/file`, `dir/**`, `**/name`, names.
func matchOwnersPattern(pattern, file string) bool {
	file = strings.TrimPrefix(file, "/")
	p := strings.TrimSuffix(strings.TrimPrefix(pattern, "/"), "**")
	if p == "" || p == "*" || p == "**/*" {
		return true
	}
	deep := strings.HasPrefix(p, "**/")
	p = strings.TrimPrefix(p, "**/")
	anchored := !deep && strings.HasPrefix(pattern, "/") || strings.Contains(strings.TrimSuffix(p, "/"), "/")
	dir := strings.HasSuffix(p, "/")
	p = strings.TrimSuffix(p, "/")
	parts := strings.Split(file, "/")
	for i := range parts {
		prefix := strings.Join(parts[:i+1], "/")
		isFile := i == len(parts)-1
		if dir && isFile {
			break
		}
		candidate := prefix
		if !anchored {
			candidate = parts[i]
		}
		if ok, _ := path.Match(p, candidate); ok {
			return true
		}
	}
	return false
}

// teamSlug maps a CODEOWNERS owner (@org/team-slug) to a team slug; "" for users and emails.
func teamSlug(owner string) string {
	if !strings.HasPrefix(owner, "@") {
		return ""
	}
	_, slug, ok := strings.Cut(strings.TrimPrefix(owner, "@"), "/")
	if !ok {
		return ""
	}
	if i := strings.LastIndex(slug, "/"); i >= 0 { // GitLab @group/sub/team
		slug = slug[i+1:]
	}
	return slug
}

// pipelineFiles lists the repository's pipeline definition paths.
func (r *repoInfo) pipelineFiles() []string {
	out := make([]string, 0, len(r.pipelines))
	for _, p := range r.pipelines {
		out = append(out, p.p.Path)
	}
	return out
}

// activeCodeOwners returns the rules of the CODEOWNERS file the platform reads
// (the first of .github/, root, docs/, .gitlab/ that exists).
func (r *repoInfo) activeCodeOwners() ([]schema.CodeOwnersRule, string) {
	for _, want := range []string{".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS", ".gitlab/CODEOWNERS"} {
		for _, co := range r.r.Edges.CodeOwners {
			if co.Path == want {
				return co.Rules, co.Path
			}
		}
	}
	if cos := r.r.Edges.CodeOwners; len(cos) > 0 {
		return cos[0].Rules, cos[0].Path
	}
	return nil, ""
}

// uncoveredPipelines lists the pipeline files no CODEOWNERS rule with owners covers.
func (r *repoInfo) uncoveredPipelines() []string {
	for _, co := range r.r.Edges.CodeOwners {
		if co.CoversPipelineDefinitions {
			return nil
		}
	}
	rules, _ := r.activeCodeOwners()
	var out []string
	for _, f := range r.pipelineFiles() {
		if len(ownersOf(rules, f)) == 0 {
			out = append(out, f)
		}
	}
	return out
}
