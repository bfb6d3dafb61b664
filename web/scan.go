package web

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/ent/change"
	"github.com/privgraph/privgraph/ent/scan"
	"github.com/privgraph/privgraph/web/ui"
)

func (s *server) handleScans(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v := ui.ScansView{Page: s.page(r, "Scans", "scans")}
	n, err := s.client.Scan.Query().Count(ctx)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	if n == 0 {
		v.Empty = true
		s.render(w, r, ui.ScansPage(v))
		return
	}
	page, off := offset(r)
	ss, err := s.client.Scan.Query().Order(scan.ByStartedAt(sqlDesc()), scan.ByID(sqlDesc())).Offset(off).Limit(pageSize).All(ctx)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	for _, sc := range ss {
		row := scanRow(sc)
		if row.Changes, err = sc.QueryChanges().Count(ctx); err != nil {
			s.failErr(w, r, err)
			return
		}
		v.Rows = append(v.Rows, row)
	}
	v.Pager = pager(r, page, n, len(ss))
	s.render(w, r, ui.ScansPage(v))
}

func scanRow(sc *ent.Scan) ui.ScanRow {
	row := ui.ScanRow{ID: fmt.Sprint(sc.ID), URL: scanURL(sc.ID), Platform: string(sc.Platform), Target: sc.Target,
		Started: stamp(sc.StartedAt), Duration: "running", Status: string(sc.Status), Gaps: len(sc.CoverageGaps), Error: sc.Error,
		Counts:   fmt.Sprintf("%d repos, %d jobs, %d credentials", sc.Repositories, sc.Jobs, sc.Credentials),
		Requests: fmt.Sprintf("%d (%d not modified)", sc.APIRequests, sc.APINotModified)}
	if sc.FinishedAt != nil {
		row.Duration = sc.FinishedAt.Sub(sc.StartedAt).Round(time.Second).String()
	}
	return row
}

func (s *server) handleScan(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		s.handleNotFound(w, r)
		return
	}
	ctx := r.Context()
	sc, err := s.client.Scan.Get(ctx, id)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	v := ui.ScanView{Page: s.page(r, fmt.Sprintf("Scan #%d", sc.ID), "scans"), Scan: scanRow(sc), Gaps: sc.CoverageGaps}
	// A first scan of its target has no previous scan to keep parts from or
	// compare with (the same test as the ingest's: an earlier completed scan).
	earlier, err := s.client.Scan.Query().Where(scan.PlatformEQ(sc.Platform), scan.Target(sc.Target), scan.IDNEQ(sc.ID),
		scan.StatusIn(scan.StatusSUCCEEDED, scan.StatusPARTIAL),
		scan.Or(scan.StartedAtLT(sc.StartedAt), scan.And(scan.StartedAtEQ(sc.StartedAt), scan.IDLT(sc.ID)))).Exist(ctx)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	v.First = !earlier
	v.Kept, v.KeptMore = unreadSentences(sc.Target, sc.Unread, maxKept, v.First)
	v.Facts = []ui.Fact{
		fact("Started", stamp(sc.StartedAt)), fact("Took", v.Scan.Duration), fact("Recorded", v.Scan.Counts),
		fact("Pipelines", fmt.Sprint(sc.Pipelines)), fact("Usages", fmt.Sprint(sc.Usages)), fact("Open findings", fmt.Sprint(sc.Findings)),
		fact("API requests", v.Scan.Requests),
	}
	if len(sc.TokenScopes) > 0 {
		v.Facts = append(v.Facts, ui.Fact{Label: "Scan token scopes", Value: strings.Join(sc.TokenScopes, ", ")})
	}
	if sc.TokenCanWrite {
		v.Facts = append(v.Facts, ui.Fact{Label: "Scan token", Value: "holds write scopes: use a read-only token"})
	}
	page, off := offset(r)
	n, err := sc.QueryChanges().Count(ctx)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	cs, err := sc.QueryChanges().Order(change.ByEntity(), change.ByID()).Offset(off).Limit(pageSize).WithScan().All(ctx)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	v.Changes = changeRows(cs)
	v.Pager = pager(r, page, n, len(cs))
	s.render(w, r, ui.ScanPage(v))
}

// maxKept bounds the sentences about unread parts on one scan page.
const maxKept = 50

// unreadParts names, for each Scan.unread "what", the part of the inventory
// in a sentence ("credentials of demo/web-frontend were not read") and the verb
// that agrees with it.
var unreadParts = map[string]struct{ noun, verb string }{
	"repositories": {"the repository list", "was"},
	"instance":     {"instance-level credentials and runners", "were"},
	"credentials":  {"credentials", "were"},
	"environments": {"environments", "were"},
	"protections":  {"branch protections", "were"},
	"codeowners":   {"CODEOWNERS", "was"},
	"pipelines":    {"pipeline definitions", "were"},
	"teams":        {"teams", "were"},
	"identities":   {"identities", "were"},
	"runners":      {"runners", "were"},
}

// unreadSentences turns Scan.unread ("what" for the owner level,
// "what:repository" otherwise) into plain sentences, at most max of them, and
// says how many more there were. A first scan kept nothing: its sentences
// only say what was not read.
func unreadSentences(target string, unread []string, max int, first bool) (out []string, more int) {
	kept := "; what the previous scan found there was kept"
	if first {
		kept = ""
	}
	for _, u := range unread {
		if len(out) == max {
			more++
			continue
		}
		what, repo, _ := strings.Cut(u, ":")
		part, ok := unreadParts[what]
		if !ok {
			part.noun, part.verb = what, "were"
		}
		where := repo
		if where == "" {
			where = target
		}
		switch {
		case what == "instance":
			out = append(out, fmt.Sprintf("%s %s not read%s", capitalize(part.noun), part.verb, kept))
		case where == "":
			out = append(out, fmt.Sprintf("%s %s not read%s", capitalize(part.noun), part.verb, kept))
		default:
			out = append(out, fmt.Sprintf("%s of %s %s not read%s", capitalize(part.noun), where, part.verb, kept))
		}
	}
	return out, more
}

func capitalize(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
