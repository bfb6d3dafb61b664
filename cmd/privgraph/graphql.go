package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"

	"github.com/privgraph/privgraph/graph"
)

// varsFlag collects repeated --var k=v.
type varsFlag map[string]any

func (v varsFlag) String() string { return "" }

func (v varsFlag) Set(s string) error {
	k, val, ok := strings.Cut(s, "=")
	if !ok || k == "" {
		return fmt.Errorf("want name=value, got %q", s)
	}
	v[k] = typedValue(val)
	return nil
}

// typedValue turns a --var value into JSON's types: numbers, booleans, null
// and JSON literals stay typed, anything else is a string.
func typedValue(s string) any {
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n
	}
	switch s {
	case "true":
		return true
	case "false":
		return false
	case "null":
		return nil
	}
	if strings.HasPrefix(s, "{") || strings.HasPrefix(s, "[") || strings.HasPrefix(s, `"`) {
		var v any
		if json.Unmarshal([]byte(s), &v) == nil {
			return v
		}
	}
	return s
}

func graphqlCommand() *command {
	return &command{
		name:    "graphql",
		summary: "run a GraphQL query against the inventory, JSON out",
		usage: `privgraph graphql -q QUERY [--var name=value …] [--db DSN]

Runs one query (or mutation) against the inventory without a server, exactly
as POST /graphql would, and prints the JSON response. -q @FILE reads the
query from a file. Exits 1 when the response has errors.

Example:
  privgraph graphql -q '{ jobs(first: 1) { totalCount } }'
`,
		flags: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			db := dbFlag(fs, e)
			q := fs.String("q", "", "the `QUERY`, or @FILE to read it from a file")
			vars := varsFlag{}
			fs.Var(vars, "var", "a variable as `name=value` (repeatable)")
			return func(ctx context.Context, args []string) error {
				if strings.TrimSpace(*q) == "" {
					return &usageError{msg: "-q QUERY is required"}
				}
				if len(args) > 0 {
					return &usageError{msg: fmt.Sprintf("unexpected argument %q", args[0])}
				}
				return runGraphQL(ctx, e, db(), *q, vars)
			}
		},
	}
}

func runGraphQL(ctx context.Context, e *env, dsn, query string, vars map[string]any) error {
	if strings.HasPrefix(query, "@") {
		b, err := os.ReadFile(query[1:])
		if err != nil {
			return fmt.Errorf("cannot read the query from %s: %v", query[1:], rootCause(err))
		}
		query = string(b)
	}
	client, err := openDB(ctx, dsn, true)
	if err != nil {
		return err
	}
	defer client.Close()
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		return err
	}
	req := httptest.NewRequestWithContext(ctx, http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	graph.NewHandler(client, graph.Options{Logger: e.log}).ServeHTTP(rec, req)
	var out bytes.Buffer
	if err := json.Indent(&out, rec.Body.Bytes(), "", "  "); err != nil {
		out.Reset()
		out.Write(rec.Body.Bytes())
	}
	out.WriteByte('\n')
	if _, err := e.stdout.Write(out.Bytes()); err != nil {
		return err
	}
	var resp struct {
		Errors []struct {
			Message    string `json:"message"`
			Extensions struct {
				Code string `json:"code"`
			} `json:"extensions"`
		} `json:"errors"`
	}
	_ = json.Unmarshal(rec.Body.Bytes(), &resp)
	if len(resp.Errors) > 0 {
		first := resp.Errors[0]
		msg := first.Message
		if first.Extensions.Code != "" {
			msg += " (" + first.Extensions.Code + ")"
		}
		if len(resp.Errors) > 1 {
			return fmt.Errorf("the query returned %d errors, the first: %s", len(resp.Errors), msg)
		}
		return fmt.Errorf("the query returned an error: %s", msg)
	}
	return nil
}
