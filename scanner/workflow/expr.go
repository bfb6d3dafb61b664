package workflow

import (
	"strings"
	"sync"

	"github.com/rhysd/actionlint"
)

// expr is one ${{ }} expression found in a string, with what it reads.
type expr struct {
	Text   string // as written, "${{ … }}", clipped to maxExpression
	Offset int    // byte offset in the string
	// Secrets names the secrets read, original spelling.
	Secrets []string
	// Token is set when the expression reads the job's GITHUB_TOKEN
	// (github.token or secrets.GITHUB_TOKEN).
	Token bool
	// SecretsWhole is set for toJSON(secrets), secrets[expr] and the like.
	SecretsWhole bool
	// Env names env.X variables read.
	Env []string
	// Untrusted lists attacker-controllable contexts (actionlint's list).
	Untrusted []string
	// Inputs names inputs.X read.
	Inputs []string
}

// expressions returns every ${{ }} expression in s. Expressions that do not
// parse are returned with their text only.
func expressions(s string) []expr {
	var out []expr
	for off := 0; off < len(s) && len(out) < 256; {
		i := strings.Index(s[off:], "${{")
		if i < 0 {
			break
		}
		start := off + i
		body := s[start+3:]
		e, n := parseExpr(body)
		e.Offset = start
		e.Text = clip(s[start:start+3+n], maxExpression)
		out = append(out, e)
		off = start + 3 + n
	}
	return out
}

// parseExpr parses the body after "${{" and returns the facts and how many
// bytes the expression (with its closing "}}") spans.
func parseExpr(body string) (expr, int) {
	end := strings.Index(body, "}}")
	span := len(body)
	if end >= 0 {
		span = end + 2
	}
	lex := actionlint.NewExprLexer(body)
	root, err := actionlint.NewExprParser().Parse(lex)
	if err != nil || root == nil {
		return expr{}, span
	}
	if o := lex.Offset(); o > 0 && o <= len(body) {
		span = o
	}
	var e expr
	actionlint.VisitExprNode(root, func(n, parent actionlint.ExprNode, entering bool) {
		if entering {
			e.visit(body, n, parent)
		}
	})
	e.Untrusted = untrusted(root)
	return e, span
}

func (e *expr) visit(body string, n, parent actionlint.ExprNode) {
	v, ok := n.(*actionlint.VariableNode)
	if !ok {
		return
	}
	switch v.Name {
	case "secrets":
		name, whole := memberName(body, v, parent)
		switch {
		case whole:
			e.SecretsWhole = true
		case strings.EqualFold(name, "GITHUB_TOKEN"):
			e.Token = true
		default:
			e.Secrets = append(e.Secrets, name)
		}
	case "github":
		if name, _ := memberName(body, v, parent); strings.EqualFold(name, "token") {
			e.Token = true
		}
	case "env":
		if name, whole := memberName(body, v, parent); !whole {
			e.Env = append(e.Env, name)
		}
	case "inputs":
		if name, whole := memberName(body, v, parent); !whole {
			e.Inputs = append(e.Inputs, name)
		}
	}
}

// memberName returns the property read from variable v by its parent, in its
// original spelling (actionlint lower-cases names), or whole=true when the
// variable is used as a whole or indexed by a non-literal.
func memberName(body string, v *actionlint.VariableNode, parent actionlint.ExprNode) (string, bool) {
	switch p := parent.(type) {
	case *actionlint.ObjectDerefNode:
		if p.Receiver != actionlint.ExprNode(v) {
			return "", true
		}
		return identAfterDot(body, v.Token().Offset+len(v.Token().Value), p.Property), false
	case *actionlint.IndexAccessNode:
		if lit, ok := p.Index.(*actionlint.StringNode); ok && p.Operand == actionlint.ExprNode(v) {
			return lit.Value, false
		}
		return "", true
	}
	return "", true
}

// identAfterDot reads ".name" at off in body and returns name as written;
// it falls back to the lower-cased name.
func identAfterDot(body string, off int, lower string) string {
	if off > len(body) {
		return lower
	}
	rest := strings.TrimLeft(body[off:], " \t\n")
	rest, ok := strings.CutPrefix(rest, ".")
	if !ok {
		return lower
	}
	rest = strings.TrimLeft(rest, " \t\n")
	n := 0
	for n < len(rest) && isIdentByte(rest[n]) {
		n++
	}
	if !strings.EqualFold(rest[:n], lower) {
		return lower
	}
	return rest[:n]
}

func isIdentByte(c byte) bool {
	return c == '_' || c == '-' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// untrusted returns the untrusted input paths an expression reads, using
// actionlint's list (BuiltinUntrustedInputs).
func untrusted(root actionlint.ExprNode) []string {
	out := untrustedWith(root, actionlint.BuiltinUntrustedInputs)
	return append(out, untrustedWith(root, workflowRunInputs())...)
}

// workflowRunInputs are attacker-controllable fields of the workflow_run
// event (the triggering run's branch and commit come from the fork), which
// actionlint's list does not cover. Built once, never modified.
var workflowRunInputs = sync.OnceValue(func() actionlint.UntrustedInputSearchRoots {
	m := actionlint.NewUntrustedInputMap
	return actionlint.UntrustedInputSearchRoots{
		"github": m("github", m("event", m("workflow_run",
			m("head_branch"),
			m("display_title"),
			m("head_commit", m("message"), m("author", m("email"), m("name"))),
			m("pull_requests", m("*", m("head", m("ref")))),
		))),
	}
})

func untrustedWith(root actionlint.ExprNode, roots actionlint.UntrustedInputSearchRoots) []string {
	c := actionlint.NewUntrustedInputChecker(roots)
	c.Init()
	actionlint.VisitExprNode(root, func(n, _ actionlint.ExprNode, entering bool) {
		if entering {
			c.OnVisitNodeEnter(n)
		} else {
			c.OnVisitNodeLeave(n)
		}
	})
	c.OnVisitEnd()
	var out []string
	for _, err := range c.Errs() {
		out = append(out, quoted(err.Message)...)
	}
	return out
}

// quoted returns the "..." parts of an actionlint message up to the first
// sentence end (the paths it names).
func quoted(msg string) []string {
	if i := strings.Index(msg, ". "); i > 0 {
		msg = msg[:i]
	}
	var out []string
	for {
		i := strings.IndexByte(msg, '"')
		if i < 0 {
			return out
		}
		j := strings.IndexByte(msg[i+1:], '"')
		if j < 0 {
			return out
		}
		out = append(out, msg[i+1:i+1+j])
		msg = msg[i+2+j:]
	}
}
