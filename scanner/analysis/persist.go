package analysis

import (
	"context"
	"fmt"
	"time"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/ent/finding"
	"github.com/privgraph/privgraph/ent/owner"
)

const chunk = 500

// persistFindings upserts the run's candidates by fingerprint, resolves what
// a complete scan no longer sees, and reopens expired acceptances.
func persistFindings(ctx context.Context, tx *ent.Tx, s *snapshot, cands []candidate, res *Result) error {
	byFP := map[string]*candidate{}
	var order []string
	for i := range cands {
		fp := cands[i].fingerprint()
		if byFP[fp] == nil {
			byFP[fp] = &cands[i]
			order = append(order, fp)
		}
	}
	existing, err := existingFindings(ctx, tx, s, order)
	if err != nil {
		return err
	}
	var create []*ent.FindingCreate
	var seenAgain []int
	for _, fp := range order {
		c := byFP[fp]
		if f := existing[fp]; f != nil {
			if unchanged(f, c, s.now) {
				seenAgain = append(seenAgain, f.ID)
				continue
			}
			if err := updateFinding(ctx, tx, s.now, f, c, res); err != nil {
				return err
			}
			continue
		}
		create = append(create, newFinding(tx, s.now, fp, c))
		res.Opened++
	}
	for i := 0; i < len(seenAgain); i += chunk {
		n, err := tx.Finding.Update().Where(finding.IDIn(seenAgain[i:min(i+chunk, len(seenAgain))]...)).SetLastSeen(s.now).Save(ctx)
		if err != nil {
			return fmt.Errorf("update findings seen again: %w", err)
		}
		res.Updated += n
	}
	for i := 0; i < len(create); i += chunk {
		end := min(i+chunk, len(create))
		if err := tx.Finding.CreateBulk(create[i:end]...).Exec(ctx); err != nil {
			return fmt.Errorf("create findings: %w", err)
		}
	}
	return resolveAbsent(ctx, tx, s, byFP, existing, res)
}

// existingFindings loads the owners' open and accepted findings, then the
// findings with the candidates' fingerprints not among them (resolved ones,
// or ones filed under another owner), by fingerprint.
func existingFindings(ctx context.Context, tx *ent.Tx, s *snapshot, fps []string) (map[string]*ent.Finding, error) {
	out := map[string]*ent.Finding{}
	fs, err := withFindingEdges(tx.Finding.Query().Where(
		finding.HasOwnerWith(owner.IDIn(s.ownerIDs...)), finding.StatusIn(finding.StatusOPEN, finding.StatusACCEPTED))).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("read findings of %s: %w", s.owners[0].Name, err)
	}
	for _, f := range fs {
		out[f.Fingerprint] = f
	}
	var missing []string
	for _, fp := range fps {
		if out[fp] == nil {
			missing = append(missing, fp)
		}
	}
	for i := 0; i < len(missing); i += chunk * 4 {
		fs, err := withFindingEdges(tx.Finding.Query().Where(finding.FingerprintIn(missing[i:min(i+chunk*4, len(missing))]...))).All(ctx)
		if err != nil {
			return nil, fmt.Errorf("read findings: %w", err)
		}
		for _, f := range fs {
			out[f.Fingerprint] = f
		}
	}
	return out, nil
}

func withFindingEdges(q *ent.FindingQuery) *ent.FindingQuery {
	return q.WithRepository(func(q *ent.RepositoryQuery) { q.Select("id") }).
		WithCredential(func(q *ent.CredentialQuery) { q.Select("id") }).
		WithJob(func(q *ent.JobQuery) { q.Select("id") }).
		WithEnvironment(func(q *ent.EnvironmentQuery) { q.Select("id") }).
		WithOwner(func(q *ent.OwnerQuery) { q.Select("id") })
}

func newFinding(tx *ent.Tx, now time.Time, fp string, c *candidate) *ent.FindingCreate {
	fc := tx.Finding.Create().SetFingerprint(fp).SetRule(c.rule).SetSeverity(finding.Severity(c.severity)).
		SetTitle(c.title).SetDetail(c.detail).SetEvidence(c.evidence).SetFile(c.file).SetLine(max(c.line, 0)).
		SetRemediation(c.remediation).SetScopeAssumed(c.scopeAssumed).
		SetFirstSeen(now).SetLastSeen(now).SetStatus(finding.StatusOPEN)
	if c.repo != nil {
		fc.SetRepositoryID(c.repo.r.ID)
	}
	if c.cred != nil {
		fc.SetCredentialID(c.cred.c.ID)
	}
	if c.job != nil {
		fc.SetJobID(c.job.j.ID)
	}
	if c.env != nil {
		fc.SetEnvironmentID(c.env.e.ID)
	}
	if o := c.ownerOf(); o != nil {
		fc.SetOwnerID(o.ID)
	}
	return fc
}

// updateFinding records that the finding was seen again, reopening it when
// it was resolved or its acceptance expired.
func updateFinding(ctx context.Context, tx *ent.Tx, now time.Time, f *ent.Finding, c *candidate, res *Result) error {
	u := tx.Finding.UpdateOne(f).SetRule(c.rule).SetSeverity(finding.Severity(c.severity)).
		SetTitle(c.title).SetDetail(c.detail).SetEvidence(c.evidence).SetFile(c.file).SetLine(max(c.line, 0)).
		SetRemediation(c.remediation).SetScopeAssumed(c.scopeAssumed).SetLastSeen(now)
	switch {
	case f.Status == finding.StatusRESOLVED:
		u.SetStatus(finding.StatusOPEN).ClearResolvedAt().SetDone(false)
		res.Opened++
	case expired(f, now):
		u.SetStatus(finding.StatusOPEN)
		res.Opened++
	default:
		res.Updated++
	}
	setEdges(u, f, c)
	if err := u.Exec(ctx); err != nil {
		return fmt.Errorf("update finding %d: %w", f.ID, err)
	}
	return nil
}

// unchanged is true when only last_seen needs to move.
func unchanged(f *ent.Finding, c *candidate, now time.Time) bool {
	if f.Status == finding.StatusRESOLVED || expired(f, now) {
		return false
	}
	same := f.Rule == c.rule && string(f.Severity) == c.severity && f.Title == c.title && f.Detail == c.detail &&
		f.Evidence == c.evidence && f.File == c.file && f.Line == max(c.line, 0) && f.Remediation == c.remediation &&
		f.ScopeAssumed == c.scopeAssumed
	if !same {
		return false
	}
	e := f.Edges
	want := edgeIDs(c)
	return idOfRepo(e.Repository) == want[0] && idOfCred(e.Credential) == want[1] && idOfJob(e.Job) == want[2] &&
		idOfEnv(e.Environment) == want[3] && idOfOwner(e.Owner) == want[4]
}

// edgeIDs are the ids of the candidate's repository, credential, job,
// environment and owner (0 when absent).
func edgeIDs(c *candidate) [5]int {
	var out [5]int
	if c.repo != nil {
		out[0] = c.repo.r.ID
	}
	if c.cred != nil {
		out[1] = c.cred.c.ID
	}
	if c.job != nil {
		out[2] = c.job.j.ID
	}
	if c.env != nil {
		out[3] = c.env.e.ID
	}
	if o := c.ownerOf(); o != nil {
		out[4] = o.ID
	}
	return out
}

func expired(f *ent.Finding, now time.Time) bool {
	return f.Status == finding.StatusACCEPTED && f.AcceptedUntil != nil && !f.AcceptedUntil.After(now)
}

// setEdges points the finding at the run's subjects, touching only edges that changed.
func setEdges(u *ent.FindingUpdateOne, f *ent.Finding, c *candidate) {
	e, want := f.Edges, edgeIDs(c)
	edge(idOfRepo(e.Repository), want[0], func() { u.ClearRepository() }, func(id int) { u.SetRepositoryID(id) })
	edge(idOfCred(e.Credential), want[1], func() { u.ClearCredential() }, func(id int) { u.SetCredentialID(id) })
	edge(idOfJob(e.Job), want[2], func() { u.ClearJob() }, func(id int) { u.SetJobID(id) })
	edge(idOfEnv(e.Environment), want[3], func() { u.ClearEnvironment() }, func(id int) { u.SetEnvironmentID(id) })
	edge(idOfOwner(e.Owner), want[4], func() { u.ClearOwner() }, func(id int) { u.SetOwnerID(id) })
}

func edge(have, want int, clear func(), set func(int)) {
	switch {
	case have == want:
	case want == 0:
		clear()
	default:
		clear()
		set(want)
	}
}

func idOfRepo(x *ent.Repository) int {
	if x == nil {
		return 0
	}
	return x.ID
}

func idOfCred(x *ent.Credential) int {
	if x == nil {
		return 0
	}
	return x.ID
}

func idOfJob(x *ent.Job) int {
	if x == nil {
		return 0
	}
	return x.ID
}

func idOfEnv(x *ent.Environment) int {
	if x == nil {
		return 0
	}
	return x.ID
}

func idOfOwner(x *ent.Owner) int {
	if x == nil {
		return 0
	}
	return x.ID
}

// resolveAbsent resolves the owners' findings this run did not produce, when
// the scan could see their facts, and reopens expired acceptances.
func resolveAbsent(ctx context.Context, tx *ent.Tx, s *snapshot, seen map[string]*candidate, existing map[string]*ent.Finding, res *Result) error {
	facts, spots := ruleFacts(), s.blindSpots()
	var resolve, reopen []int
	for fp, f := range existing {
		if seen[fp] != nil || f.Status == finding.StatusRESOLVED || !s.ownsFinding(f) {
			continue
		}
		repo := ""
		if f.Edges.Repository != nil && s.repoByID[f.Edges.Repository.ID] != nil {
			repo = s.repoByID[f.Edges.Repository.ID].r.FullName
		}
		fs, known := facts[f.Rule]
		switch {
		case known && !spots.hides(repo, fs):
			resolve = append(resolve, f.ID)
		case expired(f, s.now):
			reopen = append(reopen, f.ID)
		}
	}
	for i := 0; i < len(resolve); i += chunk {
		n, err := tx.Finding.Update().Where(finding.IDIn(resolve[i:min(i+chunk, len(resolve))]...)).
			SetStatus(finding.StatusRESOLVED).SetResolvedAt(s.now).Save(ctx)
		if err != nil {
			return fmt.Errorf("resolve findings: %w", err)
		}
		res.Resolved += n
	}
	if len(reopen) > 0 {
		n, err := tx.Finding.Update().Where(finding.IDIn(reopen...)).SetStatus(finding.StatusOPEN).Save(ctx)
		if err != nil {
			return fmt.Errorf("reopen expired acceptances: %w", err)
		}
		res.Opened += n
	}
	return nil
}

func (s *snapshot) ownsFinding(f *ent.Finding) bool {
	return f.Edges.Owner != nil && s.ownerByID[f.Edges.Owner.ID] != nil
}
