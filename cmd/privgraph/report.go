package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"

	"github.com/privgraph/privgraph/ent/repository"
	"github.com/privgraph/privgraph/scanner/analysis"
)

func reportCommand() *command {
	return &command{
		name:    "report",
		summary: "write remediation checklists (markdown, json, sarif) and gate CI",
		usage: `privgraph report [--format markdown|json|sarif] [--team T | --repo R | --org-level] [--fail-on SEVERITY] [--db DSN]

Writes the open and accepted findings to stdout: markdown is a checklist to
paste into an issue (grouped by repository, most severe first, each item with
its fix); json is a stable document for scripts; sarif is SARIF 2.1.0 for
code-scanning tools. --team keeps the repositories the team owns (admin or
maintain permission, or CODEOWNERS of the pipeline files); --repo keeps one
repository (full name); --org-level keeps the organization-level findings,
about no repository (organization or group secrets and settings, app
installations, runner groups, instance variables): they are on no team's
checklist, the organization's owners fix them. --fail-on
critical|high|medium|low|info exits 1 when an OPEN finding at or above that
severity is reported (the report is still written).
`,
		flags: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			db := dbFlag(fs, e)
			format := fs.String("format", "markdown", "`FORMAT`: markdown, json or sarif")
			team := fs.String("team", "", "only repositories the team with this `SLUG` owns")
			repo := fs.String("repo", "", "only the repository with this full `NAME` (e.g. acme/api)")
			orgLevel := fs.Bool("org-level", false, "only organization-level findings (about no repository: organization or group secrets and settings, app installations, runner groups)")
			failOn := fs.String("fail-on", "", "exit 1 when an open finding is at least this `SEVERITY`: critical, high, medium, low or info")
			return func(ctx context.Context, args []string) error {
				if len(args) > 0 {
					return &usageError{msg: fmt.Sprintf("unexpected argument %q", args[0])}
				}
				return runReport(ctx, e, db(), reportOptions{format: *format, team: *team, repo: *repo, failOn: *failOn, orgLevel: *orgLevel})
			}
		},
	}
}

type reportOptions struct {
	format, team, repo, failOn string
	orgLevel                   bool
}

func (o reportOptions) validate() error {
	switch strings.ToLower(o.format) {
	case analysis.FormatMarkdown, analysis.FormatJSON, analysis.FormatSARIF:
	default:
		return &usageError{msg: fmt.Sprintf("--format %q: use markdown, json or sarif", o.format)}
	}
	if o.orgLevel && (o.team != "" || o.repo != "") {
		// Organization-level findings are about no repository: with a team
		// or repository the report would be empty, and pass a --fail-on gate.
		return &usageError{msg: "--org-level: organization-level findings are about no repository; do not combine it with --team or --repo"}
	}
	if o.failOn != "" && !analysis.SeverityAtLeast(o.failOn, o.failOn) {
		return &usageError{msg: fmt.Sprintf("--fail-on %q: use critical, high, medium, low or info", o.failOn)}
	}
	return nil
}

func runReport(ctx context.Context, e *env, dsn string, o reportOptions) error {
	if err := o.validate(); err != nil {
		return err
	}
	client, err := openDB(ctx, dsn, true)
	if err != nil {
		return err
	}
	defer client.Close()
	if o.repo != "" {
		// An unknown repository would report "No open findings" and pass a
		// --fail-on gate: say so instead, as --team does.
		ok, err := client.Repository.Query().Where(repository.FullName(o.repo)).Exist(ctx)
		if err != nil {
			return fmt.Errorf("read repositories: %w", err)
		}
		if !ok {
			return &usageError{msg: fmt.Sprintf("--repo: no repository %q in the inventory (give its full name, e.g. acme/api)", o.repo)}
		}
	}
	if scanned, err := client.Scan.Query().Exist(ctx); err == nil && !scanned {
		fmt.Fprintf(e.stderr, "privgraph: warning: the inventory %s holds no scan yet: run `privgraph scan …` first (the report below is empty)\n", redactDSN(dsn))
	}
	items, err := analysis.Checklist(ctx, client, analysis.ChecklistFilter{Team: o.team, Repository: o.repo, OrganizationLevel: o.orgLevel})
	var ve *analysis.ValidationError
	if errors.As(err, &ve) {
		return &usageError{msg: "--" + ve.Field + ": " + ve.Reason}
	}
	if err != nil {
		return fmt.Errorf("read findings: %w", err)
	}
	if err := analysis.Write(e.stdout, strings.ToLower(o.format), reportTitle(o), items); err != nil {
		return err
	}
	var te *analysis.ThresholdError
	if err := analysis.CheckFailOn(items, o.failOn); errors.As(err, &te) {
		return &gateError{msg: te.Error()}
	} else if err != nil {
		return err
	}
	return nil
}

func reportTitle(o reportOptions) string {
	switch {
	case o.orgLevel:
		return "privgraph checklist: organization level"
	case o.team != "" && o.repo != "":
		return "privgraph checklist: team " + o.team + ", " + o.repo
	case o.team != "":
		return "privgraph checklist: team " + o.team
	case o.repo != "":
		return "privgraph checklist: " + o.repo
	}
	return "privgraph checklist"
}
