package analysis

import (
	"context"
	"fmt"
	"sort"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/ent/finding"
	"github.com/privgraph/privgraph/ent/predicate"
	"github.com/privgraph/privgraph/ent/repository"
	"github.com/privgraph/privgraph/ent/team"
)

// ChecklistFilter selects findings for a checklist or report.
type ChecklistFilter struct {
	Team       string // team slug; "" = all teams
	Repository string // repository full name; "" = all
	// OrganizationLevel keeps the findings about no repository (organization
	// or group settings and secrets, app installations, runner groups,
	// instance variables): the checklist of the organization's owners.
	OrganizationLevel bool
	// Statuses to include; nil = OPEN and ACCEPTED.
	Statuses []string
	// MinSeverity drops findings less severe than it; "" keeps all.
	MinSeverity string
	// Where adds conditions (the dashboard's list filters, for its export).
	Where []predicate.Finding
}

// ChecklistItem is one finding as a team works through it.
type ChecklistItem struct {
	FindingID   int    `json:"id"`
	Rule        string `json:"rule"`
	Severity    string `json:"severity"`
	Status      string `json:"status"`
	Title       string `json:"title"`
	Detail      string `json:"detail,omitempty"`
	Evidence    string `json:"evidence,omitempty"`
	File        string `json:"file,omitempty"`
	Line        int    `json:"line,omitempty"`
	Remediation string `json:"remediation,omitempty"` // Markdown
	Repository  string `json:"repository,omitempty"`  // full name; "" for owner-level findings
	Owner       string `json:"owner,omitempty"`       // organization, group or local root
	// Platform of the owner (GITHUB, GITLAB, LOCAL): with Owner it names
	// where an organization-level finding is fixed.
	Platform   string `json:"platform,omitempty"`
	Credential string `json:"credential,omitempty"` // name, when the finding is about one
	Job        string `json:"job,omitempty"`        // name, when the finding is about one
	Done       bool   `json:"done"`
	// ScopeAssumed is true when the finding relies on an assumed scope (local scans).
	ScopeAssumed   bool   `json:"scope_assumed,omitempty"`
	AcceptedReason string `json:"accepted_reason,omitempty"`
	AcceptedBy     string `json:"accepted_by,omitempty"`
	AcceptedUntil  string `json:"accepted_until,omitempty"` // RFC 3339
	FirstSeen      string `json:"first_seen"`               // RFC 3339
	LastSeen       string `json:"last_seen"`                // RFC 3339
}

// Checklist returns the findings a team (or everyone) should work through,
// grouped by repository (owner-level findings first), most severe first.
// A team's checklist holds the findings of the repositories it owns (see
// TeamRepositoryIDs); the organization-level checklist those about no
// repository.
func Checklist(ctx context.Context, client *ent.Client, f ChecklistFilter) ([]ChecklistItem, error) {
	preds, err := checklistPredicates(ctx, client, f)
	if err != nil {
		return nil, err
	}
	if preds == nil {
		return []ChecklistItem{}, nil
	}
	fs, err := client.Finding.Query().Where(preds...).
		WithRepository(func(q *ent.RepositoryQuery) { q.Select("id", "full_name") }).
		WithOwner(func(q *ent.OwnerQuery) { q.Select("id", "name", "platform") }).
		WithCredential(func(q *ent.CredentialQuery) { q.Select("id", "name") }).
		WithJob(func(q *ent.JobQuery) { q.Select("id", "name") }).
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("read findings: %w", err)
	}
	items := make([]ChecklistItem, 0, len(fs))
	for _, x := range fs {
		if f.MinSeverity == "" || SeverityAtLeast(string(x.Severity), f.MinSeverity) {
			items = append(items, toItem(x))
		}
	}
	sortItems(items)
	return items, nil
}

// checklistPredicates builds the query; nil means nothing can match.
func checklistPredicates(ctx context.Context, client *ent.Client, f ChecklistFilter) ([]predicate.Finding, error) {
	statuses := []finding.Status{finding.StatusOPEN, finding.StatusACCEPTED}
	if f.Statuses != nil {
		statuses = statuses[:0]
		for _, s := range f.Statuses {
			st := finding.Status(upper(s))
			if err := finding.StatusValidator(st); err != nil {
				return nil, &ValidationError{Field: "status", Reason: fmt.Sprintf("unknown status %q (OPEN, RESOLVED or ACCEPTED)", s)}
			}
			statuses = append(statuses, st)
		}
	}
	preds := append([]predicate.Finding{finding.StatusIn(statuses...)}, f.Where...)
	if f.Repository != "" {
		preds = append(preds, FindingAbout(repository.FullName(f.Repository)))
	}
	if f.OrganizationLevel {
		preds = append(preds, OrganizationLevel())
	}
	if f.Team != "" {
		ids, err := TeamRepositoryIDs(ctx, client, f.Team)
		if err != nil {
			return nil, err
		}
		if len(ids) == 0 {
			exists, err := client.Team.Query().Where(team.Slug(f.Team)).Exist(ctx)
			if err != nil {
				return nil, fmt.Errorf("read team %s: %w", f.Team, err)
			}
			if !exists {
				return nil, &ValidationError{Field: "team", Reason: fmt.Sprintf("no team %q: no team has that slug and no CODEOWNERS rule names it", f.Team)}
			}
			return nil, nil
		}
		preds = append(preds, FindingAbout(repository.IDIn(ids...)))
	}
	return preds, nil
}

func toItem(x *ent.Finding) ChecklistItem {
	it := ChecklistItem{
		FindingID: x.ID, Rule: x.Rule, Severity: string(x.Severity), Status: string(x.Status), Title: x.Title,
		Detail: x.Detail, Evidence: x.Evidence, File: x.File, Line: x.Line, Remediation: x.Remediation, Done: x.Done,
		ScopeAssumed: x.ScopeAssumed, AcceptedReason: x.AcceptedReason, AcceptedBy: x.AcceptedBy,
		FirstSeen: x.FirstSeen.UTC().Format(timeFormat), LastSeen: x.LastSeen.UTC().Format(timeFormat),
	}
	if x.AcceptedUntil != nil {
		it.AcceptedUntil = x.AcceptedUntil.UTC().Format(timeFormat)
	}
	if r := x.Edges.Repository; r != nil {
		it.Repository = r.FullName
	}
	if o := x.Edges.Owner; o != nil {
		it.Owner = o.Name
		it.Platform = string(o.Platform)
	}
	if c := x.Edges.Credential; c != nil {
		it.Credential = c.Name
	}
	if j := x.Edges.Job; j != nil {
		it.Job = j.Name
	}
	return it
}

const timeFormat = "2006-01-02T15:04:05Z07:00"

// sortItems orders by repository (owner-level first), then severity, rule,
// file, line, title.
func sortItems(items []ChecklistItem) {
	sort.SliceStable(items, func(i, j int) bool {
		a, b := items[i], items[j]
		if a.Repository != b.Repository {
			return a.Repository < b.Repository
		}
		if a.Repository == "" && (a.Platform != b.Platform || a.Owner != b.Owner) {
			// organization-level: one group per organization or group
			if a.Platform != b.Platform {
				return a.Platform < b.Platform
			}
			return a.Owner < b.Owner
		}
		if severityRank[a.Severity] != severityRank[b.Severity] {
			return severityRank[a.Severity] < severityRank[b.Severity]
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Title < b.Title
	})
}
