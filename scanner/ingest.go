package scanner

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/ent/branchprotection"
	"github.com/privgraph/privgraph/ent/codeowners"
	"github.com/privgraph/privgraph/ent/credential"
	"github.com/privgraph/privgraph/ent/environment"
	"github.com/privgraph/privgraph/ent/identity"
	"github.com/privgraph/privgraph/ent/job"
	"github.com/privgraph/privgraph/ent/owner"
	"github.com/privgraph/privgraph/ent/pipeline"
	"github.com/privgraph/privgraph/ent/repository"
	"github.com/privgraph/privgraph/ent/runnergroup"
	"github.com/privgraph/privgraph/ent/team"
)

// Counts is what Ingest wrote.
type Counts struct {
	Repositories, Pipelines, Jobs, Credentials, Usages, Changes int
}

// Ingest writes one scan's facts into the graph in one transaction. Rows are
// upserted by their stable keys (ids survive rescans), rows of the target
// that the facts no longer hold are deleted, and Change rows record the
// difference against the previous state when the target was scanned before.
// On error nothing is written.
func Ingest(ctx context.Context, client *ent.Client, scanID int, f *Facts) (Counts, error) {
	if f == nil {
		return Counts{}, errors.New("ingest: no facts")
	}
	tx, err := client.Tx(ctx)
	if err != nil {
		return Counts{}, fmt.Errorf("begin ingest: %w", err)
	}
	w := newWriter(tx, f)
	counts, err := w.run(ctx, scanID)
	if err != nil {
		return Counts{}, errors.Join(err, tx.Rollback())
	}
	if err := tx.Commit(); err != nil {
		return Counts{}, fmt.Errorf("commit ingest: %w", err)
	}
	return counts, nil
}

// writer holds one ingest's state.
type writer struct {
	tx *ent.Tx
	f  *Facts
	// ids maps entity -> key -> id of rows that existed before the scan.
	ids map[string]map[string]int
	// seen marks keys written by this scan, per entity.
	seen map[string]map[string]bool
	// owners maps owner name -> id and key; creds are resolvable credentials.
	ownerIDs  map[string]int
	ownerKeys map[string]string
	creds     *credentialIndex
	repoIDs   map[string]int
	// identityIDs maps identity names (lower-case) to ids, for linking
	// credentials to the app or bot they act as.
	identityIDs map[string]int
	// implicitIDs holds credentials created on first reference.
	implicitIDs map[string]int
	counts      Counts
}

func newWriter(tx *ent.Tx, f *Facts) *writer {
	return &writer{
		tx: tx, f: f,
		ids:         map[string]map[string]int{},
		seen:        map[string]map[string]bool{},
		ownerIDs:    map[string]int{},
		ownerKeys:   map[string]string{},
		creds:       newCredentialIndex(),
		repoIDs:     map[string]int{},
		implicitIDs: map[string]int{},
		identityIDs: map[string]int{},
	}
}

func (w *writer) run(ctx context.Context, scanID int) (Counts, error) {
	if err := w.writeOwners(ctx); err != nil {
		return Counts{}, err
	}
	ownerIDs := w.ownerIDList()
	before, err := takeSnapshot(ctx, w.tx.Client(), ownerIDs)
	if err != nil {
		return Counts{}, err
	}
	if err := w.loadExisting(ctx, ownerIDs); err != nil {
		return Counts{}, err
	}
	steps := []func(context.Context) error{
		w.clearUsages, w.writeIdentities, w.writeOwnerCredentials, w.writeRepositories,
		w.writeTeams, w.writeRunnerGroups, w.deleteUnseen,
	}
	for _, step := range steps {
		if err := step(ctx); err != nil {
			return Counts{}, err
		}
	}
	if err := w.tx.Scan.UpdateOneID(scanID).SetOwnerID(w.ownerIDs[w.f.Owner.Name]).Exec(ctx); err != nil {
		return Counts{}, fmt.Errorf("link scan to owner: %w", err)
	}
	after, err := takeSnapshot(ctx, w.tx.Client(), ownerIDs)
	if err != nil {
		return Counts{}, err
	}
	scanned, err := w.scannedBefore(ctx, scanID)
	if err != nil {
		return Counts{}, err
	}
	if scanned {
		n, err := recordChanges(ctx, w.tx.Client(), scanID, before, after)
		if err != nil {
			return Counts{}, err
		}
		w.counts.Changes = n
	}
	return w.counts, nil
}

// scannedBefore reports whether an earlier scan of the target completed,
// so that a first scan does not record every row as ADDED.
func (w *writer) scannedBefore(ctx context.Context, scanID int) (bool, error) {
	n, err := w.tx.Scan.Query().Where(
		scanPlatform(w.f.Platform), scanTarget(w.f.Target), scanNotID(scanID), scanCompleted(),
	).Count(ctx)
	if err != nil {
		return false, fmt.Errorf("find previous scans: %w", err)
	}
	return n > 0, nil
}

func (w *writer) ownerIDList() []int {
	out := make([]int, 0, len(w.ownerIDs))
	for _, id := range w.ownerIDs {
		out = append(out, id)
	}
	sort.Ints(out)
	return out
}

// writeOwners upserts the target owner and its subgroups.
func (w *writer) writeOwners(ctx context.Context) error {
	all := append([]Owner{w.f.Owner}, w.f.Subgroups...)
	for _, o := range all {
		if o.Name == "" {
			return errors.New("ingest: an owner has no name")
		}
		key := OwnerKey(w.f.Platform, o.Name)
		existing, err := w.tx.Owner.Query().Where(owner.Key(key)).Only(ctx)
		if err != nil && !ent.IsNotFound(err) {
			return fmt.Errorf("find owner %s: %w", o.Name, err)
		}
		var m *ent.OwnerMutation
		var save func(context.Context) (int, error)
		if existing != nil {
			u := w.tx.Owner.UpdateOneID(existing.ID)
			m, save = u.Mutation(), func(ctx context.Context) (int, error) { return existing.ID, u.Exec(ctx) }
		} else {
			c := w.tx.Owner.Create().SetKey(key)
			m, save = c.Mutation(), func(ctx context.Context) (int, error) {
				e, err := c.Save(ctx)
				if err != nil {
					return 0, err
				}
				return e.ID, nil
			}
		}
		setOwner(m, w.f.Platform, o)
		id, err := save(ctx)
		if err != nil {
			return fmt.Errorf("write owner %s: %w", o.Name, err)
		}
		w.ownerIDs[o.Name] = id
		w.ownerKeys[o.Name] = key
	}
	return nil
}

func setOwner(m *ent.OwnerMutation, p Platform, o Owner) {
	m.SetPlatform(owner.Platform(p))
	m.SetName(o.Name)
	m.SetURL(o.URL)
	m.SetParentKey("")
	if o.ParentName != "" {
		m.SetParentKey(OwnerKey(p, o.ParentName))
	}
	m.SetDefaultWorkflowPermissions(o.DefaultWorkflowPermissions)
	if o.CanApprovePullRequests != nil {
		m.SetCanApprovePullRequests(*o.CanApprovePullRequests)
	} else {
		m.ClearCanApprovePullRequests()
	}
	m.SetAllowedActions(o.AllowedActions)
	m.SetVariables(o.Variables)
}

// loadExisting reads the keys of every row the target held before.
func (w *writer) loadExisting(ctx context.Context, ownerIDs []int) error {
	c := w.tx.Client()
	inOwners := repository.HasOwnerWith(owner.IDIn(ownerIDs...))
	type keyed struct {
		ID  int    `json:"id"`
		Key string `json:"key"`
	}
	load := func(entity string, q func(v any) error) error {
		var rows []keyed
		if err := q(&rows); err != nil {
			return fmt.Errorf("load existing %s: %w", entity, err)
		}
		m := map[string]int{}
		for _, r := range rows {
			m[r.Key] = r.ID
		}
		w.ids[entity] = m
		return nil
	}
	steps := []struct {
		entity string
		q      func(v any) error
	}{
		{"Repository", func(v any) error {
			return c.Repository.Query().Where(inOwners).Select(repository.FieldID, repository.FieldKey).Scan(ctx, v)
		}},
		{"Pipeline", func(v any) error {
			return c.Pipeline.Query().Where(pipeline.HasRepositoryWith(inOwners)).Select(pipeline.FieldID, pipeline.FieldKey).Scan(ctx, v)
		}},
		{"Job", func(v any) error {
			return c.Job.Query().Where(job.HasPipelineWith(pipeline.HasRepositoryWith(inOwners))).Select(job.FieldID, job.FieldKey).Scan(ctx, v)
		}},
		{"Environment", func(v any) error {
			return c.Environment.Query().Where(environment.HasRepositoryWith(inOwners)).Select(environment.FieldID, environment.FieldKey).Scan(ctx, v)
		}},
		{"Credential", func(v any) error {
			return c.Credential.Query().Where(credential.Or(
				credential.HasOwnerWith(owner.IDIn(ownerIDs...)), credential.HasRepositoryWith(inOwners),
			)).Select(credential.FieldID, credential.FieldKey).Scan(ctx, v)
		}},
		{"BranchProtection", func(v any) error {
			return c.BranchProtection.Query().Where(branchprotection.HasRepositoryWith(inOwners)).Select(branchprotection.FieldID, branchprotection.FieldKey).Scan(ctx, v)
		}},
		{"CodeOwners", func(v any) error {
			return c.CodeOwners.Query().Where(codeowners.HasRepositoryWith(inOwners)).Select(codeowners.FieldID, codeowners.FieldKey).Scan(ctx, v)
		}},
		{"Identity", func(v any) error {
			return c.Identity.Query().Where(identity.HasOwnerWith(owner.IDIn(ownerIDs...))).Select(identity.FieldID, identity.FieldKey).Scan(ctx, v)
		}},
		{"Team", func(v any) error {
			return c.Team.Query().Where(team.HasOwnerWith(owner.IDIn(ownerIDs...))).Select(team.FieldID, team.FieldKey).Scan(ctx, v)
		}},
		{"RunnerGroup", func(v any) error {
			return c.RunnerGroup.Query().Where(runnergroup.HasOwnerWith(owner.IDIn(ownerIDs...))).Select(runnergroup.FieldID, runnergroup.FieldKey).Scan(ctx, v)
		}},
	}
	for _, s := range steps {
		if err := load(s.entity, s.q); err != nil {
			return err
		}
	}
	return nil
}

// existing returns the id of a row the target held before, if any, and
// marks the key as seen by this scan.
func (w *writer) existing(entity, key string) (int, bool) {
	if w.seen[entity] == nil {
		w.seen[entity] = map[string]bool{}
	}
	w.seen[entity][key] = true
	id, ok := w.ids[entity][key]
	return id, ok
}

// bounded cuts a string to n bytes at a rune boundary.
func bounded(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }

// pairs turns a map into sorted "k:v" strings; nil stays nil (unknown).
func pairs(m map[string]string) []string {
	if m == nil {
		return nil
	}
	out := make([]string, 0, len(m))
	for k, v := range m {
		out = append(out, k+":"+v)
	}
	sort.Strings(out)
	return out
}

func lower(s string) string { return strings.ToLower(s) }
