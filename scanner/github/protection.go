package github

import (
	"path"
	"sort"
	"strings"

	"github.com/privgraph/privgraph/scanner"
)

// protections are the classic branch protection rules and the active
// rulesets (the repository's and its organization's) that apply to the
// default branch, from the GraphQL batch.
func protections(r *gqlRepo, branch string) []scanner.BranchProtection {
	if branch == "" {
		return nil
	}
	var out []scanner.BranchProtection
	for _, p := range r.BranchProtectionRules.Nodes {
		if !fnmatch(p.Pattern, branch) {
			continue
		}
		bp := scanner.BranchProtection{
			Source: "CLASSIC", Name: p.Pattern, Pattern: p.Pattern,
			RequiredApprovals: p.RequiredApprovingReviewCount, CodeOwnerReview: p.RequiresCodeOwnerReviews,
			DismissStale: p.DismissesStaleReviews, EnforceAdmins: p.IsAdminEnforced,
			AllowForcePush: p.AllowsForcePushes, AllowDeletions: p.AllowsDeletions,
			RequiredSignatures: p.RequiresCommitSignatures, StatusChecks: p.RequiredStatusCheckContexts,
		}
		if !p.RequiresApprovingReviews {
			bp.RequiredApprovals = 0
		}
		for _, n := range p.BypassPullRequestAllowances.Nodes {
			if s := n.Actor.String(); s != "" {
				bp.BypassActors = append(bp.BypassActors, s)
			}
		}
		for _, n := range p.PushAllowances.Nodes {
			if s := n.Actor.String(); s != "" {
				bp.PushAccess = append(bp.PushAccess, s)
			}
		}
		out = append(out, bp)
	}
	for _, rs := range r.Rulesets.Nodes {
		if rs.Enforcement != "ACTIVE" || (rs.Target != "" && rs.Target != "BRANCH") || rs.Conditions.RefName == nil {
			continue
		}
		if !refMatches(rs.Conditions.RefName.Include, rs.Conditions.RefName.Exclude, branch) {
			continue
		}
		out = append(out, rulesetProtection(rs, branch))
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Source < out[j].Source })
	return out
}

func rulesetProtection(rs gqlRuleset, branch string) scanner.BranchProtection {
	name := rs.Name
	if rs.Source.Typename == "Organization" {
		name = "org:" + rs.Source.Login + "/" + rs.Name
	}
	bp := scanner.BranchProtection{Source: "RULESET", Name: name, Pattern: strings.Join(rs.Conditions.RefName.Include, ","),
		AllowForcePush: true, AllowDeletions: true}
	for _, r := range rs.Rules.Nodes {
		switch r.Type {
		case "PULL_REQUEST":
			if p := r.Parameters; p != nil {
				bp.RequiredApprovals = max(bp.RequiredApprovals, p.RequiredApprovingReviewCount)
				bp.CodeOwnerReview = bp.CodeOwnerReview || p.RequireCodeOwnerReview
				bp.DismissStale = bp.DismissStale || p.DismissStaleReviewsOnPush
			}
		case "REQUIRED_STATUS_CHECKS":
			if p := r.Parameters; p != nil {
				for _, c := range p.RequiredStatusChecks {
					bp.StatusChecks = append(bp.StatusChecks, c.Context)
				}
			}
		case "NON_FAST_FORWARD":
			bp.AllowForcePush = false
		case "DELETION":
			bp.AllowDeletions = false
		case "REQUIRED_SIGNATURES":
			bp.RequiredSignatures = true
		}
	}
	for _, a := range rs.BypassActors.Nodes {
		switch {
		case a.OrganizationAdmin:
			bp.BypassActors = append(bp.BypassActors, "org-admin")
		case a.RepositoryRoleName != nil && *a.RepositoryRoleName != "":
			bp.BypassActors = append(bp.BypassActors, "role:"+strings.ToLower(*a.RepositoryRoleName))
		case a.Actor != nil:
			bp.BypassActors = append(bp.BypassActors, a.Actor.String())
		}
	}
	// Nobody bypasses a ruleset unless listed: the admins are enforced.
	bp.EnforceAdmins = len(bp.BypassActors) == 0
	return bp
}

// refMatches applies a ruleset's ref_name conditions to the default branch.
func refMatches(include, exclude []string, branch string) bool {
	match := func(p string) bool {
		switch p {
		case "~ALL", "~DEFAULT_BRANCH":
			return true
		}
		return fnmatch(strings.TrimPrefix(p, "refs/heads/"), branch)
	}
	in := false
	for _, p := range include {
		in = in || match(p)
	}
	for _, p := range exclude {
		if match(p) {
			return false
		}
	}
	return in
}

// fnmatch is GitHub's branch pattern match for the forms used on default
// branches (exact names, *, ?, [..], and ** across slashes).
func fnmatch(pattern, name string) bool {
	if pattern == name {
		return true
	}
	if strings.Contains(pattern, "**") {
		prefix, _, _ := strings.Cut(pattern, "**")
		return strings.HasPrefix(name, prefix)
	}
	ok, _ := path.Match(pattern, name)
	return ok
}
