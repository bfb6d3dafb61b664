package web

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"entgo.io/ent/dialect/sql"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/ent/finding"
	"github.com/privgraph/privgraph/web/ui"
)

// stages are the matrix columns, in pipeline order.
var stages = []string{"BUILD", "TEST", "SIGN", "STAGE", "DEPLOY", "UNKNOWN"}

// severities in order of gravity.
var severities = []string{"CRITICAL", "HIGH", "MEDIUM", "LOW", "INFO"}

func sqlDesc() sql.OrderTermOption { return sql.OrderDesc() }

// bySeverity orders findings most severe first.
func bySeverity() finding.OrderOption { return byRank(finding.FieldSeverity, severities) }

// byStatus orders findings OPEN, then ACCEPTED, then RESOLVED.
func byStatus() finding.OrderOption { return byRank(finding.FieldStatus, statuses) }

// byRank orders by the position of a column's value in ranked (constants only).
func byRank(column string, ranked []string) finding.OrderOption {
	return func(s *sql.Selector) {
		var b strings.Builder
		b.WriteString("CASE " + s.C(column))
		for i, v := range ranked {
			fmt.Fprintf(&b, " WHEN '%s' THEN %d", v, i)
		}
		b.WriteString(" ELSE 9 END")
		s.OrderExpr(sql.Expr(b.String()))
	}
}

func stamp(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") }

func day(t *time.Time) string {
	if t == nil {
		return "—"
	}
	return t.UTC().Format(time.DateOnly)
}

// matrix classifies each stage: needed, exposed but unneeded, not exposed.
func matrix(needed, exposed []string) []ui.Cell {
	cells := make([]ui.Cell, len(stages))
	for i, st := range stages {
		c := ui.Cell{Stage: st, State: "none", Title: st + ": not exposed"}
		switch {
		case slices.Contains(needed, st):
			c.State, c.Title = "needed", st+": needed"
		case slices.Contains(exposed, st):
			c.State, c.Title = "unneeded", st+": exposed but not needed"
		}
		cells[i] = c
	}
	return cells
}

// findingRow is the view of one finding; f's repository and credential
// edges are shown when loaded.
func (s *server) findingRow(f *ent.Finding) ui.FindingRow {
	row := ui.FindingRow{
		ID: fmt.Sprint(f.ID), Severity: string(f.Severity), Status: string(f.Status), Rule: f.Rule,
		Title: f.Title, Evidence: f.Evidence, Remediation: f.Remediation, Done: f.Done,
		DefaultTill: s.now().AddDate(0, 3, 0).UTC().Format(time.DateOnly),
	}
	if row.Evidence == "" && f.File != "" {
		row.Evidence = fmt.Sprintf("%s:%d", f.File, f.Line)
	}
	if r := f.Edges.Repository; r != nil {
		row.Repo = ui.Link{Text: r.FullName, URL: repositoryURL(r.ID)}
	}
	if c := f.Edges.Credential; c != nil {
		row.Credential = ui.Link{Text: c.Name, URL: credentialURL(c.ID)}
	}
	if f.Status == finding.StatusACCEPTED {
		row.Accepted = fmt.Sprintf("until %s by %s: %s", day(f.AcceptedUntil), f.AcceptedBy, f.AcceptedReason)
	}
	return row
}

func (s *server) findingRows(fs []*ent.Finding) []ui.FindingRow {
	rows := make([]ui.FindingRow, len(fs))
	for i, f := range fs {
		rows[i] = s.findingRow(f)
	}
	return rows
}

// options builds a select's choices.
func options(values []string, selected string) []ui.Option {
	out := make([]ui.Option, len(values))
	for i, v := range values {
		out[i] = ui.Option{Value: v, Label: v, Selected: v == selected}
	}
	return out
}

// truncate shortens s to n runes for drawings.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// oneOf returns v when it is one of allowed, else "".
func oneOf(v string, allowed []string) string {
	if slices.Contains(allowed, v) {
		return v
	}
	return ""
}

func fact(label, value string) ui.Fact { return ui.Fact{Label: label, Value: value} }
