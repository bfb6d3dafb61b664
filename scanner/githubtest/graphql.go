package githubtest

import (
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
)

// The fake's GraphQL is a small executor over GitHub's GraphQL v4 object
// model: the query is parsed with gqlparser and resolved field by field
// against maps (objects), slices (lists) and funcs (fields with arguments).
// It covers the part of the schema the scanner reads: organization →
// repositories (name, visibility, archived, fork, default branch, files via
// object(expression:), environments and deploy key counts, branch
// protection rules, rulesets) and rateLimit.

// resolver is a field with arguments.
type resolver func(args map[string]any) (any, error)

type gqlError struct {
	msg string
	// field errors null the field and let the query go on, as GitHub does
	// for fields the token may not read.
	field bool
}

func (e *gqlError) Error() string { return e.msg }

func (h *Handler) graphql(c *ctx) (any, int) {
	var req struct {
		Query     string         `json:"query"`
		Variables map[string]any `json:"variables"`
	}
	b, err := io.ReadAll(io.LimitReader(c.r.Body, 1<<20))
	if err != nil || json.Unmarshal(b, &req) != nil {
		return map[string]any{"message": "Problems parsing JSON"}, http.StatusBadRequest
	}
	doc, perr := parser.ParseQuery(&ast.Source{Input: req.Query})
	if perr != nil {
		return gqlErrors(perr.Error()), http.StatusOK
	}
	if len(doc.Operations) != 1 {
		return gqlErrors("exactly one operation is supported"), http.StatusOK
	}
	root := map[string]any{
		"__typename": "Query",
		"organization": resolver(func(args map[string]any) (any, error) {
			login, _ := args["login"].(string)
			org := h.orgs[strings.ToLower(login)]
			if org == nil {
				return nil, &gqlError{msg: fmt.Sprintf("Could not resolve to an Organization with the login of '%s'.", login)}
			}
			return c.gqlOrg(org), nil
		}),
		"rateLimit": map[string]any{"__typename": "RateLimit", "limit": 5000, "cost": 1, "remaining": 4999, "resetAt": h.now().Add(3600e9).UTC().Format("2006-01-02T15:04:05Z"), "used": 1},
	}
	ex := &executor{doc: doc, vars: req.Variables}
	data, err := ex.selection(root, doc.Operations[0].SelectionSet)
	if err != nil {
		return map[string]any{"data": nil, "errors": []any{map[string]any{"message": err.Error(), "type": "NOT_FOUND"}}}, http.StatusOK
	}
	if len(ex.errs) > 0 {
		return map[string]any{"data": data, "errors": ex.errs}, http.StatusOK
	}
	return map[string]any{"data": data}, http.StatusOK
}

func gqlErrors(msg string) map[string]any {
	return map[string]any{"errors": []any{map[string]any{"message": msg}}}
}

type executor struct {
	doc  *ast.QueryDocument
	vars map[string]any
	errs []any
}

func (ex *executor) selection(obj map[string]any, set ast.SelectionSet) (map[string]any, error) {
	out := map[string]any{}
	for _, s := range set {
		switch s := s.(type) {
		case *ast.Field:
			v, err := ex.field(obj, s)
			if err != nil {
				return nil, err
			}
			key := s.Alias
			if key == "" {
				key = s.Name
			}
			out[key] = v
		case *ast.InlineFragment:
			if !typeMatches(s.TypeCondition, obj) {
				continue
			}
			m, err := ex.selection(obj, s.SelectionSet)
			if err != nil {
				return nil, err
			}
			for k, v := range m {
				out[k] = v
			}
		case *ast.FragmentSpread:
			def := ex.doc.Fragments.ForName(s.Name)
			if def == nil {
				return nil, &gqlError{msg: "Fragment " + s.Name + " was used, but not defined"}
			}
			if !typeMatches(def.TypeCondition, obj) {
				continue
			}
			m, err := ex.selection(obj, def.SelectionSet)
			if err != nil {
				return nil, err
			}
			for k, v := range m {
				out[k] = v
			}
		}
	}
	return out, nil
}

// typeMatches reports whether a fragment's type condition applies to obj:
// its own type, or an interface every object here implements.
func typeMatches(cond string, obj map[string]any) bool {
	switch cond {
	case "", "Node", "Actor", "GitObject", "RepositoryOwner", "UniformResourceLocatable":
		return true
	}
	return cond == obj["__typename"]
}

func (ex *executor) field(obj map[string]any, f *ast.Field) (any, error) {
	v, ok := obj[f.Name]
	if !ok {
		return nil, &gqlError{msg: fmt.Sprintf("Field '%s' doesn't exist on type '%v'", f.Name, obj["__typename"])}
	}
	if fn, ok := v.(resolver); ok {
		args := map[string]any{}
		for _, a := range f.Arguments {
			val, err := a.Value.Value(ex.vars)
			if err != nil {
				return nil, &gqlError{msg: err.Error()}
			}
			args[a.Name] = val
		}
		var err error
		if v, err = fn(args); err != nil {
			var ge *gqlError
			if errors.As(err, &ge) && ge.field {
				ex.errs = append(ex.errs, map[string]any{"type": "FORBIDDEN", "message": ge.msg, "path": []string{f.Name}})
				return nil, nil
			}
			return nil, err
		}
	}
	if len(f.SelectionSet) == 0 || v == nil {
		return v, nil
	}
	return ex.value(v, f.SelectionSet)
}

func (ex *executor) value(v any, set ast.SelectionSet) (any, error) {
	switch v := v.(type) {
	case map[string]any:
		return ex.selection(v, set)
	case []any:
		out := make([]any, 0, len(v))
		for _, item := range v {
			r, err := ex.value(item, set)
			if err != nil {
				return nil, err
			}
			out = append(out, r)
		}
		return out, nil
	}
	return v, nil
}

// conn is a GraphQL connection over items with first/after paging.
func conn(typ string, items []any) resolver {
	return func(args map[string]any) (any, error) {
		first := 100
		if f, ok := args["first"]; ok && f != nil {
			n, _ := toInt(f)
			if n > 100 || n < 0 {
				return nil, &gqlError{msg: fmt.Sprintf("Requesting %d records on the `%s` connection exceeds the `first` limit of 100 records.", n, typ)}
			}
			first = n
		}
		lo := 0
		if a, ok := args["after"].(string); ok && a != "" {
			b, err := base64.StdEncoding.DecodeString(a)
			if err != nil || !strings.HasPrefix(string(b), "cursor:v2:") {
				return nil, &gqlError{msg: "`" + a + "` does not appear to be a valid cursor."}
			}
			n, _ := strconv.Atoi(strings.TrimPrefix(string(b), "cursor:v2:"))
			lo = n + 1
		}
		hi := min(lo+first, len(items))
		lo = min(lo, hi)
		page := items[lo:hi]
		var edges []any
		for i, it := range page {
			edges = append(edges, map[string]any{"__typename": typ + "Edge", "cursor": cursor(lo + i), "node": it})
		}
		end := any(nil)
		if hi > lo {
			end = cursor(hi - 1)
		}
		return map[string]any{
			"__typename": typ + "Connection", "totalCount": len(items), "nodes": nonNilAny(page), "edges": nonNilAny(edges),
			"pageInfo": map[string]any{"__typename": "PageInfo", "hasNextPage": hi < len(items), "endCursor": end,
				"hasPreviousPage": lo > 0, "startCursor": nil},
		}, nil
	}
}

func cursor(i int) string {
	return base64.StdEncoding.EncodeToString([]byte("cursor:v2:" + strconv.Itoa(i)))
}

func toInt(v any) (int, bool) {
	switch n := v.(type) {
	case int:
		return n, true
	case int64:
		return int(n), true
	case float64:
		return int(n), true
	case string:
		i, err := strconv.Atoi(n)
		return i, err == nil
	}
	return 0, false
}

func (c *ctx) gqlOrg(org *Org) map[string]any {
	return map[string]any{
		"__typename": "Organization", "login": org.Login, "databaseId": orgID(org), "name": orDefault(org.Name, org.Login),
		"repositories": resolver(func(args map[string]any) (any, error) {
			var items []any
			for i := range org.Repos {
				r := &org.Repos[i]
				if a, ok := args["isArchived"].(bool); ok && a != r.Archived {
					continue
				}
				items = append(items, c.gqlRepo(org, r))
			}
			return conn("Repository", items)(args)
		}),
	}
}

func (c *ctx) gqlRepo(org *Org, r *Repo) map[string]any {
	full := org.Login + "/" + r.Name
	return map[string]any{
		"__typename": "Repository", "id": "R_kgDO" + strconv.FormatInt(repoID(org, r), 10), "databaseId": repoID(org, r),
		"name": r.Name, "nameWithOwner": full, "url": "https://github.com/" + full,
		"visibility": strings.ToUpper(r.visibility()), "isPrivate": r.visibility() != "public",
		"isArchived": r.Archived, "isFork": r.Fork, "isDisabled": false,
		"defaultBranchRef": map[string]any{"__typename": "Ref", "name": r.branch(), "prefix": "refs/heads/"},
		"object": resolver(func(args map[string]any) (any, error) {
			expr, _ := args["expression"].(string)
			ref, p, ok := strings.Cut(expr, ":")
			if !ok || (ref != "HEAD" && ref != r.branch()) {
				return nil, nil
			}
			return gqlObject(r, strings.Trim(p, "/")), nil
		}),
		"environments": c.guard("environments", func(args map[string]any) (any, error) {
			var items []any
			for _, e := range r.Environments {
				items = append(items, map[string]any{"__typename": "Environment", "name": e.Name, "id": "EN_" + e.Name})
			}
			return conn("Environment", items)(args)
		}),
		"deployKeys": c.guard("deployKeys", func(args map[string]any) (any, error) {
			var items []any
			for _, k := range r.DeployKeys {
				items = append(items, map[string]any{"__typename": "DeployKey", "id": "DK_" + strconv.FormatInt(k.ID, 10),
					"title": k.Title, "readOnly": k.ReadOnly, "createdAt": ts(k.CreatedAt), "verified": true, "enabled": true,
					"key": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeDemoKeyNotARealKey"})
			}
			return conn("DeployKey", items)(args)
		}),
		"branchProtectionRules": c.guard("branchProtectionRules", func(args map[string]any) (any, error) {
			var items []any
			if p := r.Protection; p != nil {
				items = append(items, gqlProtection(r.branch(), p))
			}
			return conn("BranchProtectionRule", items)(args)
		}),
		"rulesets": c.guard("rulesets", func(args map[string]any) (any, error) {
			var items []any
			parents, _ := args["includeParents"].(bool)
			for _, rs := range applicableRulesets(org, r) {
				if rs.sourceType == "Organization" && !parents {
					continue
				}
				items = append(items, gqlRuleset(rs))
			}
			return conn("RepositoryRuleset", items)(args)
		}),
	}
}

// guard makes a field fail with a field error when a fault names it
// ("graphql:branchProtectionRules"); h.mu is held.
func (c *ctx) guard(field string, fn resolver) resolver {
	return func(args map[string]any) (any, error) {
		if f := c.h.matchFault("graphql:"+field, ""); f != nil {
			return nil, &gqlError{msg: "Resource not accessible by integration", field: true}
		}
		return fn(args)
	}
}

// gqlObject is a Tree or Blob at p ("" = the root).
func gqlObject(r *Repo, p string) any {
	if text, ok := r.Files[p]; ok {
		// GitHub truncates the text of large blobs.
		const limit = 512 << 10
		shown, truncated := text, len(text) > limit
		if truncated {
			shown = text[:limit]
		}
		return map[string]any{"__typename": "Blob", "oid": blobSHA(text), "byteSize": len(text), "isBinary": false,
			"isTruncated": truncated, "text": shown}
	}
	seen := map[string]bool{}
	var entries []any
	for _, f := range sortedKeys(r.Files) {
		rel := f
		if p != "" {
			if !strings.HasPrefix(f, p+"/") {
				continue
			}
			rel = strings.TrimPrefix(f, p+"/")
		}
		name, sub, isDir := strings.Cut(rel, "/")
		_ = sub
		if seen[name] {
			continue
		}
		seen[name] = true
		full := path.Join(p, name)
		e := map[string]any{"__typename": "TreeEntry", "name": name, "path": full, "type": "blob", "mode": 33188}
		if isDir {
			e["type"], e["mode"] = "tree", 16384
		}
		e["object"] = gqlObject(r, full)
		entries = append(entries, e)
	}
	if entries == nil {
		return nil
	}
	sort.Slice(entries, func(i, j int) bool {
		return entries[i].(map[string]any)["name"].(string) < entries[j].(map[string]any)["name"].(string)
	})
	return map[string]any{"__typename": "Tree", "oid": blobSHA(p), "entries": entries}
}

func blobSHA(text string) string {
	h := sha1.New()
	fmt.Fprintf(h, "blob %d\x00", len(text))
	h.Write([]byte(text))
	return hex.EncodeToString(h.Sum(nil))
}

func gqlActors(list []string) []any {
	var out []any
	for _, a := range list {
		kind, name, _ := strings.Cut(a, ":")
		var actor map[string]any
		switch kind {
		case "team":
			actor = map[string]any{"__typename": "Team", "slug": name, "name": name, "combinedSlug": name}
		case "app":
			actor = map[string]any{"__typename": "App", "slug": name, "name": name}
		default:
			actor = map[string]any{"__typename": "User", "login": name}
		}
		out = append(out, map[string]any{"__typename": "BypassPullRequestAllowance", "actor": actor})
	}
	return out
}

func gqlProtection(branch string, p *Protection) map[string]any {
	return map[string]any{
		"__typename": "BranchProtectionRule", "id": "BPR_" + branch, "pattern": branch,
		"requiresApprovingReviews": p.RequiredApprovals > 0, "requiredApprovingReviewCount": p.RequiredApprovals,
		"requiresCodeOwnerReviews": p.CodeOwnerReview, "dismissesStaleReviews": p.DismissStale,
		"isAdminEnforced": p.EnforceAdmins, "allowsForcePushes": p.AllowForcePush, "allowsDeletions": p.AllowDeletions,
		"requiresCommitSignatures": p.RequiredSignatures, "requiresStatusChecks": len(p.StatusChecks) > 0,
		"requiredStatusCheckContexts": nonNil(p.StatusChecks), "restrictsPushes": len(p.PushAllowances) > 0,
		"pushAllowances":              conn("PushAllowance", gqlActors(p.PushAllowances)),
		"bypassPullRequestAllowances": conn("BypassPullRequestAllowance", gqlActors(p.BypassPullRequest)),
	}
}

func gqlRuleset(rs sourcedRuleset) map[string]any {
	var source map[string]any
	if rs.sourceType == "Organization" {
		source = map[string]any{"__typename": "Organization", "login": rs.source}
	} else {
		source = map[string]any{"__typename": "Repository", "nameWithOwner": rs.source}
	}
	var rules []any
	for _, r := range rulesJSON(rs.Ruleset) {
		m := r.(map[string]any)
		typ := strings.ToUpper(m["type"].(string))
		var params any
		switch typ {
		case "PULL_REQUEST":
			params = map[string]any{"__typename": "PullRequestParameters",
				"requiredApprovingReviewCount": rs.RequiredApprovals, "requireCodeOwnerReview": rs.CodeOwnerReview,
				"dismissStaleReviewsOnPush": rs.DismissStale, "requireLastPushApproval": false, "requiredReviewThreadResolution": false}
		case "REQUIRED_STATUS_CHECKS":
			var checks []any
			for _, s := range rs.StatusChecks {
				checks = append(checks, map[string]any{"__typename": "StatusCheckConfiguration", "context": s, "integrationId": nil})
			}
			params = map[string]any{"__typename": "RequiredStatusChecksParameters", "requiredStatusChecks": checks, "strictRequiredStatusChecksPolicy": true}
		}
		rules = append(rules, map[string]any{"__typename": "RepositoryRule", "type": typ, "parameters": params})
	}
	var bypass []any
	for _, a := range rs.BypassActors {
		kind, name, _ := strings.Cut(a, ":")
		n := map[string]any{"__typename": "RepositoryRulesetBypassActor", "bypassMode": "ALWAYS", "organizationAdmin": false,
			"repositoryRoleName": nil, "repositoryRoleDatabaseId": nil, "deployKey": false, "actor": nil}
		switch kind {
		case "team":
			n["actor"] = map[string]any{"__typename": "Team", "slug": name, "name": name}
		case "app":
			n["actor"] = map[string]any{"__typename": "App", "slug": name, "name": name}
		case "role":
			n["repositoryRoleName"], n["repositoryRoleDatabaseId"] = name, 5
		case "org-admin":
			n["organizationAdmin"] = true
		}
		bypass = append(bypass, n)
	}
	return map[string]any{
		"__typename": "RepositoryRuleset", "id": "RRS_" + strconv.FormatInt(rs.ID, 10), "databaseId": rs.ID, "name": rs.Name,
		"target": "BRANCH", "enforcement": strings.ToUpper(orDefault(rs.Enforcement, "active")), "source": source,
		"conditions": map[string]any{"__typename": "RepositoryRuleConditions", "refName": map[string]any{
			"__typename": "RefNameConditionTarget", "include": nonNil(rs.Include), "exclude": nonNil(rs.Exclude)}},
		"rules":        conn("RepositoryRule", rules),
		"bypassActors": conn("RepositoryRulesetBypassActor", bypass),
	}
}
