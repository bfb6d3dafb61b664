package gitlabtest

import (
	"encoding/json"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// index finds fixture objects by id and path.
type index struct {
	groups     map[string]*Group // by id and by full path
	projects   map[string]*Project
	runners    map[int]*Runner
	groupID    map[string]int
	groupOrder []*Group
	projOrder  []*Project
	groupIDs   map[*Group]int
	projectIDs map[*Project]int
}

func newIndex(f *Fixture) *index {
	ix := &index{
		groups: map[string]*Group{}, projects: map[string]*Project{}, runners: map[int]*Runner{},
		groupID: map[string]int{}, groupIDs: map[*Group]int{}, projectIDs: map[*Project]int{},
	}
	for i := range f.Groups {
		g := &f.Groups[i]
		if g.ID == 0 {
			g.ID = 100 + i
		}
		ix.groups[strconv.Itoa(g.ID)] = g
		ix.groups[g.Path] = g
		ix.groupID[g.Path] = g.ID
		ix.groupOrder = append(ix.groupOrder, g)
	}
	for i := range f.Projects {
		p := &f.Projects[i]
		if p.ID == 0 {
			p.ID = 1000 + i
		}
		ix.projects[strconv.Itoa(p.ID)] = p
		ix.projects[p.Path] = p
		ix.projOrder = append(ix.projOrder, p)
	}
	sort.Slice(ix.projOrder, func(i, j int) bool { return ix.projOrder[i].ID < ix.projOrder[j].ID })
	for i := range f.Runners {
		ix.runners[f.Runners[i].ID] = &f.Runners[i]
	}
	for i := range f.InstanceRunners {
		ix.runners[f.InstanceRunners[i].ID] = &f.InstanceRunners[i]
	}
	return ix
}

func parentOf(p string) string {
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		return p[:i]
	}
	return ""
}

func nameOf(p string) string { return p[strings.LastIndexByte(p, '/')+1:] }

// result is what a route answers: a JSON body, a list to paginate, or raw bytes.
type result struct {
	status int
	body   any
	list   []any
	raw    []byte
}

func notFound(what string) result {
	return result{status: http.StatusNotFound, body: map[string]any{"message": "404 " + what + " Not Found"}}
}

func forbidden() result {
	return result{status: http.StatusForbidden, body: map[string]any{"message": "403 Forbidden"}}
}

// route dispatches an escaped path below /api/v4.
func (h *Handler) route(r *http.Request, escaped string) result {
	var seg []string
	for _, s := range strings.Split(strings.Trim(escaped, "/"), "/") {
		u, err := url.PathUnescape(s)
		if err != nil {
			return notFound("Path")
		}
		seg = append(seg, u)
	}
	fx, ix := h.fx, h.idx
	q := r.URL.Query()
	switch {
	case len(seg) == 1 && seg[0] == "user":
		return result{body: userJSON(fx.User)}
	case len(seg) == 2 && seg[0] == "personal_access_tokens" && seg[1] == "self":
		return result{body: map[string]any{"id": 1, "name": "privgraph-scan", "revoked": false, "created_at": "2026-01-05T09:00:00.000Z",
			"scopes": fx.TokenScopes, "user_id": fx.User.ID, "last_used_at": "2026-11-20T10:00:00.000Z", "active": true, "expires_at": "2027-01-05"}}
	case len(seg) == 3 && seg[0] == "admin" && seg[1] == "ci" && seg[2] == "variables":
		if !fx.User.IsAdmin {
			return forbidden()
		}
		return result{list: variablesJSON(fx.InstanceVariables)}
	case len(seg) == 2 && seg[0] == "runners" && seg[1] == "all":
		if !fx.User.IsAdmin {
			return forbidden()
		}
		return result{list: runnersJSON(fx.InstanceRunners, q.Get("type"))}
	case len(seg) == 2 && seg[0] == "runners":
		id, _ := strconv.Atoi(seg[1])
		ru := ix.runners[id]
		if ru == nil {
			return notFound("Runner")
		}
		return result{body: runnerDetailJSON(*ru, ix)}
	case len(seg) >= 2 && seg[0] == "groups":
		g := ix.groups[seg[1]]
		if g == nil {
			return notFound("Group")
		}
		return h.groupRoute(g, seg[2:], q)
	case len(seg) >= 2 && seg[0] == "projects":
		p := ix.projects[seg[1]]
		if p == nil {
			return notFound("Project")
		}
		return h.projectRoute(p, seg[2:], q)
	}
	return notFound("Path")
}

func (h *Handler) groupRoute(g *Group, rest []string, q url.Values) result {
	ix := h.idx
	if len(rest) == 0 {
		return result{body: groupJSON(g, ix)}
	}
	switch strings.Join(rest, "/") {
	case "descendant_groups":
		var out []any
		for _, d := range ix.groupOrder {
			if strings.HasPrefix(d.Path, g.Path+"/") {
				out = append(out, groupJSON(d, ix))
			}
		}
		return result{list: out}
	case "subgroups":
		var out []any
		for _, d := range ix.groupOrder {
			if parentOf(d.Path) == g.Path {
				out = append(out, groupJSON(d, ix))
			}
		}
		return result{list: out}
	case "projects":
		var out []any
		sub := q.Get("include_subgroups") == "true"
		for _, p := range ix.projOrder {
			ns := parentOf(p.Path)
			if ns == g.Path || (sub && strings.HasPrefix(ns, g.Path+"/")) {
				out = append(out, projectJSON(p, ix))
			}
		}
		return result{list: out}
	case "variables":
		return result{list: variablesJSON(g.Variables)}
	case "access_tokens":
		return result{list: accessTokensJSON(g.AccessTokens)}
	case "deploy_tokens":
		return result{list: deployTokensJSON(g.DeployTokens)}
	case "runners":
		// GitLab lists the runners of the group and of its ancestors.
		var ids []int
		for p := g.Path; p != ""; p = parentOf(p) {
			if a := ix.groups[p]; a != nil {
				ids = append(ids, a.Runners...)
			}
		}
		return result{list: runnerRefsJSON(ids, ix, q.Get("type"))}
	case "members":
		return result{list: membersJSON(g.Members)}
	case "protected_environments":
		return result{list: protectedEnvsJSON(g.ProtectedEnvironments)}
	}
	return notFound("Path")
}

func (h *Handler) projectRoute(p *Project, rest []string, q url.Values) result {
	ix := h.idx
	if len(rest) == 0 {
		return result{body: projectJSON(p, ix)}
	}
	if len(rest) == 4 && rest[0] == "repository" && rest[1] == "files" && rest[3] == "raw" {
		if q.Get("ref") == "" {
			return result{status: http.StatusBadRequest, body: map[string]any{"error": "ref is missing"}}
		}
		if q.Get("ref") != p.DefaultBranch && q.Get("ref") != "HEAD" {
			return notFound("Commit")
		}
		content, ok := p.Files[rest[2]]
		if !ok {
			return notFound("File")
		}
		return result{raw: []byte(content)}
	}
	switch strings.Join(rest, "/") {
	case "repository/tree":
		if p.DefaultBranch == "" {
			return notFound("Tree")
		}
		if ref := q.Get("ref"); ref != "" && ref != p.DefaultBranch && ref != "HEAD" {
			return notFound("Tree")
		}
		return result{list: treeJSON(p.Files, strings.Trim(q.Get("path"), "/"))}
	case "variables":
		return result{list: variablesJSON(p.Variables)}
	case "access_tokens":
		return result{list: accessTokensJSON(p.AccessTokens)}
	case "deploy_tokens":
		return result{list: deployTokensJSON(p.DeployTokens)}
	case "deploy_keys":
		return result{list: deployKeysJSON(p.DeployKeys)}
	case "runners":
		return result{list: runnerRefsJSON(p.Runners, ix, q.Get("type"))}
	case "environments":
		return result{list: environmentsJSON(p.Environments)}
	case "protected_environments":
		return result{list: protectedEnvsJSON(p.ProtectedEnvironments)}
	case "protected_branches":
		return result{list: protectedBranchesJSON(p.ProtectedBranches)}
	case "protected_tags":
		return result{list: protectedTagsJSON(p.ProtectedTags)}
	case "approvals":
		if p.Approvals == nil {
			return notFound("Approvals")
		}
		return result{body: approvalsJSON(*p.Approvals)}
	case "approval_rules":
		return result{list: approvalRulesJSON(p.ApprovalRules, p)}
	case "job_token_scope":
		return result{body: map[string]any{"inbound_enabled": p.JobTokenInbound, "outbound_enabled": false}}
	case "job_token_scope/allowlist":
		var out []any
		for _, path := range p.JobTokenAllowlist {
			out = append(out, map[string]any{"id": idOrZero(ix.projects[path]), "name": nameOf(path), "path": nameOf(path),
				"path_with_namespace": path, "name_with_namespace": strings.ReplaceAll(path, "/", " / ")})
		}
		return result{list: out}
	case "job_token_scope/groups_allowlist":
		var out []any
		for _, path := range p.JobTokenGroups {
			out = append(out, map[string]any{"id": h.idx.groupID[path], "name": nameOf(path), "full_path": path, "web_url": "https://gitlab.example.com/groups/" + path})
		}
		return result{list: out}
	}
	return notFound("Path")
}

func idOrZero(p *Project) int {
	if p == nil {
		return 0
	}
	return p.ID
}

func marshal(v any) []byte {
	if v == nil {
		v = []any{}
	}
	b, err := json.Marshal(v)
	if err != nil {
		return []byte(`{"message":"500 Internal Server Error"}`)
	}
	return b
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(marshal(v))
}
