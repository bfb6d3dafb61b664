package web

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/privgraph/privgraph/ent/finding"
	"github.com/privgraph/privgraph/ent/predicate"
	"github.com/privgraph/privgraph/graph"
	"github.com/privgraph/privgraph/scanner/analysis"
	"github.com/privgraph/privgraph/web/ui"
)

var statuses = []string{"OPEN", "ACCEPTED", "RESOLVED"}

func (s *server) handleFindings(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	v := ui.FindingsView{Page: s.page(r, "Findings", "findings"), Search: strings.TrimSpace(q.Get("q")),
		Repository: strings.TrimSpace(q.Get("repository")), Next: r.URL.RequestURI()}
	total, err := s.client.Finding.Query().Count(ctx)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	if total == 0 {
		v.Empty = true
		s.render(w, r, ui.FindingsPage(v))
		return
	}
	fl, err := s.findingFilters(ctx, q)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	ps := fl.preds
	if v.Teams, err = s.teamOptions(ctx, fl.team); err != nil {
		s.failErr(w, r, err)
		return
	}
	rules, sev, status, rule := fl.rules, fl.severity, fl.status, fl.rule
	v.Levels = options(levels, fl.level)
	v.Levels[0].Label = "organization level (no repository)"
	v.Markdown = "/findings/checklist.md"
	if e := exportQuery(q).Encode(); e != "" {
		v.Markdown += "?" + e
	}
	v.Severities, v.Statuses, v.Rules = options(severities, sev), options(statuses, status), options(rules, rule)
	page, off := offset(r)
	base := s.client.Finding.Query().Where(ps...)
	n, err := base.Clone().Count(ctx)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	fs, err := base.Order(byStatus(), bySeverity(), finding.ByID()).Offset(off).Limit(pageSize).
		WithRepository().WithCredential().All(ctx)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	v.Rows = s.findingRows(fs)
	v.Pager = pager(r, page, n, len(fs))
	s.render(w, r, ui.FindingsPage(v))
}

// levels are the values of the findings list's level filter: organization
// keeps the findings about no repository (analysis.OrganizationLevel).
var levels = []string{"organization"}

// findingFilter is the findings list's filters, read from its query.
type findingFilter struct {
	severity, status, rule, team, level string
	repository, search                  string
	rules                               []string
	preds                               []predicate.Finding
}

// findingFilters reads the findings list's filters; the list and its
// Markdown export both use it.
func (s *server) findingFilters(ctx context.Context, q url.Values) (findingFilter, error) {
	f := findingFilter{severity: oneOf(q.Get("severity"), severities), status: oneOf(q.Get("status"), statuses),
		team: q.Get("team"), level: oneOf(q.Get("level"), levels),
		repository: strings.TrimSpace(q.Get("repository")), search: strings.TrimSpace(q.Get("q"))}
	var err error
	if f.rules, err = s.rules(ctx); err != nil {
		return f, err
	}
	f.rule = oneOf(q.Get("rule"), f.rules)
	if f.severity != "" {
		f.preds = append(f.preds, finding.SeverityEQ(finding.Severity(f.severity)))
	}
	if f.status != "" {
		f.preds = append(f.preds, finding.StatusEQ(finding.Status(f.status)))
	}
	if f.rule != "" {
		f.preds = append(f.preds, finding.Rule(f.rule))
	}
	if f.team != "" {
		rp, err := graph.RepoOfTeam(ctx, s.client, f.team)
		if err != nil {
			return f, err
		}
		f.preds = append(f.preds, graph.FindingInRepo(rp))
	}
	if f.level != "" {
		f.preds = append(f.preds, graph.FindingOrganizationLevel(true))
	}
	if f.repository != "" {
		f.preds = append(f.preds, graph.FindingInRepo(graph.RepoNamed(f.repository)))
	}
	if f.search != "" {
		f.preds = append(f.preds, graph.FindingSearch(f.search))
	}
	return f, nil
}

// exportQuery keeps the list filters of a findings query (not its page).
func exportQuery(q url.Values) url.Values {
	out := url.Values{}
	for _, k := range []string{"q", "severity", "status", "rule", "team", "level", "repository"} {
		if v := q.Get(k); v != "" {
			out.Set(k, v)
		}
	}
	return out
}

// handleFindingsChecklist exports the findings list, with its filters, as a
// Markdown checklist: the team export's writer, over the open and accepted
// findings unless a status is chosen.
func (s *server) handleFindingsChecklist(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	fl, err := s.findingFilters(ctx, q)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	cf := analysis.ChecklistFilter{Where: fl.preds}
	if fl.status != "" {
		cf.Statuses = []string{fl.status}
	}
	items, err := analysis.Checklist(ctx, s.client, cf)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	if len(items) > maxChecklist {
		items = items[:maxChecklist]
	}
	title, file := findingsTitle(fl)
	var buf bytes.Buffer
	if err := analysis.WriteMarkdown(&buf, title, items); err != nil {
		s.failErr(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/markdown; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s.md"`, file))
	_, _ = w.Write(buf.Bytes())
}

// findingsTitle names a findings export after its filters.
func findingsTitle(f findingFilter) (title, file string) {
	title, file = "privgraph checklist", "checklist"
	if f.level != "" {
		title, file = "privgraph checklist: organization level", "checklist-organization"
	}
	var parts []string
	for _, p := range []struct{ label, v string }{
		{"team", f.team}, {"repository", f.repository}, {"severity", f.severity}, {"status", f.status},
		{"rule", f.rule}, {"search", f.search},
	} {
		if p.v != "" {
			parts = append(parts, p.label+" "+p.v)
		}
	}
	if len(parts) > 0 {
		title += " (" + strings.Join(parts, ", ") + ")"
		file = "checklist-findings"
	}
	return title, file
}

// rules lists the rule ids that have findings.
func (s *server) rules(ctx context.Context) ([]string, error) {
	return s.client.Finding.Query().Unique(true).Order(finding.ByRule()).Limit(200).Select(finding.FieldRule).Strings(ctx)
}

// handleFindingTriage accepts, reopens or resolves a finding from a form.
func (s *server) handleFindingTriage(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		s.handleNotFound(w, r)
		return
	}
	in := graph.TriageInput{FindingID: id, Status: r.PostFormValue("status"), Reason: r.PostFormValue("reason"), Now: s.now()}
	if u := r.PostFormValue("until"); u != "" {
		t, err := time.Parse(time.DateOnly, u)
		if err != nil {
			s.fail(w, r, http.StatusBadRequest, "The expiry date must look like 2026-12-31.")
			return
		}
		t = t.Add(24*time.Hour - time.Second) // the end of that day, UTC
		in.Until = &t
	}
	if _, err := graph.Triage(r.Context(), s.client, in); err != nil {
		s.failErr(w, r, err)
		return
	}
	s.back(w, r, id)
}

// handleFindingDone ticks or unticks a finding on the checklist.
func (s *server) handleFindingDone(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		s.handleNotFound(w, r)
		return
	}
	if _, err := graph.MarkFindingDone(r.Context(), s.client, id, r.PostFormValue("done") == "1"); err != nil {
		s.failErr(w, r, err)
		return
	}
	s.back(w, r, id)
}

// back redirects to the page a form came from, at the finding.
func (s *server) back(w http.ResponseWriter, r *http.Request, id int) {
	next := safeNext(r.PostFormValue("next"))
	if u, err := url.Parse(next); err == nil {
		u.Fragment = "finding-" + strconv.Itoa(id)
		next = u.String()
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}
