package githubtest

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// route answers one REST (or GraphQL) request; h.mu is held.
func (h *Handler) route(r *http.Request, rest string, hdr http.Header) (any, int) {
	segs := splitPath(r, rest)
	base := "http://" + r.Host + "/api/v3"
	c := &ctx{h: h, r: r, hdr: hdr, base: base}
	if len(segs) == 1 && segs[0] == "graphql" {
		if r.Method != http.MethodPost {
			return notFound()
		}
		return h.graphql(c)
	}
	if len(segs) >= 2 && segs[0] == "app" {
		return c.app(segs[1:])
	}
	if len(segs) >= 4 && segs[0] == "user" && segs[1] == "installations" {
		return c.installationRepos(segs[2])
	}
	if r.Method != http.MethodGet {
		return notFound()
	}
	switch {
	case len(segs) >= 2 && segs[0] == "orgs":
		org := h.orgs[strings.ToLower(segs[1])]
		if org == nil {
			return notFound()
		}
		return c.orgRoute(org, segs[2:])
	case len(segs) >= 3 && segs[0] == "repos":
		org := h.orgs[strings.ToLower(segs[1])]
		if org == nil {
			return notFound()
		}
		repo := findRepo(org, segs[2])
		if repo == nil {
			return notFound()
		}
		return c.repoRoute(org, repo, segs[3:])
	}
	return notFound()
}

// ctx is one request being answered.
type ctx struct {
	h    *Handler
	r    *http.Request
	hdr  http.Header
	base string
}

func splitPath(r *http.Request, rest string) []string {
	esc := r.URL.EscapedPath()
	if i := strings.Index(esc, "/api/v3/"); i >= 0 {
		esc = esc[i+len("/api/v3"):]
	} else {
		esc = rest
	}
	var out []string
	for _, s := range strings.Split(strings.Trim(esc, "/"), "/") {
		if u, err := url.PathUnescape(s); err == nil {
			s = u
		}
		out = append(out, s)
	}
	return out
}

func findRepo(org *Org, name string) *Repo {
	for i := range org.Repos {
		if strings.EqualFold(org.Repos[i].Name, name) {
			return &org.Repos[i]
		}
	}
	return nil
}

// page returns the requested page of items and sets the Link header.
func (c *ctx) page(items []any) []any {
	q := c.r.URL.Query()
	per, _ := strconv.Atoi(q.Get("per_page"))
	if per <= 0 {
		per = 30
	}
	if per > 100 {
		per = 100
	}
	pg, _ := strconv.Atoi(q.Get("page"))
	if pg <= 0 {
		pg = 1
	}
	last := (len(items) + per - 1) / per
	if last == 0 {
		last = 1
	}
	link := func(n int, rel string) string {
		u := *c.r.URL
		u.Scheme, u.Host = "http", c.r.Host
		v := u.Query()
		v.Set("page", strconv.Itoa(n))
		v.Set("per_page", strconv.Itoa(per))
		u.RawQuery = v.Encode()
		return "<" + u.String() + `>; rel="` + rel + `"`
	}
	var links []string
	if pg > 1 {
		links = append(links, link(pg-1, "prev"), link(1, "first"))
	}
	if pg < last {
		links = append(links, link(pg+1, "next"), link(last, "last"))
	}
	if len(links) > 0 {
		c.hdr.Set("Link", strings.Join(links, ", "))
	}
	lo := (pg - 1) * per
	if lo >= len(items) {
		return []any{}
	}
	return items[lo:min(lo+per, len(items))]
}

func (c *ctx) orgRoute(org *Org, s []string) (any, int) {
	switch path := strings.Join(s, "/"); {
	case path == "":
		return c.orgJSON(org), http.StatusOK
	case path == "repos":
		var items []any
		for i := range org.Repos {
			items = append(items, c.repoJSON(org, &org.Repos[i]))
		}
		return c.page(items), http.StatusOK
	case path == "actions/permissions":
		return map[string]any{
			"enabled_repositories":      orDefault(org.EnabledRepositories, "all"),
			"allowed_actions":           orDefault(org.AllowedActions, "all"),
			"selected_actions_url":      c.base + "/orgs/" + org.Login + "/actions/permissions/selected-actions",
			"sha_pinning_required":      false,
			"selected_repositories_url": c.base + "/orgs/" + org.Login + "/actions/permissions/repositories",
		}, http.StatusOK
	case path == "actions/permissions/selected-actions":
		return map[string]any{"github_owned_allowed": true, "verified_allowed": false, "patterns_allowed": nonNil(org.PatternsAllowed)}, http.StatusOK
	case path == "actions/permissions/repositories":
		var items []any
		for _, n := range org.EnabledRepositoryNames {
			if r := findRepo(org, n); r != nil {
				items = append(items, c.repoJSON(org, r))
			}
		}
		return map[string]any{"total_count": len(items), "repositories": c.page(items)}, http.StatusOK
	case path == "actions/permissions/workflow":
		return map[string]any{
			"default_workflow_permissions":     orDefault(org.DefaultWorkflowPermissions, "read"),
			"can_approve_pull_request_reviews": org.CanApprovePullRequests,
		}, http.StatusOK
	case path == "actions/secrets":
		return c.orgSecrets(org, org.Secrets, "actions"), http.StatusOK
	case path == "dependabot/secrets":
		return c.orgSecrets(org, org.DependabotSecrets, "dependabot"), http.StatusOK
	case len(s) == 4 && s[1] == "secrets" && s[3] == "repositories":
		list := org.Secrets
		if s[0] == "dependabot" {
			list = org.DependabotSecrets
		}
		for _, sec := range list {
			if sec.Name == s[2] {
				return c.selectedRepos(org, sec.Selected), http.StatusOK
			}
		}
		return notFound()
	case path == "actions/variables":
		var items []any
		for _, v := range org.Variables {
			items = append(items, map[string]any{
				"name": v.Name, "value": v.Value, "visibility": orDefault(v.Visibility, "all"),
				"created_at": demoTime, "updated_at": demoTime,
				"selected_repositories_url": c.base + "/orgs/" + org.Login + "/actions/variables/" + v.Name + "/repositories",
			})
		}
		return map[string]any{"total_count": len(items), "variables": c.page(items)}, http.StatusOK
	case path == "installations":
		var items []any
		for _, in := range org.Installations {
			items = append(items, c.installationJSON(org, in))
		}
		return map[string]any{"total_count": len(items), "installations": c.page(items)}, http.StatusOK
	case path == "installation":
		if len(org.Installations) == 0 {
			return notFound()
		}
		return c.installationJSON(org, org.Installations[0]), http.StatusOK
	case path == "actions/runner-groups":
		var items []any
		for _, g := range org.RunnerGroups {
			items = append(items, c.runnerGroupJSON(org, g))
		}
		return map[string]any{"total_count": len(items), "runner_groups": c.page(items)}, http.StatusOK
	case len(s) == 4 && s[0] == "actions" && s[1] == "runner-groups":
		for _, g := range org.RunnerGroups {
			if strconv.FormatInt(g.ID, 10) != s[2] {
				continue
			}
			switch s[3] {
			case "repositories":
				return c.selectedRepos(org, g.Repos), http.StatusOK
			case "runners":
				return c.runners(g.Runners), http.StatusOK
			}
		}
		return notFound()
	case path == "actions/runners":
		var all []Runner
		for _, g := range org.RunnerGroups {
			all = append(all, g.Runners...)
		}
		return c.runners(all), http.StatusOK
	case path == "teams":
		var items []any
		for _, t := range org.Teams {
			items = append(items, c.teamJSON(org, t, ""))
		}
		return c.page(items), http.StatusOK
	case len(s) == 3 && s[0] == "teams" && s[2] == "repos":
		for _, t := range org.Teams {
			if t.Slug != s[1] {
				continue
			}
			var items []any
			for _, name := range sortedKeys(t.Repos) {
				if r := findRepo(org, name); r != nil {
					j := c.repoJSON(org, r)
					j["role_name"] = t.Repos[name]
					j["permissions"] = permissionsFor(t.Repos[name])
					items = append(items, j)
				}
			}
			return c.page(items), http.StatusOK
		}
		return notFound()
	case path == "rulesets":
		var items []any
		for _, rs := range org.Rulesets {
			items = append(items, c.rulesetJSON(org.Login, "Organization", rs))
		}
		return c.page(items), http.StatusOK
	}
	return notFound()
}

func (c *ctx) repoRoute(org *Org, repo *Repo, s []string) (any, int) {
	switch path := strings.Join(s, "/"); {
	case path == "":
		return c.repoJSON(org, repo), http.StatusOK
	case path == "actions/permissions":
		// GitHub leaves allowed_actions out when Actions are disabled.
		out := map[string]any{"enabled": repo.actionsEnabled(org)}
		if repo.actionsEnabled(org) {
			out["allowed_actions"] = orDefault(repo.AllowedActions, orDefault(org.AllowedActions, "all"))
			out["selected_actions_url"] = c.base + "/repos/" + org.Login + "/" + repo.Name + "/actions/permissions/selected-actions"
			out["sha_pinning_required"] = false
		}
		return out, http.StatusOK
	case path == "actions/permissions/workflow":
		perm := orDefault(repo.DefaultWorkflowPermissions, orDefault(org.DefaultWorkflowPermissions, "read"))
		return map[string]any{"default_workflow_permissions": perm, "can_approve_pull_request_reviews": repo.CanApprovePullRequests}, http.StatusOK
	case path == "actions/secrets":
		return c.secrets(repo.Secrets), http.StatusOK
	case path == "dependabot/secrets":
		return c.secrets(repo.DependabotSecrets), http.StatusOK
	case path == "actions/variables":
		return c.variables(repo.Variables), http.StatusOK
	case path == "environments":
		var items []any
		for _, e := range repo.Environments {
			items = append(items, c.environmentJSON(org, repo, e))
		}
		return map[string]any{"total_count": len(items), "environments": c.page(items)}, http.StatusOK
	case len(s) >= 2 && s[0] == "environments":
		env := findEnv(repo, s[1])
		if env == nil {
			return notFound()
		}
		return c.envRoute(org, repo, env, s[2:])
	case len(s) == 3 && s[0] == "branches" && s[2] == "protection":
		if s[1] != repo.branch() || repo.Protection == nil {
			return map[string]any{"message": "Branch not protected", "documentation_url": "https://docs.github.com/rest/branches/branch-protection#get-branch-protection"}, http.StatusNotFound
		}
		return c.protectionJSON(org, repo), http.StatusOK
	case len(s) == 3 && s[0] == "rules" && s[1] == "branches":
		return c.branchRules(org, repo, s[2]), http.StatusOK
	case path == "rulesets":
		var items []any
		for _, rs := range applicableRulesets(org, repo) {
			items = append(items, c.rulesetJSON(rs.source, rs.sourceType, rs.Ruleset))
		}
		return c.page(items), http.StatusOK
	case path == "keys":
		var items []any
		for _, k := range repo.DeployKeys {
			items = append(items, c.deployKeyJSON(org, repo, k))
		}
		return c.page(items), http.StatusOK
	case len(s) >= 2 && s[0] == "contents":
		return c.contents(org, repo, strings.Join(s[1:], "/"))
	case path == "codeowners/errors":
		if codeOwnersPath(repo) == "" {
			return notFound()
		}
		var errs []any
		for _, e := range repo.CodeOwnersErrors {
			errs = append(errs, map[string]any{"line": e.Line, "column": e.Column, "kind": e.Kind, "source": e.Source,
				"suggestion": nil, "message": e.Message, "path": e.Path})
		}
		return map[string]any{"errors": nonNilAny(errs)}, http.StatusOK
	case path == "actions/runners":
		return c.runners(repo.Runners), http.StatusOK
	case path == "teams":
		var items []any
		for _, t := range org.Teams {
			if p, ok := t.Repos[repo.Name]; ok {
				items = append(items, c.teamJSON(org, t, p))
			}
		}
		return c.page(items), http.StatusOK
	}
	return notFound()
}

func (c *ctx) envRoute(org *Org, repo *Repo, env *Environment, s []string) (any, int) {
	switch strings.Join(s, "/") {
	case "":
		return c.environmentJSON(org, repo, *env), http.StatusOK
	case "secrets":
		return c.secrets(env.Secrets), http.StatusOK
	case "variables":
		return c.variables(env.Variables), http.StatusOK
	case "deployment-branch-policies":
		var items []any
		for i, p := range env.BranchPatterns {
			items = append(items, map[string]any{"id": 361471 + i, "node_id": "MDE2OkdhdGVCcmFuY2hQb2xpY3kzNjE0NzE=", "name": p, "type": "branch"})
		}
		return map[string]any{"total_count": len(items), "branch_policies": c.page(items)}, http.StatusOK
	case "deployment_protection_rules":
		var items []any
		for i, slug := range env.CustomRules {
			items = append(items, map[string]any{"id": 3 + i, "node_id": "IEH37kRlcGxveW1lbnRTdGF0ZW", "enabled": true,
				"app": map[string]any{"id": 1 + i, "slug": slug, "integration_url": c.base + "/apps/" + slug, "node_id": "UHVE67RlcGxveW1lbnRTdTY!jfeuy"}})
		}
		return map[string]any{"total_count": len(items), "custom_deployment_protection_rules": nonNilAny(items)}, http.StatusOK
	}
	return notFound()
}

func findEnv(repo *Repo, name string) *Environment {
	for i := range repo.Environments {
		if repo.Environments[i].Name == name {
			return &repo.Environments[i]
		}
	}
	return nil
}

// app serves the GitHub App endpoints a scanner uses with its JWT.
func (c *ctx) app(s []string) (any, int) {
	if len(s) == 3 && s[0] == "installations" && s[2] == "access_tokens" && c.r.Method == http.MethodPost {
		for _, org := range c.h.orgs {
			for _, in := range org.Installations {
				if strconv.FormatInt(in.ID, 10) == s[1] {
					tok := "ghs_fake" + strconv.FormatInt(c.h.now().UnixNano(), 36)
					c.h.issued[tok] = true
					return map[string]any{
						"token": tok, "expires_at": c.h.now().Add(time.Hour).UTC().Format(time.RFC3339),
						"permissions": in.Permissions, "repository_selection": orDefault(in.Selection, "all"),
					}, http.StatusCreated
				}
			}
		}
	}
	return notFound()
}

func (c *ctx) installationRepos(id string) (any, int) {
	for _, org := range c.h.orgs {
		for _, in := range org.Installations {
			if strconv.FormatInt(in.ID, 10) != id {
				continue
			}
			names := in.Repos
			if in.Selection != "selected" {
				names = nil
				for _, r := range org.Repos {
					names = append(names, r.Name)
				}
			}
			var items []any
			for _, n := range names {
				if r := findRepo(org, n); r != nil {
					items = append(items, c.repoJSON(org, r))
				}
			}
			return map[string]any{"total_count": len(items), "repository_selection": orDefault(in.Selection, "all"), "repositories": c.page(items)}, http.StatusOK
		}
	}
	return notFound()
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func nonNilAny(s []any) []any {
	if s == nil {
		return []any{}
	}
	return s
}

func permissionsFor(role string) map[string]bool {
	rank := map[string]int{"pull": 1, "read": 1, "triage": 2, "push": 3, "write": 3, "maintain": 4, "admin": 5}[role]
	return map[string]bool{"pull": rank >= 1, "triage": rank >= 2, "push": rank >= 3, "maintain": rank >= 4, "admin": rank >= 5}
}
