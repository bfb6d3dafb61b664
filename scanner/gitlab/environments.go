package gitlab

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/privgraph/privgraph/scanner"
)

type apiEnvironment struct {
	Name  string `json:"name"`
	Tier  string `json:"tier"`
	State string `json:"state"`
}

// apiAccess is one entry of push/merge/deploy access levels or approval rules.
type apiAccess struct {
	AccessLevel            *int   `json:"access_level"`
	AccessLevelDescription string `json:"access_level_description"`
	UserID                 *int64 `json:"user_id"`
	GroupID                *int64 `json:"group_id"`
	DeployKeyID            *int64 `json:"deploy_key_id"`
	RequiredApprovals      int    `json:"required_approvals"`
}

type apiProtectedEnv struct {
	Name                  string      `json:"name"`
	DeployAccessLevels    []apiAccess `json:"deploy_access_levels"`
	RequiredApprovalCount int         `json:"required_approval_count"`
	ApprovalRules         []apiAccess `json:"approval_rules"`
}

// describe names who an access entry grants: GitLab's description, else
// the role, user, group or deploy key it names.
func (a apiAccess) describe() string {
	if d := bounded(strings.TrimSpace(a.AccessLevelDescription), 255); d != "" {
		return d
	}
	switch {
	case a.UserID != nil:
		return fmt.Sprintf("user #%d", *a.UserID)
	case a.GroupID != nil:
		return fmt.Sprintf("group #%d", *a.GroupID)
	case a.DeployKeyID != nil:
		return fmt.Sprintf("deploy key #%d", *a.DeployKeyID)
	case a.AccessLevel != nil && *a.AccessLevel == 0:
		return "No one"
	case a.AccessLevel != nil:
		return capitalize(accessLevelName(*a.AccessLevel)) + "s"
	}
	return "unknown"
}

func describeAll(as []apiAccess) []string {
	out := make([]string, 0, len(as))
	for i, a := range as {
		if i == 64 {
			break
		}
		out = append(out, a.describe())
	}
	return out
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

var productionName = regexp.MustCompile(`(?i)^(prod|production|live)([-_/ ].*)?$`)

// groupProtectedEnvironments reads a group's protected environments: on
// GitLab they protect a deployment tier in every project below the group.
func (r *scan) groupProtectedEnvironments(ctx context.Context, g apiGroup, _ string) error {
	pes, err := listAll[apiProtectedEnv](ctx, r, "groups/"+pid(g.ID)+"/protected_environments", nil)
	if err != nil {
		if status, ok := isGap(err); ok && status == 404 {
			return nil // not offered by this instance or tier
		}
		return r.soft(err, resGroupProtEnvs, g.FullPath)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.groupEnvs == nil {
		r.groupEnvs = map[string][]apiProtectedEnv{}
	}
	r.groupEnvs[g.FullPath] = pes
	return nil
}

// inheritedProtection returns the group-level protections of tier that
// apply to a project in namespace.
func (r *scan) inheritedProtection(namespace, tier string) []apiProtectedEnv {
	if tier == "" {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []apiProtectedEnv
	for path, pes := range r.groupEnvs {
		if namespace != path && !strings.HasPrefix(namespace, path+"/") {
			continue
		}
		for _, pe := range pes {
			if pe.Name == tier {
				out = append(out, pe)
			}
		}
	}
	return out
}

// projectEnvironments reads environments and their protection rules.
// Protected environments that were never deployed to are included too.
func (r *scan) projectEnvironments(ctx context.Context, p apiProject, repo *scanner.Repository) error {
	envs, err := listAll[apiEnvironment](ctx, r, projectPath(p)+"/environments", nil)
	if err != nil {
		if err := r.softRepo(err, resEnvironments, repo.FullName); err != nil {
			return err
		}
	}
	pes, err := listAll[apiProtectedEnv](ctx, r, projectPath(p)+"/protected_environments", nil)
	if err != nil {
		if err := r.softRepo(err, resProtEnvs, repo.FullName); err != nil {
			return err
		}
	}
	protected := map[string]apiProtectedEnv{}
	for _, pe := range pes {
		protected[pe.Name] = pe
	}
	seen := map[string]bool{}
	for _, e := range envs {
		if e.Name == "" || seen[e.Name] {
			continue
		}
		seen[e.Name] = true
		repo.Environments = append(repo.Environments, r.toEnvironment(p, e, protected))
	}
	for _, pe := range pes {
		if pe.Name != "" && !seen[pe.Name] && !strings.ContainsAny(pe.Name, "*") {
			seen[pe.Name] = true
			repo.Environments = append(repo.Environments, r.toEnvironment(p, apiEnvironment{Name: pe.Name}, protected))
		}
	}
	sort.Slice(repo.Environments, func(i, j int) bool { return repo.Environments[i].Name < repo.Environments[j].Name })
	return nil
}

func (r *scan) toEnvironment(p apiProject, e apiEnvironment, protected map[string]apiProtectedEnv) scanner.Environment {
	tier := bounded(e.Tier, 32)
	env := scanner.Environment{
		Name: bounded(e.Name, 255), Tier: tier,
		Production: tier == "production" || (tier == "" && productionName.MatchString(e.Name)),
	}
	rules := r.inheritedProtection(p.Namespace.FullPath, tier)
	if pe, ok := protected[e.Name]; ok {
		rules = append([]apiProtectedEnv{pe}, rules...)
	}
	for _, pe := range rules {
		env.Protected = true
		env.DeployAccessLevels = append(env.DeployAccessLevels, describeAll(pe.DeployAccessLevels)...)
		n := pe.RequiredApprovalCount
		sum := 0
		for _, a := range pe.ApprovalRules {
			sum += max(a.RequiredApprovals, 0)
			env.RequiredReviewers = append(env.RequiredReviewers, a.describe())
		}
		env.RequiredApprovals = max(env.RequiredApprovals, n, sum)
	}
	// The user who triggered a deployment cannot approve it unless the
	// project allows it (allow_pipeline_trigger_approve_deployment).
	env.PreventSelfReview = env.Protected && env.RequiredApprovals > 0 && !p.AllowTriggerApprove
	return env
}
