package scanner

import (
	"context"
	"fmt"
	"sort"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/ent/credential"
	"github.com/privgraph/privgraph/ent/identity"
	"github.com/privgraph/privgraph/ent/runnergroup"
	"github.com/privgraph/privgraph/ent/schema"
	"github.com/privgraph/privgraph/ent/team"
)

// ownerOf returns the id and key of the owner a repository or credential
// belongs to ("" = the target).
func (w *writer) ownerOf(name string) (int, string) {
	if name == "" {
		name = w.f.Owner.Name
	}
	if id, ok := w.ownerIDs[name]; ok {
		return id, w.ownerKeys[name]
	}
	return w.ownerIDs[w.f.Owner.Name], w.ownerKeys[w.f.Owner.Name]
}

// repoKey is the key of a repository of this scan, by full name.
func (w *writer) repoKey(fullName string) string {
	if w.f.Platform == Local {
		return w.ownerKeys[w.f.Owner.Name] + "/" + lower(fullName)
	}
	return RepositoryKey(w.f.Platform, fullName)
}

func (w *writer) writeIdentities(ctx context.Context) error {
	ownerID, ownerKey := w.ownerOf("")
	for _, i := range w.f.Identities {
		key := IdentityKey(ownerKey, i.Kind, i.Name)
		id, ok := w.existing("Identity", key)
		var m *ent.IdentityMutation
		var save func(context.Context) error
		if ok {
			u := w.tx.Identity.Update().Where(identity.ID(id))
			m, save = u.Mutation(), u.Exec
		} else {
			c := w.tx.Identity.Create().SetKey(key)
			m, save = c.Mutation(), func(ctx context.Context) error {
				e, err := c.Save(ctx)
				if err == nil {
					id = e.ID
				}
				return err
			}
		}
		m.SetKind(identity.Kind(i.Kind))
		m.SetName(i.Name)
		m.SetPermissions(i.Permissions)
		m.SetRepositorySelection(i.RepositorySelection)
		m.SetRepositories(i.Repositories)
		m.SetCanWrite(i.CanWrite)
		m.SetOwnerID(ownerID)
		if err := save(ctx); err != nil {
			return fmt.Errorf("write identity %s: %w", i.Name, err)
		}
		w.identityIDs[lower(i.Name)] = id
	}
	return nil
}

// writeOwnerCredentials writes instance- and owner-scoped credentials.
func (w *writer) writeOwnerCredentials(ctx context.Context) error {
	for _, c := range w.f.Credentials {
		ownerName := c.OwnerName
		ownerID, ownerKey := w.ownerOf(ownerName)
		parent := ownerKey
		if c.Scope == ScopeInstance {
			parent = "instance:" + string(w.f.Platform)
		}
		id, err := w.writeCredential(ctx, parent, c, func(m *ent.CredentialMutation) {
			m.SetOwnerID(ownerID)
			m.ClearRepository()
			m.ClearEnvironment()
		})
		if err != nil {
			return err
		}
		w.creds.addOwner(ownerName, w.f.Owner.Name, c, id)
	}
	return nil
}

// writeCredential upserts one credential under parent and returns its id.
func (w *writer) writeCredential(ctx context.Context, parent string, c Credential, link func(*ent.CredentialMutation)) (int, error) {
	key := CredentialKey(parent, c)
	id, ok := w.existing("Credential", key)
	var m *ent.CredentialMutation
	var save func(context.Context) (int, error)
	if ok {
		u := w.tx.Credential.Update().Where(credential.ID(id))
		m, save = u.Mutation(), func(ctx context.Context) (int, error) { return id, u.Exec(ctx) }
	} else {
		cr := w.tx.Credential.Create().SetKey(key)
		m, save = cr.Mutation(), func(ctx context.Context) (int, error) {
			e, err := cr.Save(ctx)
			if err != nil {
				return 0, err
			}
			return e.ID, nil
		}
	}
	setCredential(m, c)
	link(m)
	if c.Identity != "" {
		if iid, ok := w.identityIDs[lower(c.Identity)]; ok {
			m.SetIdentityID(iid)
		}
	}
	newID, err := save(ctx)
	if err != nil {
		return 0, fmt.Errorf("write credential %s: %w", c.Name, err)
	}
	w.counts.Credentials++
	return newID, nil
}

func setCredential(m *ent.CredentialMutation, c Credential) {
	m.SetKind(credential.Kind(c.Kind))
	m.SetName(bounded(c.Name, 255))
	scope := c.Scope
	if scope == "" {
		scope = ScopeUnknown
	}
	m.SetScope(credential.Scope(scope))
	m.SetVisibility(c.Visibility)
	m.SetSelectedRepositories(c.SelectedRepositories)
	m.SetProtected(c.Protected)
	m.SetMasked(c.Masked)
	m.SetHidden(c.Hidden)
	m.SetRaw(c.Raw)
	m.SetVariableType(c.VariableType)
	m.SetEnvironmentScope(c.EnvironmentScope)
	m.SetDescription(bounded(c.Description, 1024))
	setTime(c.CreatedAt, m.SetCreatedAt, m.ClearCreatedAt)
	setTime(c.UpdatedAt, m.SetUpdatedAt, m.ClearUpdatedAt)
	setTime(c.ExpiresAt, m.SetExpiresAt, m.ClearExpiresAt)
	setTime(c.LastUsedAt, m.SetLastUsedAt, m.ClearLastUsedAt)
	m.SetPermissions(c.Permissions)
	m.SetAccessLevel(c.AccessLevel)
	m.SetReadOnly(c.ReadOnly)
	m.SetActive(c.Active || c.Kind == ActionsSecret || c.Kind == DependabotSecret || c.Kind == CIVariable || c.Scope == ScopeUnknown)
	if c.ValueFingerprint != "" {
		m.SetValueFingerprint(c.ValueFingerprint)
	} else {
		m.ClearValueFingerprint()
	}
	m.SetStaticCloudKey(c.StaticCloudKey || looksLikeStaticCloudKey(c.Name))
	m.SetPersonalToken(c.PersonalToken || looksLikePersonalToken(c.Name))
	m.SetScopeAssumed(scope == ScopeUnknown)
}

func setTime[T any](t *T, set func(T), clear func()) {
	if t == nil {
		clear()
		return
	}
	set(*t)
}

func (w *writer) writeTeams(ctx context.Context) error {
	ownerID, ownerKey := w.ownerOf("")
	for _, t := range w.f.Teams {
		key := TeamKey(ownerKey, t.Slug)
		id, ok := w.existing("Team", key)
		var m *ent.TeamMutation
		var save func(context.Context) error
		if ok {
			u := w.tx.Team.Update().Where(team.ID(id)).ClearRepositories()
			m, save = u.Mutation(), u.Exec
		} else {
			c := w.tx.Team.Create().SetKey(key)
			m, save = c.Mutation(), func(ctx context.Context) error { return c.Exec(ctx) }
		}
		m.SetName(t.Name)
		m.SetSlug(t.Slug)
		m.SetOwnerID(ownerID)
		var perms []string
		var repoIDs []int
		for repo, perm := range t.RepositoryPermissions {
			perms = append(perms, repo+":"+perm)
			if rid, ok := w.repoIDs[w.repoKey(repo)]; ok {
				repoIDs = append(repoIDs, rid)
			}
		}
		sort.Strings(perms)
		sort.Ints(repoIDs)
		m.SetRepositoryPermissions(perms)
		m.AddRepositoryIDs(repoIDs...)
		if err := save(ctx); err != nil {
			return fmt.Errorf("write team %s: %w", t.Slug, err)
		}
	}
	return nil
}

func (w *writer) writeRunnerGroups(ctx context.Context) error {
	for _, g := range w.f.RunnerGroups {
		ownerID, ownerKey := w.ownerOf(g.OwnerName)
		key := RunnerGroupKey(ownerKey, g.Level, g.Name)
		id, ok := w.existing("RunnerGroup", key)
		var m *ent.RunnerGroupMutation
		var save func(context.Context) error
		if ok {
			u := w.tx.RunnerGroup.Update().Where(runnergroup.ID(id))
			m, save = u.Mutation(), u.Exec
		} else {
			c := w.tx.RunnerGroup.Create().SetKey(key)
			m, save = c.Mutation(), func(ctx context.Context) error { return c.Exec(ctx) }
		}
		m.SetName(g.Name)
		m.SetLevel(g.Level)
		m.SetVisibility(g.Visibility)
		m.SetAllowsPublicRepositories(g.AllowsPublicRepositories)
		m.SetSelectedRepositories(g.SelectedRepositories)
		m.SetSelectedWorkflows(g.SelectedWorkflows)
		m.SetProtectedRefsOnly(g.ProtectedRefsOnly)
		m.SetRunUntagged(g.RunUntagged)
		m.SetLocked(g.Locked)
		m.SetLabels(g.Labels)
		runners := make([]schema.Runner, 0, len(g.Runners))
		for _, r := range g.Runners {
			runners = append(runners, schema.Runner{Name: r.Name, Labels: r.Labels, Status: r.Status, OS: r.OS})
		}
		m.SetRunners(runners)
		m.SetOwnerID(ownerID)
		if err := save(ctx); err != nil {
			return fmt.Errorf("write runner group %s: %w", g.Name, err)
		}
	}
	return nil
}
