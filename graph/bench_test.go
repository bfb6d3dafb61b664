package graph_test

import (
	"slices"
	"testing"
	"time"

	"github.com/99designs/gqlgen/client"

	"github.com/privgraph/privgraph/graph"
	"github.com/privgraph/privgraph/graph/graphtest"
	"github.com/privgraph/privgraph/migrations/migratetest"
)

// BenchmarkQueries measures server time per contract query on the synthetic
// 1,000-repository inventory; p95-ms is the 95th percentile.
func BenchmarkQueries(b *testing.B) {
	c := migratetest.Open(b)
	graphtest.Seed(b, c, 1000)
	cl := client.New(graph.NewHandler(c, graph.Options{}))
	queries := map[string]string{
		"contract":           ContractQuery,
		"overscoped-of-team": `{credentials(first: 500, where: {overScoped: true, team: "payments"}) {edges {node {name kind scope neededBy exposedTo overScopeReasons repository {fullName}}}}}`,
		"deploy-static-keys": `{jobs(first: 500, where: {stage: DEPLOY, hasUsagesWith: {hasCredentialWith: {staticCloudKey: true}}}) {edges {node {name pipeline {path repository {fullName}} usages {file line credential {name}}}}}}`,
		"changes-last-scan":  `{scans(first: 1, orderBy: [{field: STARTED_AT, direction: DESC}]) {edges {node {target coverageGaps changes(first: 500) {edges {node {kind entity summary}}}}}}}`,
		"findings-page":      `{findings(first: 50, where: {status: OPEN, severity: MEDIUM}, orderBy: [{field: RULE}]) {totalCount edges {node {rule title repository {fullName}}}}}`,
	}
	for name, q := range queries {
		b.Run(name, func(b *testing.B) {
			var d []time.Duration
			for b.Loop() {
				var resp map[string]any
				start := time.Now()
				if err := cl.Post(q, &resp); err != nil {
					b.Fatal(err)
				}
				d = append(d, time.Since(start))
			}
			slices.Sort(d)
			b.ReportMetric(float64(d[len(d)*95/100])/float64(time.Millisecond), "p95-ms")
		})
	}
}
