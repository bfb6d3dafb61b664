package web

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"

	"github.com/a-h/templ"

	"github.com/privgraph/privgraph/graph"
	"github.com/privgraph/privgraph/web/ui"
)

// pageSize is the number of rows a list page shows.
const pageSize = 50

// page returns the layout's view model for the request.
func (s *server) page(r *http.Request, title, nav string) ui.Page {
	p := ui.Page{Title: title, Nav: nav, AuthOn: s.auth, CSRF: s.csrfToken(r)}
	if c, ok := graph.CallerFrom(r.Context()); ok {
		p.User, p.Role = c.Name, string(c.Role)
		p.CanTriage = c.Role.Includes(graph.RoleTriager)
		p.IsAdmin = c.Role.Includes(graph.RoleAdmin)
	}
	return p
}

// render writes c with status 200, buffered: a failed render becomes a clean
// error page, never half a page.
func (s *server) render(w http.ResponseWriter, r *http.Request, c templ.Component) {
	s.renderStatus(w, r, http.StatusOK, c)
}

func (s *server) renderStatus(w http.ResponseWriter, r *http.Request, status int, c templ.Component) {
	var buf bytes.Buffer
	if err := c.Render(r.Context(), &buf); err != nil {
		s.log.ErrorContext(r.Context(), "render page", "err", err, "path", r.URL.Path, "request_id", requestID(r.Context()))
		if status != http.StatusInternalServerError {
			s.fail(w, r, http.StatusInternalServerError, "The page could not be drawn; the details are in the server log.")
		} else {
			http.Error(w, "internal error", http.StatusInternalServerError)
		}
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// pathID reads the {id} of a route.
func pathID(r *http.Request) (int, bool) {
	id, err := strconv.Atoi(r.PathValue("id"))
	return id, err == nil && id > 0
}

// offset reads ?page= (1-based) as a row offset.
func offset(r *http.Request) (int, int) {
	p, err := strconv.Atoi(r.URL.Query().Get("page"))
	if err != nil || p < 1 || p > 100_000 {
		p = 1
	}
	return p, (p - 1) * pageSize
}

// pager links the neighbouring pages, keeping the other query parameters.
func pager(r *http.Request, page, total, shown int) ui.Pager {
	if total == 0 {
		return ui.Pager{}
	}
	from := (page-1)*pageSize + 1
	p := ui.Pager{From: from, To: from + shown - 1, Total: total}
	link := func(n int) string {
		q := r.URL.Query()
		q.Set("page", strconv.Itoa(n))
		return r.URL.Path + "?" + q.Encode()
	}
	if page > 1 {
		p.Prev = link(page - 1)
	}
	if p.To < total {
		p.Next = link(page + 1)
	}
	if shown == 0 {
		p.From, p.To = 0, 0
	}
	return p
}

// Route helpers: every URL a page links to is built here.
func credentialURL(id int) string { return "/credentials/" + strconv.Itoa(id) }
func repositoryURL(id int) string { return "/repositories/" + strconv.Itoa(id) }
func scanURL(id int) string       { return "/scans/" + strconv.Itoa(id) }
func teamURL(slug string) string  { return "/teams/" + url.PathEscape(slug) }
func findingsOfRepo(name string) string {
	return "/findings?" + url.Values{"repository": {name}}.Encode()
}
