package graph_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/privgraph/privgraph/graph"
	"github.com/privgraph/privgraph/graph/graphtest"
	"github.com/privgraph/privgraph/migrations/migratetest"
)

// fragmentLadder is a query of n fragments each spreading the next twice:
// 2^n copies of the last fragment's selection in a 1 KB query.
func fragmentLadder(n int, last string) string {
	var b strings.Builder
	b.WriteString("query { ...F0 }\n")
	for i := range n {
		fmt.Fprintf(&b, "fragment F%d on Query { ...F%d ...F%d }\n", i, i+1, i+1)
	}
	fmt.Fprintf(&b, "fragment F%d on Query { %s }\n", n, last)
	return b.String()
}

// TestLimitsAdversarial: queries built to make the server work hard for a
// few bytes are refused quickly, with their code.
func TestLimitsAdversarial(t *testing.T) {
	c := migratetest.Open(t)
	graphtest.Seed(t, c, 0)
	cl := gql(t, c, graph.Options{}, nil)
	one := `__schema { types { name description fields { name description args { name } type { name } } } }`
	var aliases strings.Builder
	aliases.WriteString("{")
	for i := range graph.MaxIntrospections + 1 {
		fmt.Fprintf(&aliases, " s%d: %s", i, one)
	}
	aliases.WriteString("}")
	tests := []struct {
		name, query, code string
	}{
		// Walking a fragment once per spread took 2^n steps: n = 30 took over a minute, n = 40 never ended.
		{"fragment ladder", fragmentLadder(30, "teams(first: 1000) { totalCount }"), graph.CodeComplexity},
		// Introspection is left out of the cost estimate: each alias answered
		// the whole schema (≈ 80 KB), 10,000 aliases fit in the 1 MiB body.
		{"introspection aliases", aliases.String(), graph.CodeComplexity},
		{"introspection through a fragment ladder", fragmentLadder(30, one), graph.CodeComplexity},
		{"one introspection", "{" + one + "}", ""},
		{"a few introspections", `{ a: __type(name: "Job") { name } b: __type(name: "Credential") { name } __schema { queryType { name } } }`, ""},
		{"a fragment spread twice", `fragment J on Job { name } { jobs(first: 2) { edges { node { ...J ...J } } } }`, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			var resp map[string]any
			err := cl.Post(tc.query, &resp)
			if got := errCode(err); got != tc.code {
				t.Errorf("code = %q (%v), want %q", got, err, tc.code)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %s", d)
			}
		})
	}
}
