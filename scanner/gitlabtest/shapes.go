package gitlabtest

import (
	"fmt"
	"sort"
	"strings"
)

// The functions here render fixture objects in GitLab's response shapes,
// with the fields GitLab sends (including ones privgraph ignores).

const webBase = "https://gitlab.example.com/"

func orNil(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func userJSON(u User) map[string]any {
	return map[string]any{
		"id": u.ID, "username": u.Username, "name": u.Username, "state": "active", "locked": false,
		"avatar_url": nil, "web_url": webBase + u.Username, "created_at": "2024-02-01T08:00:00.000Z",
		"bio": "", "public_email": nil, "bot": false, "is_admin": u.IsAdmin, "can_create_group": true,
		"can_create_project": true, "two_factor_enabled": true, "external": false, "private_profile": false,
	}
}

func groupJSON(g *Group, ix *index) map[string]any {
	var parent any
	if p := parentOf(g.Path); p != "" {
		if id, ok := ix.groupID[p]; ok {
			parent = id
		}
	}
	return map[string]any{
		"id": g.ID, "name": nameOf(g.Path), "path": nameOf(g.Path), "full_name": strings.ReplaceAll(g.Path, "/", " / "),
		"full_path": g.Path, "description": g.Description, "visibility": "private", "share_with_group_lock": false,
		"require_two_factor_authentication": false, "project_creation_level": "developer", "subgroup_creation_level": "maintainer",
		"auto_devops_enabled": nil, "emails_enabled": true, "lfs_enabled": true, "default_branch": nil,
		"avatar_url": nil, "web_url": webBase + "groups/" + g.Path, "request_access_enabled": false,
		"parent_id": parent, "created_at": "2024-03-01T10:00:00.000Z", "shared_runners_setting": "enabled",
		// GitLab sends the registration token to group owners.
		"runners_token": sentinelRunnersToken,
	}
}

func projectJSON(p *Project, ix *index) map[string]any {
	ns := parentOf(p.Path)
	vis := p.Visibility
	if vis == "" {
		vis = "private"
	}
	var branch any
	if p.DefaultBranch != "" {
		branch = p.DefaultBranch
	}
	return map[string]any{
		"id": p.ID, "description": "", "name": nameOf(p.Path), "name_with_namespace": strings.ReplaceAll(p.Path, "/", " / "),
		"path": nameOf(p.Path), "path_with_namespace": p.Path, "created_at": "2024-04-01T12:00:00.000Z",
		"default_branch": branch, "tag_list": []string{}, "topics": []string{},
		"ssh_url_to_repo": "git@gitlab.example.com:" + p.Path + ".git", "http_url_to_repo": webBase + p.Path + ".git",
		"web_url": webBase + p.Path, "readme_url": nil, "forks_count": 0, "star_count": 0,
		"last_activity_at": "2026-11-01T09:30:00.000Z", "visibility": vis, "archived": p.Archived,
		"empty_repo": p.DefaultBranch == "", "ci_config_path": orNil(p.CIConfigPath), "jobs_enabled": true,
		"shared_runners_enabled": true, "public_jobs": true, "builds_access_level": "enabled",
		"allow_pipeline_trigger_approve_deployment": p.AllowTriggerApprove,
		"ci_job_token_scope_enabled":                p.JobTokenInbound, "runners_token": sentinelRunnersToken, "ci_inbound_job_token_scope_enabled": p.JobTokenInbound,
		"namespace": map[string]any{"id": ix.groupID[ns], "name": nameOf(ns), "path": nameOf(ns), "kind": "group",
			"full_path": ns, "parent_id": nil, "web_url": webBase + "groups/" + ns},
	}
}

func variablesJSON(vs []Variable) []any {
	out := []any{}
	for _, v := range vs {
		vt := v.VariableType
		if vt == "" {
			vt = "env_var"
		}
		scope := v.EnvironmentScope
		if scope == "" {
			scope = "*"
		}
		var value any = v.Value
		if v.Hidden {
			value = nil
		}
		out = append(out, map[string]any{
			"variable_type": vt, "key": v.Key, "value": value, "protected": v.Protected, "masked": v.Masked,
			"hidden": v.Hidden, "raw": v.Raw, "environment_scope": scope, "description": orNil(v.Description),
		})
	}
	return out
}

func accessTokensJSON(ts []AccessToken) []any {
	out := []any{}
	for _, t := range ts {
		created := t.CreatedAt
		if created == "" {
			created = "2025-06-01T08:00:00.000Z"
		}
		out = append(out, map[string]any{
			"id": t.ID, "user_id": t.UserID, "name": t.Name, "scopes": t.Scopes, "active": !t.Revoked,
			"revoked": t.Revoked, "created_at": created, "expires_at": orNil(t.ExpiresAt),
			"last_used_at": orNil(t.LastUsedAt), "access_level": t.AccessLevel, "description": nil,
		})
	}
	return out
}

func deployTokensJSON(ts []DeployToken) []any {
	out := []any{}
	for _, t := range ts {
		out = append(out, map[string]any{
			"id": t.ID, "name": t.Name, "username": t.Username, "expires_at": orNil(t.ExpiresAt),
			"revoked": t.Revoked, "expired": t.Expired, "scopes": t.Scopes,
		})
	}
	return out
}

func deployKeysJSON(ks []DeployKey) []any {
	out := []any{}
	for _, k := range ks {
		out = append(out, map[string]any{
			"id": k.ID, "title": k.Title, "created_at": "2025-02-10T10:00:00Z", "expires_at": nil,
			"key":                "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeKeyForPrivgraphTests" + strings.Repeat("A", 8),
			"fingerprint_sha256": "SHA256:privgraphFakeFingerprint", "can_push": k.CanPush,
		})
	}
	return out
}

func runnerStatus(r Runner) string {
	if r.Paused {
		return "paused"
	}
	return "online"
}

func runnerSummary(r Runner) map[string]any {
	return map[string]any{
		"id": r.ID, "description": r.Description, "ip_address": nil, "active": !r.Paused, "paused": r.Paused,
		"is_shared": r.Type == "instance_type", "runner_type": r.Type, "name": "gitlab-runner",
		"online": !r.Paused, "status": runnerStatus(r),
	}
}

func runnersJSON(rs []Runner, typ string) []any {
	out := []any{}
	for _, r := range rs {
		if typ == "" || r.Type == typ {
			out = append(out, runnerSummary(r))
		}
	}
	return out
}

func runnerRefsJSON(ids []int, ix *index, typ string) []any {
	var rs []Runner
	for _, id := range ids {
		if r := ix.runners[id]; r != nil {
			rs = append(rs, *r)
		}
	}
	return runnersJSON(rs, typ)
}

func runnerDetailJSON(r Runner, ix *index) map[string]any {
	m := runnerSummary(r)
	access := "not_protected"
	if r.Protected {
		access = "ref_protected"
	}
	projects := []any{}
	for _, p := range r.Projects {
		projects = append(projects, map[string]any{"id": idOrZero(ix.projects[p]), "name": nameOf(p), "path": nameOf(p),
			"path_with_namespace": p, "name_with_namespace": strings.ReplaceAll(p, "/", " / ")})
	}
	groups := []any{}
	for _, g := range r.Groups {
		groups = append(groups, map[string]any{"id": ix.groupID[g], "name": nameOf(g), "web_url": webBase + "groups/" + g, "full_path": g})
	}
	tags := r.Tags
	if tags == nil {
		tags = []string{}
	}
	m["tag_list"], m["run_untagged"], m["locked"], m["access_level"] = tags, r.RunUntagged, r.Locked, access
	m["architecture"], m["platform"], m["revision"], m["version"] = "amd64", "linux", "a1b2c3d4", "17.5.0"
	m["contacted_at"], m["maximum_timeout"], m["maintenance_note"] = "2026-11-20T10:00:00.000Z", 3600, nil
	m["projects"], m["groups"] = projects, groups
	return m
}

func membersJSON(ms []Member) []any {
	out := []any{}
	for _, m := range ms {
		out = append(out, map[string]any{
			"id": m.ID, "username": m.Username, "name": m.Username, "state": "active", "avatar_url": nil,
			"web_url": webBase + m.Username, "access_level": m.AccessLevel, "created_at": "2025-01-01T00:00:00.000Z",
			"expires_at": nil, "membership_state": "active",
		})
	}
	return out
}

func environmentsJSON(es []Environment) []any {
	out := []any{}
	for i, e := range es {
		tier := e.Tier
		if tier == "" {
			tier = "other"
		}
		out = append(out, map[string]any{
			"id": i + 1, "name": e.Name, "slug": strings.ReplaceAll(e.Name, "/", "-"), "external_url": nil,
			"state": "available", "tier": tier, "created_at": "2025-05-01T10:00:00.000Z",
			"updated_at": "2026-10-01T10:00:00.000Z", "description": nil, "auto_stop_at": nil,
		})
	}
	return out
}

func accessJSON(as []Access, id int, withApprovals bool) []any {
	out := []any{}
	for i, a := range as {
		m := map[string]any{"id": id + i, "access_level": nil, "access_level_description": a.Description,
			"user_id": nil, "group_id": nil, "group_inheritance_type": 0}
		switch {
		case a.UserID != 0:
			m["user_id"] = a.UserID
		case a.GroupID != 0:
			m["group_id"] = a.GroupID
		default:
			m["access_level"] = a.AccessLevel
		}
		if withApprovals {
			m["required_approvals"] = a.RequiredApprovals
		}
		out = append(out, m)
	}
	return out
}

func protectedEnvsJSON(ps []ProtectedEnvironment) []any {
	out := []any{}
	for i, p := range ps {
		out = append(out, map[string]any{
			"name": p.Name, "deploy_access_levels": accessJSON(p.DeployAccess, 10*(i+1), false),
			"required_approval_count": p.RequiredApprovals, "approval_rules": accessJSON(p.ApprovalRules, 100*(i+1), true),
		})
	}
	return out
}

func protectedBranchesJSON(bs []ProtectedBranch) []any {
	out := []any{}
	for i, b := range bs {
		out = append(out, map[string]any{
			"id": 200 + i, "name": b.Name, "push_access_levels": accessJSON(b.Push, 1000*(i+1), false),
			"merge_access_levels": accessJSON(b.Merge, 2000*(i+1), false), "allow_force_push": b.AllowForcePush,
			"unprotect_access_levels": []any{}, "code_owner_approval_required": b.CodeOwnerApprovalRequired, "inherited": false,
		})
	}
	return out
}

// protectedTagsJSON is GET /projects/:id/protected_tags.
func protectedTagsJSON(ts []ProtectedTag) []any {
	out := []any{}
	for i, t := range ts {
		out = append(out, map[string]any{"name": t.Name, "create_access_levels": accessJSON(t.Create, 3000*(i+1), false)})
	}
	return out
}

func approvalsJSON(a Approvals) map[string]any {
	return map[string]any{
		"approvers": []any{}, "approver_groups": []any{}, "approvals_before_merge": a.ApprovalsBeforeMerge,
		"reset_approvals_on_push": a.ResetApprovalsOnPush, "selective_code_owner_removals": false,
		"disable_overriding_approvers_per_merge_request": false, "merge_requests_author_approval": a.AuthorApproval,
		"merge_requests_disable_committers_approval": a.DisableCommittersApproval, "require_password_to_approve": false,
		"require_reauthentication_to_approve": false,
	}
}

func approvalRulesJSON(rs []ApprovalRule, p *Project) []any {
	out := []any{}
	for i, r := range rs {
		typ := r.RuleType
		if typ == "" {
			typ = "regular"
		}
		branches := []any{}
		for _, b := range r.ProtectedBranches {
			branches = append(branches, map[string]any{"id": 300 + i, "name": b, "push_access_levels": []any{},
				"merge_access_levels": []any{}, "unprotect_access_levels": []any{}, "code_owner_approval_required": false})
		}
		out = append(out, map[string]any{
			"id": 500 + i, "name": r.Name, "rule_type": typ, "eligible_approvers": []any{},
			"approvals_required": r.ApprovalsRequired, "users": []any{}, "groups": []any{},
			"contains_hidden_groups": false, "protected_branches": branches,
			"applies_to_all_protected_branches": r.AllProtected,
		})
	}
	return out
}

// treeJSON lists the entries of directory dir ("" for the root) of files,
// directories first, as GitLab's repository tree does.
func treeJSON(files map[string]string, dir string) []any {
	prefix := ""
	if dir != "" {
		prefix = dir + "/"
	}
	kinds := map[string]string{}
	for f := range files {
		if !strings.HasPrefix(f, prefix) {
			continue
		}
		name, rest, isDir := strings.Cut(strings.TrimPrefix(f, prefix), "/")
		switch {
		case isDir && rest != "":
			kinds[name] = "tree"
		case kinds[name] == "":
			kinds[name] = "blob"
		}
	}
	names := make([]string, 0, len(kinds))
	for n := range kinds {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		if kinds[names[i]] != kinds[names[j]] {
			return kinds[names[i]] == "tree"
		}
		return names[i] < names[j]
	})
	out := []any{}
	for i, n := range names {
		mode := "100644"
		if kinds[n] == "tree" {
			mode = "040000"
		}
		out = append(out, map[string]any{"id": fmt.Sprintf("%040x", i+1), "name": n, "type": kinds[n], "path": prefix + n, "mode": mode})
	}
	return out
}
