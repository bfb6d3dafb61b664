package analysis

import (
	"strings"

	"github.com/privgraph/privgraph/ent/schema"
	"github.com/privgraph/privgraph/scanner"
)

// ownersOf returns the owners of file under CODEOWNERS rules, with the
// scanner's matcher (the last matching rule wins, as on GitHub and GitLab).
func ownersOf(rules []schema.CodeOwnersRule, file string) []string {
	conv := make([]scanner.CodeOwnersRule, len(rules))
	for i, r := range rules {
		conv[i] = scanner.CodeOwnersRule{Pattern: r.Pattern, Owners: r.Owners, Line: r.Line}
	}
	return scanner.OwnersOf(conv, file)
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
