package analysis

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/ent/codeowners"
	"github.com/privgraph/privgraph/ent/credential"
	"github.com/privgraph/privgraph/ent/finding"
	"github.com/privgraph/privgraph/ent/job"
	"github.com/privgraph/privgraph/ent/pipeline"
	"github.com/privgraph/privgraph/ent/predicate"
	"github.com/privgraph/privgraph/ent/repository"
	"github.com/privgraph/privgraph/ent/team"
)

// A team's repositories are the ones it owns, not the ones it can read:
// those where it has admin or maintain permission (or a permission the scan
// could not read), and those whose CODEOWNERS rules covering the pipeline
// files name it (@org/slug). Checklists, reports, the dashboard's team
// filters and pages, and the GraphQL team filters all use this definition.

// ownerPermissions are the team permissions that make a team an owner.
var ownerPermissions = map[string]bool{"admin": true, "maintain": true}

// TeamRepositoryIDs returns the repositories team slug owns. An unknown slug,
// or a team that owns nothing, gives none.
func TeamRepositoryIDs(ctx context.Context, client *ent.Client, slug string) ([]int, error) {
	teams, err := client.Team.Query().Where(team.Slug(slug)).
		WithRepositories(func(q *ent.RepositoryQuery) { q.Select("id", "full_name") }).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("read team %s: %w", slug, err)
	}
	seen := map[int]bool{}
	var out []int
	add := func(id int) {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	for _, t := range teams {
		for _, id := range permissionOwned(t) {
			add(id)
		}
	}
	ids, err := codeOwnedRepositories(ctx, client, slug)
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		add(id)
	}
	return out, nil
}

// permissionOwned lists the repositories (loaded edges) team t owns by its
// permission.
func permissionOwned(t *ent.Team) []int {
	perms := teamPermissions(t.RepositoryPermissions)
	var out []int
	for _, r := range t.Edges.Repositories {
		if p, known := perms[r.FullName]; !known || ownerPermissions[p] {
			out = append(out, r.ID)
		}
	}
	return out
}

// RepositoryOwners returns, for each repository matching p, the slugs of
// the teams that own it (sorted, lower case), in three queries whatever the
// number of repositories and teams; repositories no team owns are left
// out. Slugs named only by CODEOWNERS are included even when no team with
// that slug was scanned.
func RepositoryOwners(ctx context.Context, client *ent.Client, p predicate.Repository) (map[int][]string, error) {
	out := map[int][]string{}
	add := func(id int, slug string) {
		slug = strings.ToLower(slug)
		if slug != "" && !slices.Contains(out[id], slug) {
			out[id] = append(out[id], slug)
		}
	}
	teams, err := client.Team.Query().Where(team.HasRepositoriesWith(p)).Select(team.FieldSlug, team.FieldRepositoryPermissions).
		WithRepositories(func(q *ent.RepositoryQuery) { q.Where(p).Select("id", "full_name") }).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("read teams: %w", err)
	}
	for _, t := range teams {
		for _, id := range permissionOwned(t) {
			add(id, t.Slug)
		}
	}
	// Only CODEOWNERS files naming someone (@…) can give a file to a team.
	repos, err := codeOwnersOf(ctx, client, p, repository.HasCodeOwnersWith(rulesMention("@")))
	if err != nil {
		return nil, err
	}
	for _, ri := range repos {
		for _, slug := range pipelineOwnerTeams(ri) {
			add(ri.r.ID, slug)
		}
	}
	for id := range out {
		slices.Sort(out[id])
	}
	return out, nil
}

// FindingAbout matches findings about a matching repository: the repository
// itself, a credential stored in it, or one of its jobs.
func FindingAbout(p predicate.Repository) predicate.Finding {
	return finding.Or(
		finding.HasRepositoryWith(p),
		finding.HasCredentialWith(credential.HasRepositoryWith(p)),
		finding.HasJobWith(job.HasPipelineWith(pipeline.HasRepositoryWith(p))),
	)
}

// OrganizationLevel matches the findings about no repository: organization
// or group settings and secrets, app installations, runner groups, instance
// variables. They are on no team's checklist: the organization's owners fix
// them.
func OrganizationLevel() predicate.Finding {
	return finding.Not(finding.Or(
		finding.HasRepository(),
		finding.HasCredentialWith(credential.HasRepository()),
		finding.HasJobWith(job.HasPipelineWith(pipeline.HasRepository())),
	))
}

// teamPermissions parses repository:permission pairs (split at the last colon).
func teamPermissions(pairs []string) map[string]string {
	out := map[string]string{}
	for _, p := range pairs {
		if i := strings.LastIndex(p, ":"); i > 0 {
			out[p[:i]] = strings.ToLower(p[i+1:])
		}
	}
	return out
}

// codeOwnedRepositories lists repositories whose CODEOWNERS give a pipeline
// file to @org/slug.
func codeOwnedRepositories(ctx context.Context, client *ent.Client, slug string) ([]int, error) {
	repos, err := codeOwnersOf(ctx, client, repository.HasCodeOwnersWith(rulesMention(slug)))
	if err != nil {
		return nil, err
	}
	var out []int
	for _, ri := range repos {
		if ownsPipelines(ri, slug) {
			out = append(out, ri.r.ID)
		}
	}
	return out, nil
}

// rulesMention matches CODEOWNERS files whose rules' text holds slug, case
// insensitively: a cheap superset of those naming @org/slug (ownsPipelines
// decides), so that a team filter does not read every repository's rules.
func rulesMention(slug string) predicate.CodeOwners {
	pat := "%" + slug + "%" // a _ in the slug matches any character: still a superset
	return func(s *sql.Selector) {
		col := s.C(codeowners.FieldRules)
		if s.Dialect() == dialect.Postgres {
			s.Where(sql.P(func(b *sql.Builder) { b.WriteString(col).WriteString("::text ILIKE ").Arg(pat) }))
			return
		}
		s.Where(sql.Like(col, pat)) // SQLite: LIKE ignores ASCII case
	}
}

// codeOwnersOf loads the matching repositories that have CODEOWNERS, with
// their rules and pipeline paths.
func codeOwnersOf(ctx context.Context, client *ent.Client, ps ...predicate.Repository) ([]*repoInfo, error) {
	repos, err := client.Repository.Query().Where(append(ps, repository.HasCodeOwners())...).Select("id").
		WithCodeOwners().WithPipelines(func(q *ent.PipelineQuery) { q.Select("id", "path") }).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("read CODEOWNERS: %w", err)
	}
	out := make([]*repoInfo, len(repos))
	for i, r := range repos {
		ri := &repoInfo{r: r}
		for _, p := range r.Edges.Pipelines {
			ri.pipelines = append(ri.pipelines, &pipeInfo{p: p, repo: ri})
		}
		out[i] = ri
	}
	return out, nil
}

func ownsPipelines(r *repoInfo, slug string) bool {
	return slices.ContainsFunc(pipelineOwnerTeams(r), func(s string) bool { return strings.EqualFold(s, slug) })
}

// pipelineOwnerTeams lists the team slugs CODEOWNERS gives a pipeline file to.
func pipelineOwnerTeams(r *repoInfo) []string {
	rules, _ := r.activeCodeOwners()
	var out []string
	for _, f := range r.pipelineFiles() {
		for _, o := range ownersOf(rules, f) {
			if s := teamSlug(o); s != "" && !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
	}
	return out
}
