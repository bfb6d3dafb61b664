package graph_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime/debug"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/privgraph/privgraph/graph"
	"github.com/privgraph/privgraph/graph/graphtest"
	"github.com/privgraph/privgraph/migrations/migratetest"
)

// BenchmarkQueries measures server time per contract query on the synthetic
// 1,000-repository inventory: from the handler receiving POST /graphql to the
// whole JSON answer written (into a recorder; the client's decoding is not
// counted, as BenchmarkPages does not count the browser's). p95-ms is the
// 95th percentile, resp-KB the size of the answer.
func BenchmarkQueries(b *testing.B) {
	c := migratetest.Open(b)
	graphtest.Seed(b, c, 1000)
	h := graph.NewHandler(c, graph.Options{})
	// measure what `privgraph serve` sees: it runs with this GC target
	// (PRIVGRAPH_BENCH_GOGC overrides it, e.g. 100 for Go's default)
	gc := graph.ServeGCPercent
	if v := os.Getenv("PRIVGRAPH_BENCH_GOGC"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			b.Fatalf("PRIVGRAPH_BENCH_GOGC=%q: %v", v, err)
		}
		gc = n
	}
	prev := debug.SetGCPercent(gc)
	b.Cleanup(func() { debug.SetGCPercent(prev) })
	queries := []struct{ name, q string }{
		{"contract", ContractQuery},
		{"overscoped-of-team", `{credentials(first: 500, where: {overScoped: true, team: "payments"}) {edges {node {name kind scope neededBy exposedTo overScopeReasons repository {fullName}}}}}`},
		{"deploy-static-keys", `{jobs(first: 500, where: {stage: DEPLOY, hasUsagesWith: {hasCredentialWith: {staticCloudKey: true}}}) {edges {node {name pipeline {path repository {fullName}} usages {file line credential {name}}}}}}`},
		{"changes-last-scan", `{scans(first: 1, orderBy: [{field: STARTED_AT, direction: DESC}]) {edges {node {target coverageGaps changes(first: 500) {edges {node {kind entity summary}}}}}}}`},
		{"findings-page", `{findings(first: 50, where: {status: OPEN, severity: MEDIUM}, orderBy: [{field: RULE}]) {totalCount edges {node {rule title repository {fullName}}}}}`},
	}
	for _, tc := range queries {
		body, err := json.Marshal(map[string]string{"query": tc.q})
		if err != nil {
			b.Fatal(err)
		}
		b.Run(tc.name, func(b *testing.B) {
			var d []time.Duration
			var size int
			for b.Loop() {
				req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				rec := httptest.NewRecorder()
				start := time.Now()
				h.ServeHTTP(rec, req)
				d = append(d, time.Since(start))
				if rec.Code != http.StatusOK || bytes.Contains(rec.Body.Bytes(), []byte(`"errors"`)) {
					b.Fatalf("%s: status %d: %.300s", tc.name, rec.Code, rec.Body.String())
				}
				size = rec.Body.Len()
			}
			slices.Sort(d)
			b.ReportMetric(float64(d[len(d)*95/100])/float64(time.Millisecond), "p95-ms")
			b.ReportMetric(float64(size)/1024, "resp-KB")
		})
	}
}
