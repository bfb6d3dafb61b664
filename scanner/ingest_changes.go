package scanner

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/ent/branchprotection"
	"github.com/privgraph/privgraph/ent/change"
	"github.com/privgraph/privgraph/ent/codeowners"
	"github.com/privgraph/privgraph/ent/credential"
	"github.com/privgraph/privgraph/ent/environment"
	"github.com/privgraph/privgraph/ent/job"
	"github.com/privgraph/privgraph/ent/owner"
	"github.com/privgraph/privgraph/ent/pipeline"
	"github.com/privgraph/privgraph/ent/predicate"
	"github.com/privgraph/privgraph/ent/repository"
	"github.com/privgraph/privgraph/ent/scan"
)

// entry is the part of one row that a change report compares.
type entry struct {
	entity string
	key    string
	label  string
	fields map[string]any
}

// snapshot maps "entity\x00key" to the compared fields of each row.
type snapshot map[string]entry

func (s snapshot) add(entity, key, label string, fields map[string]any) {
	s[entity+"\x00"+key] = entry{entity: entity, key: key, label: label, fields: fields}
}

// takeSnapshot reads the fields that matter for "what changed" of every row
// under the given owners: the guards and the reach of credentials.
func takeSnapshot(ctx context.Context, c *ent.Client, ownerIDs []int) (snapshot, error) {
	s := snapshot{}
	inOwners := repository.HasOwnerWith(owner.IDIn(ownerIDs...))
	repos, err := c.Repository.Query().Where(inOwners).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("snapshot repositories: %w", err)
	}
	for _, r := range repos {
		s.add("Repository", r.Key, r.FullName, map[string]any{
			"visibility": r.Visibility, "default_branch": r.DefaultBranch, "archived": r.Archived,
			"default_workflow_permissions": r.DefaultWorkflowPermissions, "protected_tags": r.ProtectedTags,
		})
	}
	creds, err := c.Credential.Query().Where(credential.Or(
		credential.HasOwnerWith(owner.IDIn(ownerIDs...)), credential.HasRepositoryWith(inOwners))).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("snapshot credentials: %w", err)
	}
	for _, x := range creds {
		s.add("Credential", x.Key, string(x.Kind)+" "+x.Name, map[string]any{
			"scope": x.Scope, "visibility": x.Visibility, "selected_repositories": x.SelectedRepositories,
			"protected": x.Protected, "masked": x.Masked, "environment_scope": x.EnvironmentScope,
			"permissions": x.Permissions, "access_level": x.AccessLevel, "read_only": x.ReadOnly,
			"expires_at": x.ExpiresAt, "updated_at": x.UpdatedAt, "active": x.Active,
		})
	}
	if err := snapshotGuards(ctx, c, inOwners, s); err != nil {
		return nil, err
	}
	jobs, err := c.Job.Query().Where(job.HasPipelineWith(pipeline.HasRepositoryWith(inOwners))).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("snapshot jobs: %w", err)
	}
	for _, j := range jobs {
		s.add("Job", j.Key, j.Name, map[string]any{
			"stage": j.Stage, "environment": j.EnvironmentName, "permissions": j.Permissions,
			"self_hosted": j.SelfHosted, "secrets_inherit": j.SecretsInherit, "runner_labels": j.RunnerLabels,
		})
	}
	return s, nil
}

func snapshotGuards(ctx context.Context, c *ent.Client, inOwners predicate.Repository, s snapshot) error {
	envs, err := c.Environment.Query().Where(environment.HasRepositoryWith(inOwners)).All(ctx)
	if err != nil {
		return fmt.Errorf("snapshot environments: %w", err)
	}
	for _, e := range envs {
		s.add("Environment", e.Key, "environment "+e.Name, map[string]any{
			"protected": e.Protected, "required_reviewers": e.RequiredReviewers, "required_approvals": e.RequiredApprovals,
			"prevent_self_review": e.PreventSelfReview, "wait_timer": e.WaitTimer, "branch_policy": e.BranchPolicy,
			"branch_patterns": e.BranchPatterns, "deploy_access": e.DeployAccess,
		})
	}
	bps, err := c.BranchProtection.Query().Where(branchprotection.HasRepositoryWith(inOwners)).All(ctx)
	if err != nil {
		return fmt.Errorf("snapshot branch protections: %w", err)
	}
	for _, b := range bps {
		s.add("BranchProtection", b.Key, "protection of "+b.Pattern, map[string]any{
			"required_approvals": b.RequiredApprovals, "code_owner_review": b.CodeOwnerReview,
			"dismiss_stale": b.DismissStale, "enforce_admins": b.EnforceAdmins, "allow_force_push": b.AllowForcePush,
			"allow_deletions": b.AllowDeletions, "required_signatures": b.RequiredSignatures,
			"status_checks": b.StatusChecks, "bypass_actors": b.BypassActors,
		})
	}
	cos, err := c.CodeOwners.Query().Where(codeowners.HasRepositoryWith(inOwners)).All(ctx)
	if err != nil {
		return fmt.Errorf("snapshot CODEOWNERS: %w", err)
	}
	for _, co := range cos {
		s.add("CodeOwners", co.Key, co.Path, map[string]any{
			"rules": co.Rules, "covers_pipeline_definitions": co.CoversPipelineDefinitions,
		})
	}
	return nil
}

// recordChanges writes one Change per added, removed or modified row.
func recordChanges(ctx context.Context, c *ent.Client, scanID int, before, after snapshot) (int, error) {
	keys := make([]string, 0, len(before)+len(after))
	for k := range before {
		keys = append(keys, k)
	}
	for k := range after {
		if _, ok := before[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var builders []*ent.ChangeCreate
	for _, k := range keys {
		b, hadB := before[k]
		a, hasA := after[k]
		var kind, summary string
		var bj, aj string
		switch {
		case hadB && !hasA:
			kind, summary, bj = "REMOVED", b.entity+" removed: "+b.label, encode(b.fields)
		case !hadB && hasA:
			kind, summary, aj = "ADDED", a.entity+" added: "+a.label, encode(a.fields)
		default:
			diff := changedFields(b.fields, a.fields)
			if len(diff) == 0 {
				continue
			}
			kind = "MODIFIED"
			summary = a.entity + " " + a.label + ": " + strings.Join(diff, ", ") + " changed"
			bj, aj = encode(pick(b.fields, diff)), encode(pick(a.fields, diff))
		}
		e := a
		if !hasA {
			e = b
		}
		builders = append(builders, c.Change.Create().SetScanID(scanID).SetEntity(e.entity).SetEntityKey(e.key).
			SetKind(change.Kind(kind)).SetSummary(bounded(summary, 500)).SetBefore(bj).SetAfter(aj))
	}
	for start := 0; start < len(builders); start += 500 {
		end := min(start+500, len(builders))
		if err := c.Change.CreateBulk(builders[start:end]...).Exec(ctx); err != nil {
			return 0, fmt.Errorf("record changes: %w", err)
		}
	}
	return len(builders), nil
}

func changedFields(before, after map[string]any) []string {
	var out []string
	for k, v := range after {
		if encode(v) != encode(before[k]) {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

func pick(m map[string]any, keys []string) map[string]any {
	out := make(map[string]any, len(keys))
	for _, k := range keys {
		out[k] = m[k]
	}
	return out
}

func encode(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%q", err.Error())
	}
	return string(b)
}

// Predicates over scans, kept here so Ingest reads as sentences.
func scanPlatform(p Platform) predicate.Scan { return scan.PlatformEQ(scan.Platform(p)) }
func scanTarget(t string) predicate.Scan     { return scan.Target(t) }
func scanNotID(id int) predicate.Scan        { return scan.IDNEQ(id) }
func scanCompleted() predicate.Scan {
	return scan.StatusIn(scan.StatusSUCCEEDED, scan.StatusPARTIAL)
}
