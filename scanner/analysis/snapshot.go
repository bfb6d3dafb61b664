package analysis

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/ent/credential"
	"github.com/privgraph/privgraph/ent/identity"
	"github.com/privgraph/privgraph/ent/job"
	"github.com/privgraph/privgraph/ent/owner"
	"github.com/privgraph/privgraph/ent/repository"
	"github.com/privgraph/privgraph/ent/runnergroup"
	entscan "github.com/privgraph/privgraph/ent/scan"
	"github.com/privgraph/privgraph/ent/team"
	"github.com/privgraph/privgraph/ent/usage"
	"github.com/privgraph/privgraph/scanner/workflow"
)

// snapshot is the part of the graph one analysis run reads: everything held
// by the scan's owner and its subgroups, linked in memory.
type snapshot struct {
	now      time.Time
	scan     *ent.Scan
	complete bool     // the scan saw everything it looks at
	gaps     []string // coverage gaps of a partial scan
	unread   []string // Scan.unread: "what" or "what:repository"
	owners   []*ent.Owner
	ownerIDs []int
	repos    []*repoInfo
	jobs     []*jobInfo
	creds    []*credInfo
	teams    []*ent.Team
	idents   []*ent.Identity
	runners  []*ent.RunnerGroup
	changes  []*ent.Change

	ownerByID map[int]*ent.Owner
	repoByID  map[int]*repoInfo
	repoByKey map[string]*repoInfo // full name -> repo
	jobByID   map[int]*jobInfo
	envByID   map[int]*envInfo
}

type repoInfo struct {
	r         *ent.Repository
	owner     *ent.Owner
	pipelines []*pipeInfo
	jobs      []*jobInfo
	envs      []*envInfo
}

type pipeInfo struct {
	p    *ent.Pipeline
	repo *repoInfo
	jobs []*jobInfo
}

type envInfo struct {
	e    *ent.Environment
	repo *repoInfo
}

type jobInfo struct {
	j       *ent.Job
	pipe    *pipeInfo
	repo    *repoInfo
	env     *envInfo
	detail  workflow.JobDetail
	usages  []*usageInfo
	callee  *pipeInfo  // the reusable workflow the job calls, when resolved
	callers []*jobInfo // jobs that call this job's workflow
}

type usageInfo struct {
	u    *ent.Usage
	job  *jobInfo
	cred *credInfo
}

type credInfo struct {
	c      *ent.Credential
	owner  *ent.Owner
	repo   *repoInfo
	env    *envInfo
	usages []*usageInfo
	// computed by exposure
	exposed      map[int]*jobInfo
	needing      map[int]*jobInfo
	reasons      []string
	scopeAssumed bool
	untrusted    []*jobInfo // exposed jobs that run outsiders' code
	reposReached []*repoInfo
	sameValue    []*credInfo // other credentials holding the same value
}

// load reads the snapshot of scanID's owners inside tx.
func load(ctx context.Context, tx *ent.Tx, scanID int, now time.Time) (*snapshot, error) {
	sc, err := tx.Scan.Query().Where(entscan.ID(scanID)).WithOwner().Only(ctx)
	if err != nil {
		return nil, fmt.Errorf("read scan %d: %w", scanID, err)
	}
	if sc.Edges.Owner == nil {
		return nil, fmt.Errorf("scan %d has no owner", scanID)
	}
	if sc.Status == "FAILED" {
		return nil, fmt.Errorf("scan %d failed: nothing to analyse", scanID)
	}
	s := &snapshot{now: now, scan: sc, gaps: sc.CoverageGaps, unread: sc.Unread}
	s.complete = (sc.Status == "SUCCEEDED" || (sc.Status == "RUNNING" && len(sc.CoverageGaps) == 0)) && len(sc.Unread) == 0
	if err := s.loadOwners(ctx, tx, sc.Edges.Owner); err != nil {
		return nil, err
	}
	steps := []func(context.Context, *ent.Tx) error{s.loadRepos, s.loadCredentials, s.loadRest}
	for _, step := range steps {
		if err := step(ctx, tx); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// loadOwners collects the owner and its subgroups (by parent_key).
func (s *snapshot) loadOwners(ctx context.Context, tx *ent.Tx, root *ent.Owner) error {
	s.ownerByID = map[int]*ent.Owner{root.ID: root}
	s.owners = []*ent.Owner{root}
	frontier := []string{root.Key}
	for depth := 0; len(frontier) > 0 && depth < 20; depth++ {
		kids, err := tx.Owner.Query().Where(owner.ParentKeyIn(frontier...)).All(ctx)
		if err != nil {
			return fmt.Errorf("read subgroups of %s: %w", root.Name, err)
		}
		frontier = nil
		for _, k := range kids {
			if s.ownerByID[k.ID] == nil {
				s.ownerByID[k.ID] = k
				s.owners = append(s.owners, k)
				frontier = append(frontier, k.Key)
			}
		}
	}
	for _, o := range s.owners {
		s.ownerIDs = append(s.ownerIDs, o.ID)
	}
	return nil
}

func (s *snapshot) loadRepos(ctx context.Context, tx *ent.Tx) error {
	repos, err := tx.Repository.Query().
		Where(repository.HasOwnerWith(owner.IDIn(s.ownerIDs...))).
		WithOwner(func(q *ent.OwnerQuery) { q.Select(owner.FieldID) }).
		WithPipelines(func(q *ent.PipelineQuery) {
			q.WithJobs(func(q *ent.JobQuery) { q.WithEnvironment(func(q *ent.EnvironmentQuery) { q.Select("id") }) })
		}).
		WithEnvironments().WithBranchProtections().WithCodeOwners().
		Order(ent.Asc(repository.FieldFullName)).All(ctx)
	if err != nil {
		return fmt.Errorf("read repositories: %w", err)
	}
	s.repoByID, s.repoByKey = map[int]*repoInfo{}, map[string]*repoInfo{}
	s.jobByID, s.envByID = map[int]*jobInfo{}, map[int]*envInfo{}
	for _, r := range repos {
		ri := &repoInfo{r: r, owner: s.ownerByID[r.Edges.Owner.ID]}
		s.repos = append(s.repos, ri)
		s.repoByID[r.ID], s.repoByKey[r.FullName] = ri, ri
		for _, e := range r.Edges.Environments {
			ei := &envInfo{e: e, repo: ri}
			ri.envs = append(ri.envs, ei)
			s.envByID[e.ID] = ei
		}
		s.linkPipelines(ri)
	}
	s.linkCalls()
	return nil
}

func (s *snapshot) linkPipelines(ri *repoInfo) {
	ps := ri.r.Edges.Pipelines
	sort.Slice(ps, func(i, j int) bool { return ps[i].Path < ps[j].Path })
	for _, p := range ps {
		pi := &pipeInfo{p: p, repo: ri}
		ri.pipelines = append(ri.pipelines, pi)
		jobs := p.Edges.Jobs
		sort.Slice(jobs, func(i, j int) bool {
			return jobs[i].Line < jobs[j].Line || jobs[i].Line == jobs[j].Line && jobs[i].Key < jobs[j].Key
		})
		for _, j := range jobs {
			ji := &jobInfo{j: j, pipe: pi, repo: ri}
			if j.Detail != nil {
				ji.detail = *j.Detail
			}
			if j.Edges.Environment != nil {
				ji.env = s.envByID[j.Edges.Environment.ID]
			}
			if ji.env == nil && j.EnvironmentName != "" {
				ji.env = ri.envNamed(j.EnvironmentName)
			}
			pi.jobs = append(pi.jobs, ji)
			ri.jobs = append(ri.jobs, ji)
			s.jobs = append(s.jobs, ji)
			s.jobByID[j.ID] = ji
		}
	}
}

func (s *snapshot) loadCredentials(ctx context.Context, tx *ent.Tx) error {
	inOwners := owner.IDIn(s.ownerIDs...)
	creds, err := tx.Credential.Query().
		Where(credential.Or(credential.HasOwnerWith(inOwners), credential.HasRepositoryWith(repository.HasOwnerWith(inOwners)))).
		WithOwner(func(q *ent.OwnerQuery) { q.Select(owner.FieldID) }).
		WithRepository(func(q *ent.RepositoryQuery) { q.Select(repository.FieldID) }).
		WithEnvironment(func(q *ent.EnvironmentQuery) { q.Select("id") }).
		WithExposedJobs(func(q *ent.JobQuery) { q.Select(job.FieldID) }).
		WithUsages(func(q *ent.UsageQuery) {
			q.WithJob(func(q *ent.JobQuery) { q.Select(job.FieldID) }).Order(ent.Asc(usage.FieldFile), ent.Asc(usage.FieldLine))
		}).
		Order(ent.Asc(credential.FieldKey)).All(ctx)
	if err != nil {
		return fmt.Errorf("read credentials: %w", err)
	}
	for _, c := range creds {
		s.creds = append(s.creds, s.linkCredential(c))
	}
	return nil
}

func (s *snapshot) linkCredential(c *ent.Credential) *credInfo {
	ci := &credInfo{c: c}
	if c.Edges.Owner != nil {
		ci.owner = s.ownerByID[c.Edges.Owner.ID]
	}
	if c.Edges.Repository != nil {
		ci.repo = s.repoByID[c.Edges.Repository.ID]
	}
	if c.Edges.Environment != nil {
		ci.env = s.envByID[c.Edges.Environment.ID]
		if ci.repo == nil && ci.env != nil {
			ci.repo = ci.env.repo
		}
	}
	if ci.owner == nil && ci.repo != nil {
		ci.owner = ci.repo.owner
	}
	for _, u := range c.Edges.Usages {
		if u.Edges.Job == nil {
			continue
		}
		ji := s.jobByID[u.Edges.Job.ID]
		if ji == nil {
			continue
		}
		ui := &usageInfo{u: u, job: ji, cred: ci}
		ci.usages = append(ci.usages, ui)
		ji.usages = append(ji.usages, ui)
	}
	return ci
}

func (s *snapshot) loadRest(ctx context.Context, tx *ent.Tx) error {
	var err error
	if s.teams, err = tx.Team.Query().Where(team.HasOwnerWith(owner.IDIn(s.ownerIDs...))).
		WithRepositories(func(q *ent.RepositoryQuery) { q.Select(repository.FieldID) }).All(ctx); err != nil {
		return fmt.Errorf("read teams: %w", err)
	}
	if s.idents, err = tx.Identity.Query().Where(identity.HasOwnerWith(owner.IDIn(s.ownerIDs...))).
		WithOwner(func(q *ent.OwnerQuery) { q.Select(owner.FieldID) }).All(ctx); err != nil {
		return fmt.Errorf("read identities: %w", err)
	}
	if s.runners, err = tx.RunnerGroup.Query().Where(runnergroup.HasOwnerWith(owner.IDIn(s.ownerIDs...))).
		WithOwner(func(q *ent.OwnerQuery) { q.Select(owner.FieldID) }).All(ctx); err != nil {
		return fmt.Errorf("read runner groups: %w", err)
	}
	return s.loadChanges(ctx, tx)
}

// envNamed finds an environment of the repository by name, case-insensitively
// as GitHub does.
func (r *repoInfo) envNamed(name string) *envInfo {
	for _, e := range r.envs {
		if equalFold(e.e.Name, name) {
			return e
		}
	}
	return nil
}
