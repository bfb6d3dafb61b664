package scanner

import (
	"context"
	"fmt"
	"strings"

	"github.com/privgraph/privgraph/ent/branchprotection"
	"github.com/privgraph/privgraph/ent/codeowners"
	"github.com/privgraph/privgraph/ent/credential"
	"github.com/privgraph/privgraph/ent/environment"
	"github.com/privgraph/privgraph/ent/identity"
	"github.com/privgraph/privgraph/ent/job"
	"github.com/privgraph/privgraph/ent/pipeline"
	"github.com/privgraph/privgraph/ent/repository"
	"github.com/privgraph/privgraph/ent/runnergroup"
	"github.com/privgraph/privgraph/ent/team"
	"github.com/privgraph/privgraph/ent/usage"
)

// clearUsages deletes every usage of the target's jobs: they are rewritten
// from the facts.
func (w *writer) clearUsages(ctx context.Context) error {
	ids := make([]int, 0, len(w.ids["Job"]))
	for _, id := range w.ids["Job"] {
		ids = append(ids, id)
	}
	for start := 0; start < len(ids); start += 500 {
		end := min(start+500, len(ids))
		if _, err := w.tx.Usage.Delete().Where(usage.HasJobWith(job.IDIn(ids[start:end]...))).Exec(ctx); err != nil {
			return fmt.Errorf("clear usages: %w", err)
		}
	}
	return nil
}

// deleteUnseen removes rows of the target that this scan no longer saw, and
// every usage of the target's jobs (they were rewritten).
func (w *writer) deleteUnseen(ctx context.Context) error {
	keep := w.keepRules()
	unseen := func(entity string) []int {
		var out []int
		for k, id := range w.ids[entity] {
			if !w.seen[entity][k] && !keep(entity, k) {
				out = append(out, id)
			}
		}
		return out
	}
	c := w.tx.Client()
	dels := []struct {
		what string
		run  func() (int, error)
	}{
		{"usages", func() (int, error) {
			ids := unseen("Job")
			cids := unseen("Credential")
			return c.Usage.Delete().Where(usage.Or(usage.HasJobWith(job.IDIn(ids...)), usage.HasCredentialWith(credential.IDIn(cids...)))).Exec(ctx)
		}},
		{"jobs", func() (int, error) { return c.Job.Delete().Where(job.IDIn(unseen("Job")...)).Exec(ctx) }},
		{"pipelines", func() (int, error) { return c.Pipeline.Delete().Where(pipeline.IDIn(unseen("Pipeline")...)).Exec(ctx) }},
		{"credentials", func() (int, error) {
			return c.Credential.Delete().Where(credential.IDIn(unseen("Credential")...)).Exec(ctx)
		}},
		{"environments", func() (int, error) {
			return c.Environment.Delete().Where(environment.IDIn(unseen("Environment")...)).Exec(ctx)
		}},
		{"branch protections", func() (int, error) {
			return c.BranchProtection.Delete().Where(branchprotection.IDIn(unseen("BranchProtection")...)).Exec(ctx)
		}},
		{"CODEOWNERS files", func() (int, error) {
			return c.CodeOwners.Delete().Where(codeowners.IDIn(unseen("CodeOwners")...)).Exec(ctx)
		}},
		{"repositories", func() (int, error) {
			return c.Repository.Delete().Where(repository.IDIn(unseen("Repository")...)).Exec(ctx)
		}},
		{"identities", func() (int, error) { return c.Identity.Delete().Where(identity.IDIn(unseen("Identity")...)).Exec(ctx) }},
		{"teams", func() (int, error) { return c.Team.Delete().Where(team.IDIn(unseen("Team")...)).Exec(ctx) }},
		{"runner groups", func() (int, error) {
			return c.RunnerGroup.Delete().Where(runnergroup.IDIn(unseen("RunnerGroup")...)).Exec(ctx)
		}},
	}
	for _, d := range dels {
		if _, err := d.run(); err != nil {
			return fmt.Errorf("delete %s no longer present: %w", d.what, err)
		}
	}
	return nil
}

// keepRules returns whether an unseen row must be kept because the scan
// could not read the part of the inventory it belongs to (Facts.Unread).
func (w *writer) keepRules() func(entity, key string) bool {
	keepRepos := false
	var owned []string             // keys of owner-level things not read, as "entity prefix"
	underRepo := map[string]bool{} // "repoKey what" pairs not read
	for _, u := range w.f.Unread {
		if u.Repository != "" {
			underRepo[w.repoKey(u.Repository)+" "+u.What] = true
			continue
		}
		what := map[string]string{"credentials": "|cred:", "teams": "|team:", "identities": "|id:", "runners": "|rg:"}[u.What]
		switch {
		case u.What == "repositories":
			keepRepos = true
		case u.What == "instance":
			owned = append(owned, "instance:")
		case what != "":
			for _, ok := range w.ownerKeys {
				owned = append(owned, ok+what)
			}
		}
	}
	// the part of a repository a child key belongs to
	partOf := func(rest string) string {
		switch {
		case strings.HasPrefix(rest, "#"):
			return "pipelines"
		case strings.HasPrefix(rest, "@env:"):
			return "environments"
		case strings.HasPrefix(rest, "|cred:"):
			return "credentials"
		case strings.HasPrefix(rest, "|bp:"):
			return "protections"
		case strings.HasPrefix(rest, "|co:"):
			return "codeowners"
		}
		return ""
	}
	if !keepRepos && len(owned) == 0 && len(underRepo) == 0 {
		return func(string, string) bool { return false }
	}
	return func(entity, key string) bool {
		for _, p := range owned {
			if strings.HasPrefix(key, p) {
				return true
			}
		}
		if entity == "Repository" {
			return keepRepos || underRepo[key+" repository"]
		}
		for rk := range w.ids["Repository"] {
			if !strings.HasPrefix(key, rk) {
				continue
			}
			part := partOf(key[len(rk):])
			if part == "" {
				continue // another repository whose name starts alike
			}
			if underRepo[rk+" "+part] || underRepo[rk+" repository"] ||
				(entity == "Credential" && underRepo[rk+" credentials"]) {
				return true
			}
			if !w.seen["Repository"][rk] && keepRepos {
				return true
			}
		}
		return false
	}
}
