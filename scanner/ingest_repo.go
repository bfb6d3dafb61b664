package scanner

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/ent/branchprotection"
	"github.com/privgraph/privgraph/ent/codeowners"
	"github.com/privgraph/privgraph/ent/environment"
	"github.com/privgraph/privgraph/ent/job"
	"github.com/privgraph/privgraph/ent/pipeline"
	"github.com/privgraph/privgraph/ent/repository"
	"github.com/privgraph/privgraph/ent/schema"
	"github.com/privgraph/privgraph/ent/usage"
	"github.com/privgraph/privgraph/scanner/workflow"
)

func (w *writer) writeRepositories(ctx context.Context) error {
	for i := range w.f.Repositories {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := w.writeRepository(ctx, &w.f.Repositories[i]); err != nil {
			return fmt.Errorf("repository %s: %w", bounded(w.f.Repositories[i].FullName, 200), err)
		}
	}
	return nil
}

// repoState is what one repository's writing needs to resolve references.
type repoState struct {
	r      *Repository
	id     int
	key    string
	owner  string
	envIDs map[string]int // lower-case name -> id
}

func (w *writer) writeRepository(ctx context.Context, r *Repository) error {
	if r.FullName == "" {
		return fmt.Errorf("a repository has no name")
	}
	ownerID, _ := w.ownerOf(r.OwnerName)
	key := w.repoKey(r.FullName)
	id, ok := w.existing("Repository", key)
	var m *ent.RepositoryMutation
	var save func(context.Context) (int, error)
	if ok {
		u := w.tx.Repository.Update().Where(repository.ID(id))
		m, save = u.Mutation(), func(ctx context.Context) (int, error) { return id, u.Exec(ctx) }
	} else {
		c := w.tx.Repository.Create().SetKey(key)
		m, save = c.Mutation(), func(ctx context.Context) (int, error) {
			e, err := c.Save(ctx)
			if err != nil {
				return 0, err
			}
			return e.ID, nil
		}
	}
	setRepository(m, w.f.Platform, r, ownerID)
	id, err := save(ctx)
	if err != nil {
		return fmt.Errorf("write: %w", err)
	}
	w.repoIDs[key] = id
	w.counts.Repositories++
	st := &repoState{r: r, id: id, key: key, owner: r.OwnerName, envIDs: map[string]int{}}
	for _, step := range []func(context.Context, *repoState) error{
		w.writeEnvironments, w.writeRepoCredentials, w.writePipelines, w.writeProtections, w.writeCodeOwners,
	} {
		if err := step(ctx, st); err != nil {
			return err
		}
	}
	return nil
}

func setRepository(m *ent.RepositoryMutation, p Platform, r *Repository, ownerID int) {
	m.SetPlatform(repository.Platform(p))
	m.SetFullName(bounded(r.FullName, 512))
	m.SetURL(r.URL)
	m.SetVisibility(r.Visibility)
	m.SetDefaultBranch(r.DefaultBranch)
	m.SetArchived(r.Archived)
	m.SetFork(r.Fork)
	m.SetDefaultWorkflowPermissions(r.DefaultWorkflowPermissions)
	if r.CanApprovePullRequests != nil {
		m.SetCanApprovePullRequests(*r.CanApprovePullRequests)
	} else {
		m.ClearCanApprovePullRequests()
	}
	m.SetJobTokenAllowlist(r.JobTokenAllowlist)
	m.SetProtectedTags(r.ProtectedTags)
	if r.ActionsEnabled != nil {
		m.SetActionsEnabled(*r.ActionsEnabled)
	} else {
		m.ClearActionsEnabled()
	}
	m.SetAllowedActions(r.AllowedActions)
	if r.JobTokenScopeEnabled != nil {
		m.SetJobTokenScopeEnabled(*r.JobTokenScopeEnabled)
	} else {
		m.ClearJobTokenScopeEnabled()
	}
	m.SetOwnerID(ownerID)
}

func (w *writer) writeEnvironments(ctx context.Context, st *repoState) error {
	for _, e := range st.r.Environments {
		key := EnvironmentKey(st.key, e.Name)
		id, ok := w.existing("Environment", key)
		var m *ent.EnvironmentMutation
		var save func(context.Context) (int, error)
		if ok {
			u := w.tx.Environment.Update().Where(environment.ID(id))
			m, save = u.Mutation(), func(ctx context.Context) (int, error) { return id, u.Exec(ctx) }
		} else {
			c := w.tx.Environment.Create().SetKey(key)
			m, save = c.Mutation(), func(ctx context.Context) (int, error) {
				en, err := c.Save(ctx)
				if err != nil {
					return 0, err
				}
				return en.ID, nil
			}
		}
		m.SetName(bounded(e.Name, 255))
		m.SetProduction(e.Production)
		m.SetTier(e.Tier)
		m.SetProtected(e.Protected)
		m.SetRequiredReviewers(e.RequiredReviewers)
		m.SetRequiredApprovals(max(e.RequiredApprovals, 0))
		m.SetPreventSelfReview(e.PreventSelfReview)
		m.SetWaitTimer(max(e.WaitTimer, 0))
		m.SetBranchPolicy(e.BranchPolicy)
		m.SetBranchPatterns(e.BranchPatterns)
		m.SetCustomRules(e.CustomRules)
		m.SetDeployAccess(e.DeployAccessLevels)
		m.SetRepositoryID(st.id)
		id, err := save(ctx)
		if err != nil {
			return fmt.Errorf("write environment %s: %w", e.Name, err)
		}
		st.envIDs[lower(e.Name)] = id
	}
	return nil
}

func (w *writer) writeRepoCredentials(ctx context.Context, st *repoState) error {
	for _, c := range st.r.Credentials {
		parent := st.key
		envID, isEnv := 0, false
		if c.Scope == ScopeEnvironment {
			envID, isEnv = st.envIDs[lower(c.Environment)]
			if !isEnv {
				return fmt.Errorf("credential %s names environment %q, which the repository does not have", c.Name, c.Environment)
			}
			parent = EnvironmentKey(st.key, c.Environment)
		}
		ownerID, _ := w.ownerOf(st.owner)
		id, err := w.writeCredential(ctx, parent, c, func(m *ent.CredentialMutation) {
			m.SetRepositoryID(st.id)
			m.SetOwnerID(ownerID)
			if isEnv {
				m.SetEnvironmentID(envID)
			} else {
				m.ClearEnvironment()
			}
		})
		if err != nil {
			return err
		}
		w.creds.addRepo(st.key, c, id)
	}
	return nil
}

func (w *writer) writePipelines(ctx context.Context, st *repoState) error {
	for i := range st.r.Pipelines {
		p := &st.r.Pipelines[i]
		key := PipelineKey(st.key, p.Path)
		id, ok := w.existing("Pipeline", key)
		var m *ent.PipelineMutation
		var save func(context.Context) (int, error)
		if ok {
			u := w.tx.Pipeline.Update().Where(pipeline.ID(id))
			m, save = u.Mutation(), func(ctx context.Context) (int, error) { return id, u.Exec(ctx) }
		} else {
			c := w.tx.Pipeline.Create().SetKey(key)
			m, save = c.Mutation(), func(ctx context.Context) (int, error) {
				e, err := c.Save(ctx)
				if err != nil {
					return 0, err
				}
				return e.ID, nil
			}
		}
		setPipeline(m, p, st.id)
		pid, err := save(ctx)
		if err != nil {
			return fmt.Errorf("write pipeline %s: %w", p.Path, err)
		}
		w.counts.Pipelines++
		for j := range p.Jobs {
			if err := w.writeJob(ctx, st, p, &p.Jobs[j], key, pid); err != nil {
				return fmt.Errorf("pipeline %s: %w", p.Path, err)
			}
		}
	}
	return nil
}

func setPipeline(m *ent.PipelineMutation, p *workflow.Pipeline, repoID int) {
	kind := p.Kind
	if kind == "" {
		kind = workflow.GitHubActions
	}
	m.SetKind(pipeline.Kind(kind))
	m.SetPath(bounded(p.Path, 1024))
	m.SetName(bounded(p.Name, 255))
	m.SetTriggers(p.Triggers)
	m.SetUntrustedTrigger(len(p.UntrustedTriggers) > 0)
	m.SetReusable(p.Reusable)
	if p.Permissions != nil {
		perms := pairs(p.Permissions.Scopes)
		if perms == nil {
			perms = []string{} // permissions: {} — set, and empty
		}
		m.SetPermissions(perms)
		m.SetPermissionsRaw(p.Permissions.Raw)
	} else {
		m.ClearPermissions()
		m.SetPermissionsRaw("")
	}
	var incs []string
	for _, inc := range p.Includes {
		s := inc.Ref
		if inc.Pinned {
			s += " (pinned)"
		}
		incs = append(incs, bounded(s, 512))
	}
	m.SetIncludes(incs)
	var errs []string
	for _, e := range p.Errors {
		errs = append(errs, e.Error())
	}
	m.SetParseError(bounded(strings.Join(errs, "; "), 2048))
	m.SetRepositoryID(repoID)
}

func (w *writer) writeJob(ctx context.Context, st *repoState, p *workflow.Pipeline, j *workflow.Job, pipelineKey string, pipelineID int) error {
	key := JobKey(pipelineKey, j.Key)
	id, ok := w.existing("Job", key)
	var m *ent.JobMutation
	var save func(context.Context) (int, error)
	if ok {
		u := w.tx.Job.Update().Where(job.ID(id))
		m, save = u.Mutation(), func(ctx context.Context) (int, error) { return id, u.Exec(ctx) }
	} else {
		c := w.tx.Job.Create().SetKey(key)
		m, save = c.Mutation(), func(ctx context.Context) (int, error) {
			e, err := c.Save(ctx)
			if err != nil {
				return 0, err
			}
			return e.ID, nil
		}
	}
	setJob(m, j, pipelineID)
	if envID, ok := st.envIDs[lower(j.Environment)]; ok && j.Environment != "" {
		m.SetEnvironmentID(envID)
	} else {
		m.ClearEnvironment()
	}
	jid, err := save(ctx)
	if err != nil {
		return fmt.Errorf("write job %s: %w", j.Key, err)
	}
	w.counts.Jobs++
	return w.writeUsages(ctx, st, p, j, jid)
}

func setJob(m *ent.JobMutation, j *workflow.Job, pipelineID int) {
	name := j.Name
	if name == "" {
		name = j.Key
	}
	m.SetName(bounded(name, 255))
	m.SetLine(max(j.Line, 0))
	m.SetFile(bounded(j.File, 1024))
	stage := j.Stage
	if stage == "" {
		stage = workflow.StageUnknown
	}
	m.SetStage(job.Stage(stage))
	m.SetStageReason(bounded(j.StageReason, 512))
	m.SetEnvironmentName(bounded(j.Environment, 255))
	m.SetRunnerLabels(j.RunsOn)
	m.SetSelfHosted(j.SelfHosted)
	if j.Effective != nil {
		m.SetPermissions(pairs(j.Effective))
	} else {
		m.ClearPermissions()
	}
	m.SetPermissionsSource(j.PermissionsSource)
	m.SetMinimalPermissions(pairs(j.MinimalPermissions))
	m.SetUnknownSteps(j.UnknownSteps)
	m.SetOidc(j.OIDC)
	m.SetCalls(bounded(j.Calls, 512))
	m.SetCallsPinned(j.CallsPinned)
	m.SetSecretsInherit(j.SecretsInherit)
	m.SetManual(j.Manual)
	m.SetProtectedRefsOnly(j.ProtectedRefsOnly)
	m.SetUntrustedCheckout(j.UntrustedCheckout)
	m.SetSecretsWholeContext(j.SecretsWhole)
	m.SetNeeds(j.Needs)
	d := j.Detail
	m.SetDetail(&d)
	m.SetPipelineID(pipelineID)
}

// writeUsages rewrites the job's usages: one per reference, bound to the
// credential the platform would hand the job.
func (w *writer) writeUsages(ctx context.Context, st *repoState, p *workflow.Pipeline, j *workflow.Job, jobID int) error {
	builders := make([]*ent.UsageCreate, 0, len(j.References))
	for _, ref := range j.References {
		credID, err := w.resolve(ctx, st, j, ref)
		if err != nil {
			return err
		}
		if credID == 0 {
			continue
		}
		file := ref.File
		if file == "" {
			file = p.Path
		}
		via := ref.Via
		if via == "" {
			via = workflow.ViaOther
		}
		builders = append(builders, w.tx.Usage.Create().
			SetFile(bounded(file, 1024)).SetLine(max(ref.Line, 0)).
			SetExpression(bounded(ref.Expression, 500)).SetVia(usage.Via(via)).
			SetJobID(jobID).SetCredentialID(credID))
	}
	for start := 0; start < len(builders); start += 500 {
		end := min(start+500, len(builders))
		if err := w.tx.Usage.CreateBulk(builders[start:end]...).Exec(ctx); err != nil {
			return fmt.Errorf("write usages of %s: %w", j.Key, err)
		}
	}
	w.counts.Usages += len(builders)
	return nil
}

func (w *writer) writeProtections(ctx context.Context, st *repoState) error {
	for _, b := range st.r.Protections {
		key := ProtectionKey(st.key, b)
		id, ok := w.existing("BranchProtection", key)
		var m *ent.BranchProtectionMutation
		var save func(context.Context) error
		if ok {
			u := w.tx.BranchProtection.Update().Where(branchprotection.ID(id))
			m, save = u.Mutation(), u.Exec
		} else {
			c := w.tx.BranchProtection.Create().SetKey(key)
			m, save = c.Mutation(), func(ctx context.Context) error { return c.Exec(ctx) }
		}
		src := b.Source
		if src == "" {
			src = "UNKNOWN"
		}
		m.SetSource(branchprotection.Source(src))
		m.SetName(bounded(b.Name, 255))
		pattern := b.Pattern
		if pattern == "" {
			pattern = st.r.DefaultBranch
		}
		if pattern == "" {
			pattern = "*"
		}
		m.SetPattern(bounded(pattern, 255))
		m.SetRequiredApprovals(max(b.RequiredApprovals, 0))
		m.SetCodeOwnerReview(b.CodeOwnerReview)
		m.SetDismissStale(b.DismissStale)
		m.SetEnforceAdmins(b.EnforceAdmins)
		m.SetAllowForcePush(b.AllowForcePush)
		m.SetAllowDeletions(b.AllowDeletions)
		m.SetRequiredSignatures(b.RequiredSignatures)
		m.SetStatusChecks(b.StatusChecks)
		m.SetBypassActors(b.BypassActors)
		m.SetPushAccess(b.PushAccess)
		m.SetMergeAccess(b.MergeAccess)
		m.SetRepositoryID(st.id)
		if err := save(ctx); err != nil {
			return fmt.Errorf("write branch protection %s: %w", pattern, err)
		}
	}
	return nil
}

func (w *writer) writeCodeOwners(ctx context.Context, st *repoState) error {
	for _, co := range st.r.CodeOwners {
		key := CodeOwnersKey(st.key, co.Path)
		id, ok := w.existing("CodeOwners", key)
		var m *ent.CodeOwnersMutation
		var save func(context.Context) error
		if ok {
			u := w.tx.CodeOwners.Update().Where(codeowners.ID(id))
			m, save = u.Mutation(), u.Exec
		} else {
			c := w.tx.CodeOwners.Create().SetKey(key)
			m, save = c.Mutation(), func(ctx context.Context) error { return c.Exec(ctx) }
		}
		rules := make([]schema.CodeOwnersRule, 0, len(co.Rules))
		for _, r := range co.Rules {
			rules = append(rules, schema.CodeOwnersRule{Pattern: bounded(r.Pattern, 512), Owners: r.Owners, Line: r.Line})
		}
		m.SetPath(co.Path)
		m.SetRules(rules)
		m.SetErrors(co.Errors)
		m.SetCoversPipelineDefinitions(coversPipelines(co.Rules, st.r.Pipelines))
		m.SetRepositoryID(st.id)
		if err := save(ctx); err != nil {
			return fmt.Errorf("write %s: %w", co.Path, err)
		}
	}
	return nil
}

// coversPipelines reports whether every pipeline definition has an owner.
func coversPipelines(rules []CodeOwnersRule, pipelines []workflow.Pipeline) bool {
	paths := []string{".github/workflows/ci.yml"}
	if len(pipelines) > 0 {
		paths = paths[:0]
		for _, p := range pipelines {
			paths = append(paths, p.Path)
		}
	}
	for _, p := range paths {
		if len(OwnersOf(rules, p)) == 0 {
			return false
		}
	}
	return true
}

// ContentSHA256 returns the hex SHA-256 of a definition.
func ContentSHA256(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}
