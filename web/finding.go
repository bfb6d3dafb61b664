package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/privgraph/privgraph/ent/finding"
	"github.com/privgraph/privgraph/ent/predicate"
	"github.com/privgraph/privgraph/graph"
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
	sev, status, slug := oneOf(q.Get("severity"), severities), oneOf(q.Get("status"), statuses), q.Get("team")
	rules, err := s.rules(ctx)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	rule := oneOf(q.Get("rule"), rules)
	var ps []predicate.Finding
	if sev != "" {
		ps = append(ps, finding.SeverityEQ(finding.Severity(sev)))
	}
	if status != "" {
		ps = append(ps, finding.StatusEQ(finding.Status(status)))
	}
	if rule != "" {
		ps = append(ps, finding.Rule(rule))
	}
	if slug != "" {
		ps = append(ps, graph.FindingInRepo(graph.RepoOfTeam(slug)))
	}
	if v.Repository != "" {
		ps = append(ps, graph.FindingInRepo(graph.RepoNamed(v.Repository)))
	}
	if v.Search != "" {
		ps = append(ps, graph.FindingSearch(v.Search))
	}
	if v.Teams, err = s.teamOptions(ctx, slug); err != nil {
		s.failErr(w, r, err)
		return
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
