package workflow

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/rhysd/actionlint"
	"gopkg.in/yaml.v3"
)

// GitHub's ProtectedRefsOnly, exactly: a job is marked when the workflow
// itself lets it run only for named branches or tags, so that the refs it
// runs for are ones branch protection or tag rules can cover (whether they
// do is known from the API scan's BranchProtection facts, not here). That
// is the case when either
//
//  1. every trigger of the workflow is one of: push with a branches: or
//     tags: filter (no filter that matches every ref: "*", "**"; an
//     ignore-only filter is no restriction), schedule (runs on the default
//     branch), release (runs on the release's tag); or
//  2. the workflow has no untrusted trigger (pull_request_target,
//     workflow_run, issue_comment… run with github.ref set to the base
//     branch although outsiders fire them) and the job's if: restricts
//     github.ref in every way it can be true: a && chain with one term
//     github.ref == 'refs/heads/NAME' or 'refs/tags/NAME',
//     startsWith(github.ref, 'refs/tags/…') or 'refs/heads/NAME…',
//     github.ref_type == 'tag'; an || of such chains. Negations, other
//     contexts and unparsable conditions restrict nothing.
//
// workflow_dispatch (any branch the actor picks), workflow_call (the
// caller's ref), pull_request and merge_group are not restricted.

// refLimitedTriggers reports case 1 for a workflow's on: mapping.
func (g *ghParser) refLimitedTriggers(on *yaml.Node) bool {
	on = deref(on)
	if on == nil {
		return false
	}
	if on.Kind != yaml.MappingNode {
		for _, t := range g.src.strList(on) {
			if t != "schedule" && t != "release" {
				return false
			}
		}
		return len(g.src.strList(on)) > 0
	}
	pairs := g.src.pairs(on)
	if len(pairs) == 0 {
		return false
	}
	for _, kv := range pairs {
		switch kv.key {
		case "schedule", "release":
		case "push":
			branches := g.src.strList(g.src.get(kv.value, "branches"))
			tags := g.src.strList(g.src.get(kv.value, "tags"))
			if len(branches) == 0 && len(tags) == 0 {
				return false
			}
			for _, f := range append(branches, tags...) {
				if strings.Trim(f, "*") == "" || strings.HasPrefix(f, "!") {
					return false
				}
			}
		default:
			return false
		}
	}
	return true
}

// ifRestrictsRef reports case 2's condition on a job's if:.
func ifRestrictsRef(cond string) bool {
	cond = strings.TrimSpace(cond)
	if cond == "" {
		return false
	}
	body := cond
	if strings.HasPrefix(body, "${{") {
		body = strings.TrimPrefix(body, "${{")
		if !strings.HasSuffix(strings.TrimSpace(body), "}}") {
			return false
		}
	} else {
		body += " }}"
	}
	root, err := actionlint.NewExprParser().Parse(actionlint.NewExprLexer(body))
	if err != nil || root == nil {
		return false
	}
	return restrictsRef(root)
}

func restrictsRef(n actionlint.ExprNode) bool {
	switch n := n.(type) {
	case *actionlint.LogicalOpNode:
		if n.Kind == actionlint.LogicalOpNodeKindAnd {
			return restrictsRef(n.Left) || restrictsRef(n.Right)
		}
		return restrictsRef(n.Left) && restrictsRef(n.Right)
	case *actionlint.CompareOpNode:
		if n.Kind != actionlint.CompareOpNodeKindEq {
			return false
		}
		prop, lit := n.Left, n.Right
		if _, ok := prop.(*actionlint.StringNode); ok {
			prop, lit = lit, prop
		}
		s, ok := lit.(*actionlint.StringNode)
		if !ok {
			return false
		}
		switch githubProp(prop) {
		case "ref":
			return namedRef(s.Value)
		case "ref_type":
			return strings.EqualFold(s.Value, "tag")
		}
	case *actionlint.FuncCallNode:
		if strings.EqualFold(n.Callee, "startsWith") && len(n.Args) == 2 && githubProp(n.Args[0]) == "ref" {
			if s, ok := n.Args[1].(*actionlint.StringNode); ok {
				return namedRef(s.Value)
			}
		}
	}
	return false
}

// namedRef reports a ref or ref prefix that names branches or tags:
// refs/tags/… (any), refs/heads/NAME with a name.
func namedRef(v string) bool {
	v = strings.ToLower(v)
	return strings.HasPrefix(v, "refs/tags/") || (strings.HasPrefix(v, "refs/heads/") && len(v) > len("refs/heads/"))
}

// githubProp returns "ref" for github.ref, "ref_type" for
// github.ref_type, "" for anything else.
func githubProp(n actionlint.ExprNode) string {
	d, ok := n.(*actionlint.ObjectDerefNode)
	if !ok {
		return ""
	}
	v, ok := d.Receiver.(*actionlint.VariableNode)
	if !ok || !strings.EqualFold(v.Name, "github") {
		return ""
	}
	switch p := strings.ToLower(d.Property); p {
	case "ref", "ref_type":
		return p
	}
	return ""
}

// versionInput matches workflow_dispatch inputs that name a release.
var versionInput = regexp.MustCompile(`(?i)^(version|tag|release|(release|new|target|next)[-_]?(version|tag)|version[-_]?(number|tag))$`)

// releaseTriggers describes a workflow's triggers when every one is a
// release trigger: release, a push of tags only, or a manual dispatch
// asking for a version; "" otherwise.
func (g *ghParser) releaseTriggers(on *yaml.Node) string {
	on = deref(on)
	if on == nil {
		return ""
	}
	if on.Kind != yaml.MappingNode {
		for _, t := range g.src.strList(on) {
			if t != "release" {
				return ""
			}
		}
		if len(g.src.strList(on)) == 0 {
			return ""
		}
		return "release"
	}
	var out []string
	for _, kv := range g.src.pairs(on) {
		switch kv.key {
		case "release":
			out = append(out, "release")
		case "push":
			if g.src.get(kv.value, "tags") == nil || g.src.get(kv.value, "branches") != nil || g.src.get(kv.value, "branches-ignore") != nil {
				return ""
			}
			out = append(out, "a tag push")
		case "workflow_dispatch":
			name := ""
			for _, in := range g.src.pairs(g.src.get(kv.value, "inputs")) {
				if versionInput.MatchString(in.key) {
					name = in.key
					break
				}
			}
			if name == "" {
				return ""
			}
			out = append(out, fmt.Sprintf("workflow_dispatch with input %q", name))
		default:
			return ""
		}
	}
	return strings.Join(out, ", ")
}
