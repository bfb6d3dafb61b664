package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/ent/owner"
	"github.com/privgraph/privgraph/ent/pipeline"
	"github.com/privgraph/privgraph/ent/repository"
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

// printSummary writes the one-paragraph result of a scan to stdout: the
// counts, each coverage gap, and the pipeline definitions that could not be
// parsed (a scan "succeeds" with them: each is recorded with its error).
func printSummary(ctx context.Context, e *env, client *ent.Client, s *ent.Scan) {
	fmt.Fprintf(e.stdout, "scan %d of %s: %s — %d repositories, %d pipelines, %d jobs, %d credentials, %d usages",
		s.ID, s.Target, strings.ToLower(string(s.Status)), s.Repositories, s.Pipelines, s.Jobs, s.Credentials, s.Usages)
	if s.APIRequests > 0 {
		fmt.Fprintf(e.stdout, ", %d API requests (%d not modified)", s.APIRequests, s.APINotModified)
	}
	fmt.Fprintln(e.stdout)
	for _, g := range s.CoverageGaps {
		fmt.Fprintf(e.stdout, "  not covered: %s\n", g)
	}
	printParseErrors(ctx, e, client, s)
}

// maxParseErrors is how many unparsed definitions the summary names.
const maxParseErrors = 5

// printParseErrors names the pipeline definitions of the scan's target
// (its owner, and for GitLab its subgroups) that have a parse error.
func printParseErrors(ctx context.Context, e *env, client *ent.Client, s *ent.Scan) {
	o, err := s.QueryOwner().Only(ctx)
	if err != nil {
		return // no owner (a failed scan) or unreadable: the counts said enough
	}
	q := client.Pipeline.Query().Where(
		pipeline.ParseErrorNEQ(""),
		pipeline.HasRepositoryWith(
			repository.PlatformEQ(repository.Platform(s.Platform)),
			repository.HasOwnerWith(owner.Or(owner.ID(o.ID), owner.NameHasPrefix(o.Name+"/"))),
		),
	)
	n, err := q.Clone().Count(ctx)
	if err != nil || n == 0 {
		return
	}
	ps, err := q.WithRepository().Order(pipeline.ByID()).Limit(maxParseErrors).All(ctx)
	if err != nil {
		return
	}
	fmt.Fprintf(e.stdout, "  %d pipeline definition(s) could not be parsed (recorded with their error):\n", n)
	for _, p := range ps {
		repo := ""
		if p.Edges.Repository != nil {
			repo = p.Edges.Repository.FullName + ": "
		}
		msg := p.ParseError
		if r := []rune(msg); len(r) > 200 {
			msg = string(r[:200]) + "…"
		}
		fmt.Fprintf(e.stdout, "    %s%s\n", repo, msg)
	}
	if n > len(ps) {
		fmt.Fprintf(e.stdout, "    … and %d more: privgraph graphql -q '{ pipelines(where: {parseErrorNEQ: \"\"}) { edges { node { path parseError repository { fullName } } } } }'\n", n-len(ps))
	}
}
