package graph

import (
	"context"
	"fmt"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// Limits bound what one request may cost.
const (
	// MaxDepth is the deepest field nesting a query may have (introspection aside).
	MaxDepth = 12
	// MaxComplexity bounds the estimated number of values a query returns:
	// a connection multiplies its selection by first/last (DefaultPage when
	// absent), a plain list by listFactor.
	MaxComplexity = 250_000
	// DefaultPage is the page size of a connection asked without first or last.
	DefaultPage = 100
	// MaxPage is the largest first or last a connection accepts.
	MaxPage = 1000
	// listFactor is the assumed length of a plain list (usages, exposedJobs).
	listFactor = 10
	// MaxIntrospections bounds the __schema and __type fields of one query:
	// each answers with the whole schema (≈ 80 KB), and the cost estimate
	// leaves them aside.
	MaxIntrospections = 5
)

// limits rejects queries that are too deep or too costly before they run,
// and mutations from callers who may not mutate.
type limits struct{ requireCaller bool }

var (
	_ graphql.HandlerExtension        = limits{}
	_ graphql.OperationContextMutator = limits{}
)

func (limits) ExtensionName() string                   { return "PrivgraphLimits" }
func (limits) Validate(graphql.ExecutableSchema) error { return nil }

func (l limits) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil {
		return nil
	}
	if oc.Operation.Operation == ast.Mutation {
		if err := allow(ctx, RoleTriager, l.requireCaller); err != nil {
			return coded(err.(*Error).Code, err.Error())
		}
	} else if err := allow(ctx, RoleReader, l.requireCaller); err != nil {
		return coded(err.(*Error).Code, err.Error())
	}
	w := walker{vars: oc.Variables}
	depth, cost := w.walk(oc.Operation.SelectionSet, 1)
	if w.introspections > MaxIntrospections {
		return coded(CodeComplexity, fmt.Sprintf("the query introspects the schema (__schema, __type) %d times; the limit is %d: ask once", w.introspections, MaxIntrospections))
	}
	if depth > MaxDepth {
		return coded(CodeDepth, fmt.Sprintf("the query nests %d levels deep; the limit is %d: split it into several queries", depth, MaxDepth))
	}
	if cost > MaxComplexity {
		about := fmt.Sprintf("about %d", cost)
		if cost >= costCap {
			about = fmt.Sprintf("more than %d", MaxComplexity)
		}
		return coded(CodeComplexity, fmt.Sprintf("the query may return %s values; the limit is %d: ask for smaller pages (first:) or fewer fields", about, MaxComplexity))
	}
	return nil
}

func coded(code, msg string) *gqlerror.Error {
	return &gqlerror.Error{Message: msg, Extensions: map[string]any{"code": code}}
}

type walker struct {
	vars  map[string]any
	stack int // fragment recursion guard
	// frags remembers each named fragment's depth (relative to where it is
	// spread) and cost: a fragment spread many times, or fragments that
	// spread each other twice over, are walked once each, not 2^n times.
	frags map[string]fragCost
	// introspections counts __schema and __type fields, which the depth
	// and cost estimate leave aside.
	introspections int
}

type fragCost struct{ depth, cost, introspections int }

// walk returns the depth and estimated cost of a selection set at depth d.
// The cost saturates just above MaxComplexity.
func (w *walker) walk(set ast.SelectionSet, d int) (depth, cost int) {
	w.stack++
	defer func() { w.stack-- }()
	if w.stack > 64 {
		return d, 0
	}
	depth = d - 1
	for _, sel := range set {
		var sd, sc int
		switch s := sel.(type) {
		case *ast.Field:
			if strings.HasPrefix(s.Name, "__") {
				if s.Name == "__schema" || s.Name == "__type" {
					w.introspections = addCost(w.introspections, 1)
				}
				continue
			}
			cd, cc := w.walk(s.SelectionSet, d+1)
			sd, sc = max(d, cd), addCost(1, mulCost(w.factor(s), cc))
		case *ast.FragmentSpread:
			if s.Definition != nil {
				sd, sc = w.fragment(s, d)
			}
		case *ast.InlineFragment:
			sd, sc = w.walk(s.SelectionSet, d)
		}
		depth = max(depth, sd)
		cost = addCost(cost, sc)
	}
	return depth, cost
}

// fragment walks a named fragment's selection at depth d, once per fragment:
// its depth below d, its cost and its introspections do not depend on d.
func (w *walker) fragment(s *ast.FragmentSpread, d int) (depth, cost int) {
	if fc, ok := w.frags[s.Name]; ok {
		w.introspections = addCost(w.introspections, fc.introspections)
		return d + fc.depth, fc.cost
	}
	before := w.introspections
	depth, cost = w.walk(s.Definition.SelectionSet, d)
	if w.frags == nil {
		w.frags = map[string]fragCost{}
	}
	w.frags[s.Name] = fragCost{depth: depth - d, cost: cost, introspections: w.introspections - before}
	return depth, cost
}

// costCap is where cost estimates stop growing, far past the limit (the
// message still says how far) and far from overflowing.
const costCap = 1 << 50

func addCost(a, b int) int { return min(a+b, costCap) }

func mulCost(a, b int) int {
	if a == 0 || b == 0 {
		return 0
	}
	if a >= costCap || b >= costCap || a > costCap/b {
		return costCap
	}
	return min(a*b, costCap)
}

// factor is how many times a field's selection may repeat.
func (w *walker) factor(f *ast.Field) int {
	for _, name := range []string{"first", "last"} {
		if a := f.Arguments.ForName(name); a != nil {
			if v, err := a.Value.Value(w.vars); err == nil {
				if n, ok := v.(int64); ok && n >= 0 {
					return int(max(n, 1))
				}
			}
		}
	}
	if f.Definition == nil || f.Definition.Type == nil {
		return 1
	}
	if strings.HasSuffix(f.Definition.Type.Name(), "Edge") {
		return 1 // a connection's edges: already counted by first/last
	}
	if strings.HasSuffix(f.Definition.Type.Name(), "Connection") {
		return DefaultPage
	}
	if f.Definition.Type.Elem != nil {
		return listFactor
	}
	return 1
}

// page applies DefaultPage when neither first nor last is given and refuses
// pages larger than MaxPage.
func page(first, last *int) (*int, error) {
	for _, n := range []*int{first, last} {
		if n != nil && *n > MaxPage {
			return nil, &Error{Code: CodePageSize, Message: fmt.Sprintf("pages hold at most %d items; got %d: follow pageInfo.endCursor with after:", MaxPage, *n)}
		}
	}
	if first == nil && last == nil {
		n := DefaultPage
		return &n, nil
	}
	return first, nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
