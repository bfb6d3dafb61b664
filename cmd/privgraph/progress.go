package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/scanner/analysis"
)

// progress returns a reporter that writes progress lines to stderr.
func progress(e *env) func(format string, args ...any) {
	return func(format string, args ...any) {
		fmt.Fprintf(e.stderr, "privgraph: "+format+"\n", args...)
	}
}

// analyzeFunc runs exposure-vs-need analysis and the rules after a scan.
func analyzeFunc(e *env) func(ctx context.Context, client *ent.Client, scanID int) error {
	return func(ctx context.Context, client *ent.Client, scanID int) error {
		a := analysis.New(client, analysis.Options{Logger: e.log.With("component", "analysis")})
		res, err := a.Run(ctx, scanID)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stderr, "privgraph: %d credentials analysed, %d over-scoped; findings: %d opened, %d resolved, %d open\n",
			res.Credentials, res.OverScoped, res.Opened, res.Resolved, res.Open)
		return nil
	}
}

// printSummary writes the one-paragraph result of a scan to stdout.
func printSummary(e *env, s *ent.Scan) {
	fmt.Fprintf(e.stdout, "scan %d of %s: %s — %d repositories, %d pipelines, %d jobs, %d credentials, %d usages",
		s.ID, s.Target, strings.ToLower(string(s.Status)), s.Repositories, s.Pipelines, s.Jobs, s.Credentials, s.Usages)
	if s.APIRequests > 0 {
		fmt.Fprintf(e.stdout, ", %d API requests (%d not modified)", s.APIRequests, s.APINotModified)
	}
	fmt.Fprintln(e.stdout)
	for _, g := range s.CoverageGaps {
		fmt.Fprintf(e.stdout, "  not covered: %s\n", g)
	}
}
