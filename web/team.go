package web

import (
	"bytes"
	"fmt"
	"net/http"
	"regexp"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/ent/finding"
	"github.com/privgraph/privgraph/ent/predicate"
	"github.com/privgraph/privgraph/ent/repository"
	"github.com/privgraph/privgraph/ent/team"
	"github.com/privgraph/privgraph/graph"
	"github.com/privgraph/privgraph/scanner/analysis"
	"github.com/privgraph/privgraph/web/ui"
)

// teamFindings are the findings on a team's checklist: open or accepted,
// about the repositories it owns (owned, from graph.RepoOfTeam).
func teamFindings(c *ent.Client, owned predicate.Repository) *ent.FindingQuery {
	return c.Finding.Query().Where(graph.FindingInRepo(owned),
		finding.StatusIn(finding.StatusOPEN, finding.StatusACCEPTED))
}

func (s *server) handleTeam(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	t, err := s.client.Team.Query().Where(team.Slug(r.PathValue("slug"))).First(ctx)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	v := ui.TeamView{Page: s.page(r, t.Name+" checklist", ""), Name: t.Name, Slug: t.Slug,
		Markdown: teamURL(t.Slug) + "/checklist.md", Next: r.URL.RequestURI()}
	// The repositories it owns, as its checklist and export count them: not
	// those it can only read.
	owned, err := graph.RepoOfTeam(ctx, s.client, t.Slug)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	rs, err := s.client.Repository.Query().Where(owned).Order(repository.ByFullName()).Limit(100).All(ctx)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	for _, rp := range rs {
		v.Repositories = append(v.Repositories, ui.Link{Text: rp.FullName, URL: repositoryURL(rp.ID)})
	}
	counts := []struct {
		n *int
		q *ent.FindingQuery
	}{
		{&v.Open, teamFindings(s.client, owned).Where(finding.StatusEQ(finding.StatusOPEN), finding.Done(false))},
		{&v.Done, teamFindings(s.client, owned).Where(finding.Done(true))},
		{&v.Accepted, teamFindings(s.client, owned).Where(finding.StatusEQ(finding.StatusACCEPTED))},
	}
	for _, c := range counts {
		if *c.n, err = c.q.Count(ctx); err != nil {
			s.failErr(w, r, err)
			return
		}
	}
	page, off := offset(r)
	fs, err := teamFindings(s.client, owned).Order(finding.ByDone(), byStatus(), bySeverity(), finding.ByID()).
		Offset(off).Limit(pageSize).WithRepository().WithCredential().All(ctx)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	total, err := teamFindings(s.client, owned).Count(ctx)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	v.Items = s.findingRows(fs)
	v.Pager = pager(r, page, total, len(fs))
	s.render(w, r, ui.TeamPage(v))
}

// maxChecklist bounds the Markdown export.
const maxChecklist = 2000

var unsafeFile = regexp.MustCompile(`[^a-zA-Z0-9._-]+`)

// handleTeamChecklist exports the team's checklist as Markdown.
func (s *server) handleTeamChecklist(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	t, err := s.client.Team.Query().Where(team.Slug(r.PathValue("slug"))).First(ctx)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	title := "privgraph checklist: " + t.Name
	var buf bytes.Buffer
	items, err := analysis.Checklist(ctx, s.client, analysis.ChecklistFilter{Team: t.Slug})
	if err == nil {
		err = analysis.WriteMarkdown(&buf, title, items)
	}
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/markdown; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="checklist-%s.md"`, unsafeFile.ReplaceAllString(t.Slug, "_")))
	_, _ = w.Write(buf.Bytes())
}
