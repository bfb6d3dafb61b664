package githubtest

import (
	"encoding/base64"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"
)

// demoTime is the date fixtures use when they give none.
const demoTime = "2025-01-15T09:30:00Z"

func ts(t time.Time) string {
	if t.IsZero() {
		return demoTime
	}
	return t.UTC().Format(time.RFC3339)
}

func (c *ctx) userJSON(login string, id int64) map[string]any {
	return map[string]any{
		"login": login, "id": id, "node_id": "MDQ6VXNlcjE=", "avatar_url": "https://github.com/images/error/octocat_happy.gif",
		"gravatar_id": "", "url": c.base + "/users/" + login, "html_url": "https://github.com/" + login,
		"type": "User", "site_admin": false,
	}
}

func (c *ctx) orgJSON(org *Org) map[string]any {
	return map[string]any{
		"login": org.Login, "id": orgID(org), "node_id": "MDEyOk9yZ2FuaXphdGlvbjE=",
		"url": c.base + "/orgs/" + org.Login, "repos_url": c.base + "/orgs/" + org.Login + "/repos",
		"hooks_url": c.base + "/orgs/" + org.Login + "/hooks", "members_url": c.base + "/orgs/" + org.Login + "/members{/member}",
		"avatar_url": "https://github.com/images/error/octocat_happy.gif", "description": "A demo organization",
		"name": orDefault(org.Name, org.Login), "company": nil, "blog": "", "location": "", "email": nil,
		"is_verified": true, "has_organization_projects": true, "has_repository_projects": true,
		"public_repos": countVisibility(org, "public"), "total_private_repos": len(org.Repos) - countVisibility(org, "public"),
		"html_url": "https://github.com/" + org.Login, "created_at": "2008-01-14T04:33:35Z", "updated_at": demoTime, "type": "Organization",
		"members_can_create_repositories": true, "two_factor_requirement_enabled": true,
		"default_repository_permission": "read", "members_allowed_repository_creation_type": "all",
	}
}

func (c *ctx) accountJSON(org *Org) map[string]any {
	j := c.userJSON(org.Login, orgID(org))
	j["type"] = "Organization"
	for _, k := range []string{"followers", "following{/other_user}", "gists{/gist_id}", "starred{/owner}{/repo}", "subscriptions", "orgs", "repos", "events{/privacy}", "received_events"} {
		name, tmpl, _ := strings.Cut(k, "{")
		if tmpl != "" {
			tmpl = "{" + tmpl
		}
		key := name + "_url"
		if name == "orgs" {
			key = "organizations_url"
		}
		j[key] = c.base + "/users/" + org.Login + "/" + name + tmpl
	}
	return j
}

func orgID(org *Org) int64 {
	if org.ID != 0 {
		return org.ID
	}
	return 1000
}

func countVisibility(org *Org, v string) int {
	n := 0
	for _, r := range org.Repos {
		if r.visibility() == v {
			n++
		}
	}
	return n
}

func repoID(org *Org, r *Repo) int64 {
	if r.ID != 0 {
		return r.ID
	}
	for i := range org.Repos {
		if &org.Repos[i] == r || org.Repos[i].Name == r.Name {
			return int64(100000 + i)
		}
	}
	return 99999
}

func (c *ctx) repoJSON(org *Org, r *Repo) map[string]any {
	full := org.Login + "/" + r.Name
	return map[string]any{
		"id": repoID(org, r), "node_id": "MDEwOlJlcG9zaXRvcnkxMjk2MjY5", "name": r.Name, "full_name": full,
		"owner":   map[string]any{"login": org.Login, "id": orgID(org), "type": "Organization", "url": c.base + "/users/" + org.Login},
		"private": r.visibility() != "public", "visibility": r.visibility(), "html_url": "https://github.com/" + full,
		"description": "", "fork": r.Fork, "url": c.base + "/repos/" + full, "archived": r.Archived, "disabled": false,
		"default_branch": r.branch(), "created_at": "2021-01-26T19:01:12Z", "updated_at": demoTime, "pushed_at": demoTime,
		"permissions": map[string]bool{"admin": false, "maintain": false, "push": false, "triage": false, "pull": true},
	}
}

func (c *ctx) secrets(list []Secret) map[string]any {
	items := []any{}
	for _, s := range list {
		items = append(items, map[string]any{"name": s.Name, "created_at": ts(s.CreatedAt), "updated_at": ts(s.UpdatedAt)})
	}
	return map[string]any{"total_count": len(items), "secrets": c.page(items)}
}

func (c *ctx) orgSecrets(org *Org, list []OrgSecret, kind string) map[string]any {
	items := []any{}
	for _, s := range list {
		j := map[string]any{"name": s.Name, "created_at": ts(s.CreatedAt), "updated_at": ts(s.UpdatedAt), "visibility": orDefault(s.Visibility, "all")}
		if s.Visibility == "selected" {
			j["selected_repositories_url"] = c.base + "/orgs/" + org.Login + "/" + kind + "/secrets/" + s.Name + "/repositories"
		}
		items = append(items, j)
	}
	return map[string]any{"total_count": len(items), "secrets": c.page(items)}
}

func (c *ctx) variables(list []OrgVariable) map[string]any {
	items := []any{}
	for _, v := range list {
		items = append(items, map[string]any{"name": v.Name, "value": v.Value, "created_at": demoTime, "updated_at": demoTime})
	}
	return map[string]any{"total_count": len(items), "variables": c.page(items)}
}

func (c *ctx) selectedRepos(org *Org, names []string) map[string]any {
	items := []any{}
	for _, n := range names {
		if r := findRepo(org, n); r != nil {
			items = append(items, c.repoJSON(org, r))
		}
	}
	return map[string]any{"total_count": len(items), "repositories": c.page(items)}
}

func (c *ctx) installationJSON(org *Org, in Installation) map[string]any {
	return map[string]any{
		"id": in.ID, "app_id": in.AppID, "app_slug": in.AppSlug, "client_id": "Iv1.ab1112223334445c",
		"account":              c.accountJSON(org),
		"repository_selection": orDefault(in.Selection, "all"),
		"access_tokens_url":    c.base + "/app/installations/" + strconv.FormatInt(in.ID, 10) + "/access_tokens",
		"repositories_url":     c.base + "/installation/repositories",
		"html_url":             "https://github.com/organizations/" + org.Login + "/settings/installations/" + strconv.FormatInt(in.ID, 10),
		"target_id":            orgID(org), "target_type": "Organization", "permissions": in.Permissions,
		"events": []string{"push", "pull_request"}, "single_file_name": nil, "has_multiple_single_files": false,
		"single_file_paths": []string{}, "created_at": demoTime, "updated_at": demoTime, "suspended_by": nil, "suspended_at": nil,
	}
}

func (c *ctx) runnerGroupJSON(org *Org, g RunnerGroup) map[string]any {
	id := strconv.FormatInt(g.ID, 10)
	j := map[string]any{
		"id": g.ID, "name": g.Name, "visibility": orDefault(g.Visibility, "all"), "default": g.Default,
		"runners_url": c.base + "/orgs/" + org.Login + "/actions/runner_groups/" + id + "/runners",
		"inherited":   false, "allows_public_repositories": g.AllowsPublicRepositories,
		"restricted_to_workflows": g.RestrictedToWorkflows, "selected_workflows": nonNil(g.SelectedWorkflows),
		"workflow_restrictions_read_only": false,
	}
	if g.Visibility == "selected" {
		j["selected_repositories_url"] = c.base + "/orgs/" + org.Login + "/actions/runner_groups/" + id + "/repositories"
	}
	return j
}

func (c *ctx) runners(list []Runner) map[string]any {
	items := []any{}
	for _, r := range list {
		var labels []any
		for i, l := range r.Labels {
			typ := "custom"
			if l == "self-hosted" || l == "linux" || l == "Linux" || l == "X64" || l == "ARM64" || l == "macOS" || l == "Windows" {
				typ = "read-only"
			}
			labels = append(labels, map[string]any{"id": i + 1, "name": l, "type": typ})
		}
		items = append(items, map[string]any{"id": r.ID, "name": r.Name, "os": orDefault(r.OS, "linux"),
			"status": orDefault(r.Status, "online"), "busy": false, "version": "2.321.0", "ephemeral": false, "labels": nonNilAny(labels)})
	}
	return map[string]any{"total_count": len(items), "runners": c.page(items)}
}

func (c *ctx) teamJSON(org *Org, t Team, permission string) map[string]any {
	j := map[string]any{
		"id": t.ID, "node_id": "MDQ6VGVhbTE=", "url": c.base + "/teams/" + strconv.FormatInt(t.ID, 10),
		"html_url": "https://github.com/orgs/" + org.Login + "/teams/" + t.Slug, "name": t.Name, "slug": t.Slug,
		"description": "", "privacy": "closed", "notification_setting": "notifications_enabled", "permission": "pull",
		"members_url":      c.base + "/teams/" + strconv.FormatInt(t.ID, 10) + "/members{/member}",
		"repositories_url": c.base + "/teams/" + strconv.FormatInt(t.ID, 10) + "/repos", "parent": nil,
	}
	if permission != "" {
		j["permission"] = permission
		j["permissions"] = permissionsFor(permission)
	}
	return j
}

// sourcedRuleset is a ruleset with where it is defined.
type sourcedRuleset struct {
	Ruleset
	source, sourceType string
}

// applicableRulesets are the repository's rulesets and the organization's
// that target it.
func applicableRulesets(org *Org, repo *Repo) []sourcedRuleset {
	var out []sourcedRuleset
	for _, rs := range repo.Rulesets {
		out = append(out, sourcedRuleset{rs, org.Login + "/" + repo.Name, "Repository"})
	}
	for _, rs := range org.Rulesets {
		if len(rs.RepositoryNames) == 0 || contains(rs.RepositoryNames, repo.Name) {
			out = append(out, sourcedRuleset{rs, org.Login, "Organization"})
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func (c *ctx) rulesetJSON(source, sourceType string, rs Ruleset) map[string]any {
	var bypass []any
	for _, a := range rs.BypassActors {
		kind, name, _ := strings.Cut(a, ":")
		switch kind {
		case "team":
			bypass = append(bypass, map[string]any{"actor_id": 1, "actor_type": "Team", "bypass_mode": "always", "actor_name": name})
		case "app":
			bypass = append(bypass, map[string]any{"actor_id": 2, "actor_type": "Integration", "bypass_mode": "always", "actor_name": name})
		case "role":
			bypass = append(bypass, map[string]any{"actor_id": 5, "actor_type": "RepositoryRole", "bypass_mode": "always"})
		case "org-admin":
			bypass = append(bypass, map[string]any{"actor_id": nil, "actor_type": "OrganizationAdmin", "bypass_mode": "always"})
		}
	}
	return map[string]any{
		"id": rs.ID, "name": rs.Name, "target": "branch", "source_type": sourceType, "source": source,
		"enforcement": orDefault(rs.Enforcement, "active"), "bypass_actors": nonNilAny(bypass),
		"conditions": map[string]any{"ref_name": map[string]any{"include": nonNil(rs.Include), "exclude": nonNil(rs.Exclude)}},
		"rules":      rulesJSON(rs), "node_id": "RRS_lACkVXNlcgQB", "created_at": demoTime, "updated_at": demoTime,
		"_links": map[string]any{
			"self": map[string]any{"href": c.base + "/repos/" + source + "/rulesets/" + strconv.FormatInt(rs.ID, 10)},
			"html": map[string]any{"href": "https://github.com/" + source + "/rules/" + strconv.FormatInt(rs.ID, 10)},
		},
	}
}

func rulesJSON(rs Ruleset) []any {
	rules := []any{}
	if rs.RequiredApprovals > 0 || rs.CodeOwnerReview {
		rules = append(rules, map[string]any{"type": "pull_request", "parameters": map[string]any{
			"required_approving_review_count": rs.RequiredApprovals, "require_code_owner_review": rs.CodeOwnerReview,
			"dismiss_stale_reviews_on_push": rs.DismissStale, "require_last_push_approval": false,
			"required_review_thread_resolution": false,
		}})
	}
	if len(rs.StatusChecks) > 0 {
		var checks []any
		for _, s := range rs.StatusChecks {
			checks = append(checks, map[string]any{"context": s})
		}
		rules = append(rules, map[string]any{"type": "required_status_checks", "parameters": map[string]any{
			"required_status_checks": checks, "strict_required_status_checks_policy": true}})
	}
	if rs.BlockForcePush {
		rules = append(rules, map[string]any{"type": "non_fast_forward"})
	}
	if rs.BlockDeletion {
		rules = append(rules, map[string]any{"type": "deletion"})
	}
	if rs.RequiredSignatures {
		rules = append(rules, map[string]any{"type": "required_signatures"})
	}
	return rules
}

// branchRules is GET /repos/{o}/{r}/rules/branches/{branch}: the active
// rules that apply to the branch, each with its ruleset.
func (c *ctx) branchRules(org *Org, repo *Repo, branch string) []any {
	out := []any{}
	for _, rs := range applicableRulesets(org, repo) {
		if orDefault(rs.Enforcement, "active") != "active" || !RefMatches(rs.Include, rs.Exclude, branch, repo.branch()) {
			continue
		}
		for _, r := range rulesJSON(rs.Ruleset) {
			m := r.(map[string]any)
			m["ruleset_source_type"] = rs.sourceType
			m["ruleset_source"] = rs.source
			m["ruleset_id"] = rs.ID
			out = append(out, m)
		}
	}
	return out
}

// RefMatches reports whether a ruleset's ref_name conditions select branch
// (default is the repository's default branch).
func RefMatches(include, exclude []string, branch, def string) bool {
	match := func(p string) bool {
		switch p {
		case "~ALL":
			return true
		case "~DEFAULT_BRANCH":
			return branch == def
		}
		ok, _ := path.Match(strings.TrimPrefix(p, "refs/heads/"), branch)
		return ok
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

func (c *ctx) environmentJSON(org *Org, repo *Repo, e Environment) map[string]any {
	full := org.Login + "/" + repo.Name
	var rules []any
	id := 3736
	if e.WaitTimer > 0 {
		rules = append(rules, map[string]any{"id": id, "node_id": "MDQ6R2F0ZTM3MzY=", "type": "wait_timer", "wait_timer": e.WaitTimer})
		id++
	}
	if len(e.Reviewers) > 0 {
		var reviewers []any
		for i, rv := range e.Reviewers {
			kind, name, _ := strings.Cut(rv, ":")
			if kind == "team" {
				reviewers = append(reviewers, map[string]any{"type": "Team", "reviewer": c.teamJSON(org, Team{ID: int64(1 + i), Name: name, Slug: name}, "")})
			} else {
				reviewers = append(reviewers, map[string]any{"type": "User", "reviewer": c.userJSON(name, int64(1+i))})
			}
		}
		rules = append(rules, map[string]any{"id": id, "node_id": "MDQ6R2F0ZTM3NTU=", "prevent_self_review": e.PreventSelfReview,
			"type": "required_reviewers", "reviewers": reviewers})
		id++
	}
	var policy any
	if e.BranchPolicy != "" {
		rules = append(rules, map[string]any{"id": id, "node_id": "MDQ6R2F0ZTM3NTY=", "type": "branch_policy"})
		policy = map[string]any{"protected_branches": e.BranchPolicy == "protected", "custom_branch_policies": e.BranchPolicy == "custom"}
	}
	return map[string]any{
		"id": 161088068, "node_id": "MDExOkVudmlyb25tZW50MTYxMDg4MDY4", "name": e.Name,
		"url":        c.base + "/repos/" + full + "/environments/" + e.Name,
		"html_url":   "https://github.com/" + full + "/deployments/activity_log?environments_filter=" + e.Name,
		"created_at": demoTime, "updated_at": demoTime, "protection_rules": nonNilAny(rules),
		"deployment_branch_policy": policy, "can_admins_bypass": true,
	}
}

func (c *ctx) protectionJSON(org *Org, repo *Repo) map[string]any {
	p := repo.Protection
	u := c.base + "/repos/" + org.Login + "/" + repo.Name + "/branches/" + repo.branch() + "/protection"
	j := map[string]any{
		"url":                              u,
		"enforce_admins":                   map[string]any{"url": u + "/enforce_admins", "enabled": p.EnforceAdmins},
		"required_linear_history":          map[string]any{"enabled": false},
		"allow_force_pushes":               map[string]any{"enabled": p.AllowForcePush},
		"allow_deletions":                  map[string]any{"enabled": p.AllowDeletions},
		"required_signatures":              map[string]any{"url": u + "/required_signatures", "enabled": p.RequiredSignatures},
		"required_conversation_resolution": map[string]any{"enabled": false},
		"block_creations":                  map[string]any{"enabled": false},
		"lock_branch":                      map[string]any{"enabled": false},
		"allow_fork_syncing":               map[string]any{"enabled": false},
	}
	if p.RequiredApprovals > 0 || p.CodeOwnerReview || len(p.BypassPullRequest) > 0 {
		prr := map[string]any{
			"url": u + "/required_pull_request_reviews", "dismiss_stale_reviews": p.DismissStale,
			"require_code_owner_reviews": p.CodeOwnerReview, "required_approving_review_count": p.RequiredApprovals,
			"require_last_push_approval": false,
		}
		if len(p.BypassPullRequest) > 0 {
			prr["bypass_pull_request_allowances"] = c.actors(org, p.BypassPullRequest)
		}
		j["required_pull_request_reviews"] = prr
	}
	if len(p.StatusChecks) > 0 {
		var checks []any
		for _, s := range p.StatusChecks {
			checks = append(checks, map[string]any{"context": s, "app_id": nil})
		}
		j["required_status_checks"] = map[string]any{"url": u + "/required_status_checks", "strict": true, "contexts": p.StatusChecks, "checks": checks}
	}
	if len(p.PushAllowances) > 0 {
		r := c.actors(org, p.PushAllowances)
		r["url"] = u + "/restrictions"
		j["restrictions"] = r
	}
	return j
}

// actors turns "team:x", "user:y", "app:z" into GitHub's users/teams/apps lists.
func (c *ctx) actors(org *Org, list []string) map[string]any {
	users, teams, apps := []any{}, []any{}, []any{}
	for i, a := range list {
		kind, name, _ := strings.Cut(a, ":")
		switch kind {
		case "team":
			teams = append(teams, c.teamJSON(org, Team{ID: int64(1 + i), Name: name, Slug: name}, ""))
		case "app":
			apps = append(apps, map[string]any{"id": 1 + i, "slug": name, "name": name, "owner": map[string]any{"login": org.Login}})
		default:
			users = append(users, c.userJSON(name, int64(1+i)))
		}
	}
	return map[string]any{"users": users, "teams": teams, "apps": apps}
}

func (c *ctx) deployKeyJSON(org *Org, repo *Repo, k DeployKey) map[string]any {
	j := map[string]any{
		"id": k.ID, "key": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeDemoKeyNotARealKey", "title": k.Title, "verified": true,
		"url":        c.base + "/repos/" + org.Login + "/" + repo.Name + "/keys/" + strconv.FormatInt(k.ID, 10),
		"created_at": ts(k.CreatedAt), "read_only": k.ReadOnly, "added_by": "octocat", "enabled": true, "last_used": nil,
	}
	if k.LastUsed != nil {
		j["last_used"] = ts(*k.LastUsed)
	}
	return j
}

// contents is GET /repos/{o}/{r}/contents/{path}: a file, or a directory
// listing.
func (c *ctx) contents(org *Org, repo *Repo, p string) (any, int) {
	full := org.Login + "/" + repo.Name
	if text, ok := repo.Files[p]; ok {
		return map[string]any{
			"type": "file", "encoding": "base64", "size": len(text), "name": path.Base(p), "path": p,
			"content": base64.StdEncoding.EncodeToString([]byte(text)), "sha": blobSHA(text),
			"url":          c.base + "/repos/" + full + "/contents/" + p,
			"html_url":     "https://github.com/" + full + "/blob/" + repo.branch() + "/" + p,
			"download_url": "https://raw.githubusercontent.com/" + full + "/" + repo.branch() + "/" + p,
		}, http.StatusOK
	}
	var items []any
	for _, f := range sortedKeys(repo.Files) {
		if path.Dir(f) == p {
			items = append(items, map[string]any{"type": "file", "size": len(repo.Files[f]), "name": path.Base(f), "path": f,
				"sha": blobSHA(repo.Files[f]), "url": c.base + "/repos/" + full + "/contents/" + f})
		}
	}
	if items == nil {
		return notFound()
	}
	return items, http.StatusOK
}

// codeOwnersPath is where the repository's CODEOWNERS is, "" when none.
func codeOwnersPath(r *Repo) string {
	for _, p := range []string{".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"} {
		if _, ok := r.Files[p]; ok {
			return p
		}
	}
	return ""
}
