package web

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/ent/credential"
	"github.com/privgraph/privgraph/ent/finding"
	"github.com/privgraph/privgraph/ent/job"
	"github.com/privgraph/privgraph/ent/scan"
	"github.com/privgraph/privgraph/ent/team"
	"github.com/privgraph/privgraph/web/ui"
)

// group is one row of a GROUP BY count over one of these columns.
type group struct {
	Severity string `json:"severity"`
	Kind     string `json:"kind"`
	Scope    string `json:"scope"`
	Stage    string `json:"stage"`
	Count    int    `json:"count"`
}

// Key is the grouped value.
func (g group) Key() string { return g.Severity + g.Kind + g.Scope + g.Stage }

func (s *server) handleOverview(w http.ResponseWriter, r *http.Request) {
	v, err := s.overview(r.Context())
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	v.Page = s.page(r, "Overview", "overview")
	s.render(w, r, ui.OverviewPage(v))
}

func (s *server) overview(ctx context.Context) (ui.OverviewView, error) {
	var v ui.OverviewView
	c := s.client
	repos, err := c.Repository.Query().Count(ctx)
	if err != nil {
		return v, err
	}
	scans, err := c.Scan.Query().Count(ctx)
	if err != nil {
		return v, err
	}
	if repos == 0 && scans == 0 {
		v.Empty = true
		return v, nil
	}
	jobs, err := c.Job.Query().Count(ctx)
	if err != nil {
		return v, err
	}
	v.Credentials, err = c.Credential.Query().Count(ctx)
	if err != nil {
		return v, err
	}
	v.OverScoped, err = c.Credential.Query().Where(credential.OverScoped(true)).Count(ctx)
	if err != nil {
		return v, err
	}
	if v.Credentials > 0 {
		v.OverPct = sharePct(v.OverScoped, v.Credentials)
	}
	var sev, kinds, scopes, st []group
	if err := c.Finding.Query().Where(finding.StatusEQ(finding.StatusOPEN)).
		GroupBy(finding.FieldSeverity).Aggregate(ent.As(ent.Count(), "count")).Scan(ctx, &sev); err != nil {
		return v, fmt.Errorf("count findings by severity: %w", err)
	}
	if err := c.Credential.Query().GroupBy(credential.FieldKind).Aggregate(ent.As(ent.Count(), "count")).Scan(ctx, &kinds); err != nil {
		return v, fmt.Errorf("count credentials by kind: %w", err)
	}
	if err := c.Credential.Query().GroupBy(credential.FieldScope).Aggregate(ent.As(ent.Count(), "count")).Scan(ctx, &scopes); err != nil {
		return v, fmt.Errorf("count credentials by scope: %w", err)
	}
	if err := c.Job.Query().GroupBy(job.FieldStage).Aggregate(ent.As(ent.Count(), "count")).Scan(ctx, &st); err != nil {
		return v, fmt.Errorf("count jobs by stage: %w", err)
	}
	open := 0
	for _, g := range sev {
		open += g.Count
	}
	v.Counts = []ui.Count{
		{Label: "repositories", N: repos, URL: "/repositories"},
		{Label: "jobs", N: jobs, URL: "/repositories"},
		{Label: "credentials", N: v.Credentials, URL: "/credentials"},
		{Label: "open findings", N: open, URL: "/findings?status=OPEN"},
	}
	v.Severity = bars(sev, severities, func(k string) string { return "/findings?status=OPEN&severity=" + k }, "sev-")
	v.Kinds = bars(kinds, nil, func(k string) string { return "/credentials?kind=" + k }, "")
	v.Scopes = bars(scopes, nil, func(k string) string { return "/credentials?scope=" + k }, "")
	v.Stages = bars(st, stages, func(string) string { return "" }, "stage-")
	if v.Trend, err = s.trend(ctx); err != nil {
		return v, err
	}
	if v.Worst, err = s.worst(ctx); err != nil {
		return v, err
	}
	if v.MostOver, err = s.mostOverScoped(ctx); err != nil {
		return v, err
	}
	teams, err := c.Team.Query().Order(team.BySlug()).Limit(30).All(ctx)
	if err != nil {
		return v, err
	}
	for _, t := range teams {
		v.Checklist = append(v.Checklist, ui.Link{Text: t.Name, URL: teamURL(t.Slug)})
	}
	return v, nil
}

// bars turns counts into bars, in order when given (absent keys skipped).
func bars(gs []group, order []string, url func(string) string, class string) []ui.Count {
	m := map[string]int{}
	most := 0
	for _, g := range gs {
		m[g.Key()] = g.Count
		most = max(most, g.Count)
	}
	if order == nil {
		for _, g := range gs {
			order = append(order, g.Key())
		}
	}
	var out []ui.Count
	for _, k := range order {
		n, ok := m[k]
		if !ok {
			continue
		}
		pct := 0
		if most > 0 {
			pct = max(1, n*100/most)
		}
		out = append(out, ui.Count{Label: k, N: n, Pct: pct, URL: url(k), Class: class + k})
	}
	return out
}

// Trend chart bounds: the scans drawn and the targets given a line.
const (
	trendScans   = 40
	trendTargets = 6
)

// trend lays out open findings of the last scans as one line per scan
// target (platform + target), oldest scan left; the x axis is shared, so
// lines of targets scanned at different times do not pretend to line up.
func (s *server) trend(ctx context.Context) (ui.Trend, error) {
	ss, err := s.client.Scan.Query().Order(scan.ByStartedAt(sqlDesc()), scan.ByID(sqlDesc())).Limit(trendScans).All(ctx)
	if err != nil {
		return ui.Trend{}, err
	}
	slices.Reverse(ss) // oldest first
	return layoutTrend(ss, 420, 140, trendTargets), nil
}

// layoutTrend draws scans (oldest first) on a width x height chart with at
// most maxSeries lines: the targets scanned most recently; the others are
// counted in Hidden.
func layoutTrend(ss []*ent.Scan, width, height, maxSeries int) ui.Trend {
	t := ui.Trend{Width: width, Height: height}
	most := 1
	for _, sc := range ss {
		most = max(most, sc.Findings)
	}
	t.MaxLabel = fmt.Sprint(most)
	index := map[string]int{} // series key -> position in t.Series
	var order []string        // keys, most recently scanned first
	for i := len(ss) - 1; i >= 0; i-- {
		if k := trendKey(ss[i]); !slices.Contains(order, k) {
			order = append(order, k)
		}
	}
	for i, k := range order {
		if i == maxSeries {
			t.Hidden = len(order) - maxSeries
			break
		}
		index[k] = i
		t.Series = append(t.Series, ui.Series{Name: k, Class: fmt.Sprintf("s%d", i)})
	}
	n := len(ss)
	for i, sc := range ss {
		at, ok := index[trendKey(sc)]
		if !ok {
			continue
		}
		x := 40
		if n > 1 {
			x = 40 + i*(width-60)/(n-1)
		}
		y := 10 + (height-30)*(most-sc.Findings)/most
		se := &t.Series[at]
		se.Dots = append(se.Dots, ui.Dot{X: x, Y: y, Label: fmt.Sprintf("%s %s: %d open findings", stamp(sc.StartedAt), se.Name, sc.Findings)})
		se.Points += fmt.Sprintf("%d,%d ", x, y)
		se.Latest = fmt.Sprintf("%d open findings", sc.Findings)
	}
	return t
}

// trendKey names a scan target on the chart: platform and target.
func trendKey(sc *ent.Scan) string { return string(sc.Platform) + " " + sc.Target }

// worst returns the five most severe open findings.
func (s *server) worst(ctx context.Context) ([]ui.WorstItem, error) {
	fs, err := s.client.Finding.Query().Where(finding.StatusEQ(finding.StatusOPEN)).
		Order(bySeverity(), finding.ByID()).Limit(5).WithRepository().WithCredential().All(ctx)
	if err != nil {
		return nil, err
	}
	var out []ui.WorstItem
	for _, f := range fs {
		it := ui.WorstItem{Severity: string(f.Severity), Title: f.Title, URL: "/findings?q=" + f.Rule}
		switch {
		case f.Edges.Credential != nil:
			it.URL, it.Sub = credentialURL(f.Edges.Credential.ID), f.Rule
		case f.Edges.Repository != nil:
			it.URL, it.Sub = repositoryURL(f.Edges.Repository.ID), f.Rule
		}
		if f.Edges.Repository != nil {
			it.Sub = f.Edges.Repository.FullName + " · " + f.Rule
		}
		out = append(out, it)
	}
	return out, nil
}

// maxScored bounds how many over-scoped credentials the overview ranks.
const maxScored = 5000

// mostOverScoped ranks over-scoped credentials by the stages they reach
// without need, then by their reasons, and returns the top five.
func (s *server) mostOverScoped(ctx context.Context) ([]ui.WorstItem, error) {
	cs, err := s.client.Credential.Query().Where(credential.OverScoped(true)).Order(credential.ByID()).Limit(maxScored).
		Select(credential.FieldName, credential.FieldKind, credential.FieldNeededBy, credential.FieldExposedTo, credential.FieldOverScopeReasons).
		All(ctx)
	if err != nil {
		return nil, err
	}
	type scored struct {
		c     *ent.Credential
		extra []string
	}
	var ss []scored
	for _, c := range cs {
		var extra []string
		for _, st := range c.ExposedTo {
			if !slices.Contains(c.NeededBy, st) {
				extra = append(extra, st)
			}
		}
		ss = append(ss, scored{c, extra})
	}
	slices.SortStableFunc(ss, func(a, b scored) int {
		if d := len(b.extra) - len(a.extra); d != 0 {
			return d
		}
		return len(b.c.OverScopeReasons) - len(a.c.OverScopeReasons)
	})
	var out []ui.WorstItem
	for _, x := range ss[:min(5, len(ss))] {
		sub := string(x.c.Kind)
		if len(x.extra) > 0 {
			sub += " · reaches " + strings.Join(x.extra, ", ") + " without need"
		}
		out = append(out, ui.WorstItem{Title: x.c.Name, URL: credentialURL(x.c.ID), Sub: sub})
	}
	return out, nil
}

// sharePct is part of total in percent, rounded, but never 0 when part is
// not (one over-scoped credential in a thousand is not "0%") nor 100 when it
// is not all.
func sharePct(part, total int) int {
	if total <= 0 {
		return 0
	}
	pct := (part*100 + total/2) / total
	switch {
	case part > 0 && pct == 0:
		return 1
	case part < total && pct == 100:
		return 99
	}
	return pct
}
