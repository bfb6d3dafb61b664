package analysis

import (
	"context"
	"io"

	"github.com/privgraph/privgraph/ent"
)

// ChecklistFilter selects findings for a checklist or report.
type ChecklistFilter struct {
	Team       string // team slug; "" = all teams
	Repository string // repository full name; "" = all
	// Statuses to include; nil = OPEN and ACCEPTED.
	Statuses []string
}

// ChecklistItem is one finding as a team works through it.
type ChecklistItem struct {
	FindingID   int
	Rule        string
	Severity    string
	Status      string
	Title       string
	Evidence    string
	File        string
	Line        int
	Remediation string // Markdown
	Repository  string // full name; "" for owner-level findings
	Done        bool
}

// Checklist returns the findings a team (or everyone) should work through,
// grouped by repository, most severe first.
//
// CONTRACT: implemented by the analysis work (issue 6); used by the web
// dashboard (team pages, Markdown export) and `privgraph report`.
func Checklist(ctx context.Context, client *ent.Client, f ChecklistFilter) ([]ChecklistItem, error) {
	return nil, errNotImplemented
}

// WriteMarkdown writes items as a checklist a team can paste into an issue:
// grouped by repository, most severe first, `- [ ]` items with the fix.
//
// CONTRACT: see Checklist.
func WriteMarkdown(w io.Writer, title string, items []ChecklistItem) error {
	return errNotImplemented
}
