package gitlab

import (
	"context"
	"slices"
	"strings"

	"github.com/privgraph/privgraph/scanner"
)

type apiProtectedBranch struct {
	Name                      string      `json:"name"`
	PushAccessLevels          []apiAccess `json:"push_access_levels"`
	MergeAccessLevels         []apiAccess `json:"merge_access_levels"`
	UnprotectAccessLevels     []apiAccess `json:"unprotect_access_levels"`
	AllowForcePush            bool        `json:"allow_force_push"`
	CodeOwnerApprovalRequired bool        `json:"code_owner_approval_required"`
}

// apiApprovals is GET /projects/:id/approvals (merge request approval
// settings).
type apiApprovals struct {
	ApprovalsBeforeMerge       int  `json:"approvals_before_merge"`
	ResetApprovalsOnPush       bool `json:"reset_approvals_on_push"`
	AuthorApproval             bool `json:"merge_requests_author_approval"`
	DisableCommittersApproval  bool `json:"merge_requests_disable_committers_approval"`
	RequirePasswordToApprove   bool `json:"require_password_to_approve"`
	SelectiveCodeOwnerRemovals bool `json:"selective_code_owner_removals"`
}

type apiApprovalRule struct {
	Name                          string `json:"name"`
	RuleType                      string `json:"rule_type"`
	ApprovalsRequired             int    `json:"approvals_required"`
	AppliesToAllProtectedBranches bool   `json:"applies_to_all_protected_branches"`
	ProtectedBranches             []struct {
		Name string `json:"name"`
	} `json:"protected_branches"`
}

// Bypass actors privgraph adds from merge request approval settings: they
// weaken the required approvals the way a bypass does.
const (
	bypassAuthor     = "merge request authors (may approve their own merge requests)"
	bypassCommitters = "committers (may approve merge requests they added commits to)"
)

// projectProtections reads the protected branch rules that cover the
// default branch, and folds the merge request approval settings into them:
// the required approvals (the larger of the project setting and every
// approval rule that applies to the branch), reset-on-push as dismiss
// stale, and self-approval by authors or committers as bypass actors.
func (r *scan) projectProtections(ctx context.Context, p apiProject, repo *scanner.Repository) error {
	if err := r.protectedTags(ctx, p, repo); err != nil {
		return err
	}
	if p.DefaultBranch == "" {
		return nil
	}
	branches, err := listAll[apiProtectedBranch](ctx, r, projectPath(p)+"/protected_branches", nil)
	if err != nil {
		return r.softRepo(err, resProtBranches, repo.FullName)
	}
	var matching []apiProtectedBranch
	for _, b := range branches {
		if branchMatch(b.Name, p.DefaultBranch) {
			matching = append(matching, b)
		}
	}
	if len(matching) == 0 {
		return nil
	}
	appr, rules, err := r.approvals(ctx, p, repo.FullName)
	if err != nil {
		return err
	}
	for _, b := range matching {
		bp := scanner.BranchProtection{
			Source: "GITLAB", Pattern: bounded(b.Name, 255),
			AllowForcePush: b.AllowForcePush, CodeOwnerReview: b.CodeOwnerApprovalRequired,
			PushAccess: describeAll(b.PushAccessLevels), MergeAccess: describeAll(b.MergeAccessLevels),
		}
		if appr != nil {
			bp.RequiredApprovals = max(appr.ApprovalsBeforeMerge, 0)
			bp.DismissStale = appr.ResetApprovalsOnPush
			if appr.AuthorApproval {
				bp.BypassActors = append(bp.BypassActors, bypassAuthor)
			}
			if !appr.DisableCommittersApproval {
				bp.BypassActors = append(bp.BypassActors, bypassCommitters)
			}
		}
		for _, rule := range rules {
			if ruleApplies(rule, b.Name, p.DefaultBranch) {
				bp.RequiredApprovals = max(bp.RequiredApprovals, rule.ApprovalsRequired)
				if rule.RuleType == "code_owner" && rule.ApprovalsRequired > 0 {
					bp.CodeOwnerReview = true
				}
			}
		}
		repo.Protections = append(repo.Protections, bp)
	}
	return nil
}

// approvals reads the approval settings and rules; both are nil when the
// instance or tier does not offer them (404) or the token may not read
// them (403, a gap).
func (r *scan) approvals(ctx context.Context, p apiProject, subject string) (*apiApprovals, []apiApprovalRule, error) {
	var appr apiApprovals
	_, err := r.get(ctx, projectPath(p)+"/approvals", nil, &appr)
	if err != nil {
		if status, ok := isGap(err); ok && status == 404 {
			return nil, nil, nil
		}
		return nil, nil, r.softRepo(err, resApprovals, subject)
	}
	rules, err := listAll[apiApprovalRule](ctx, r, projectPath(p)+"/approval_rules", nil)
	if err != nil {
		if status, ok := isGap(err); ok && status == 404 {
			return &appr, nil, nil
		}
		return &appr, nil, r.softRepo(err, resApprovals, subject)
	}
	return &appr, rules, nil
}

// ruleApplies says whether an approval rule covers the branch: rules for
// all branches, for all protected branches, or naming this rule's pattern.
func ruleApplies(rule apiApprovalRule, pattern, branch string) bool {
	if rule.RuleType == "report_approver" {
		return false
	}
	if rule.AppliesToAllProtectedBranches || len(rule.ProtectedBranches) == 0 {
		return true
	}
	return slices.ContainsFunc(rule.ProtectedBranches, func(b struct {
		Name string `json:"name"`
	}) bool {
		return b.Name == pattern || branchMatch(b.Name, branch)
	})
}

// branchMatch applies a GitLab protected branch name, where * matches any
// run of characters (slashes included).
func branchMatch(pattern, branch string) bool {
	if !strings.Contains(pattern, "*") {
		return pattern == branch
	}
	parts := strings.Split(pattern, "*")
	if !strings.HasPrefix(branch, parts[0]) {
		return false
	}
	rest := branch[len(parts[0]):]
	for i, part := range parts[1:] {
		if i == len(parts)-2 {
			return strings.HasSuffix(rest, part) && len(rest) >= len(part)
		}
		k := strings.Index(rest, part)
		if k < 0 {
			return false
		}
		rest = rest[k+len(part):]
	}
	return true
}

// apiProtectedTag is one entry of GET /projects/:id/protected_tags.
type apiProtectedTag struct {
	Name               string      `json:"name"`
	CreateAccessLevels []apiAccess `json:"create_access_levels"`
}

// protectedTags records the project's protected tag patterns: tag pipelines
// often deploy, and protected variables reach them only on protected tags.
func (r *scan) protectedTags(ctx context.Context, p apiProject, repo *scanner.Repository) error {
	tags, err := listAll[apiProtectedTag](ctx, r, projectPath(p)+"/protected_tags", nil)
	if err != nil {
		return r.softRepo(err, resProtTags, repo.FullName)
	}
	for i, t := range tags {
		if i == 256 {
			break
		}
		repo.ProtectedTags = append(repo.ProtectedTags, bounded(t.Name, 255)+": "+strings.Join(describeAll(t.CreateAccessLevels), ", "))
	}
	return nil
}
