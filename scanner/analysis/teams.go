package analysis

import (
	"context"
	"fmt"
	"strings"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/ent/repository"
	"github.com/privgraph/privgraph/ent/team"
)

// ownerPermissions are the team permissions that make a team an owner.
var ownerPermissions = map[string]bool{"admin": true, "maintain": true}

// TeamRepositoryIDs returns the repositories team slug owns: those where it
// has admin or maintain permission, and those whose CODEOWNERS rules covering
// the pipeline files name it (@org/slug).
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
		perms := teamPermissions(t.RepositoryPermissions)
		for _, r := range t.Edges.Repositories {
			if p, known := perms[r.FullName]; !known || ownerPermissions[p] {
				add(r.ID)
			}
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
	repos, err := client.Repository.Query().Where(repository.HasCodeOwners()).
		WithCodeOwners().WithPipelines(func(q *ent.PipelineQuery) { q.Select("id", "path") }).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("read CODEOWNERS: %w", err)
	}
	var out []int
	for _, r := range repos {
		ri := &repoInfo{r: r}
		for _, p := range r.Edges.Pipelines {
			ri.pipelines = append(ri.pipelines, &pipeInfo{p: p, repo: ri})
		}
		if ownsPipelines(ri, slug) {
			out = append(out, r.ID)
		}
	}
	return out, nil
}

func ownsPipelines(r *repoInfo, slug string) bool {
	rules, _ := r.activeCodeOwners()
	for _, f := range r.pipelineFiles() {
		for _, o := range ownersOf(rules, f) {
			if strings.EqualFold(teamSlug(o), slug) {
				return true
			}
		}
	}
	return false
}
