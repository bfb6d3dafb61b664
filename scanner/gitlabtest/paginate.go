package gitlabtest

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// paginate answers one page of list, with GitLab's offset headers (X-Page,
// X-Per-Page, X-Next-Page, X-Prev-Page, X-Total, X-Total-Pages — the totals
// omitted above NoTotalsAbove rows — and Link), or keyset headers (Link
// only) when the request asks for pagination=keyset or the fixture says so.
func (h *Handler) paginate(w http.ResponseWriter, r *http.Request, escaped string, list []any) []any {
	q := r.URL.Query()
	per, _ := strconv.Atoi(q.Get("per_page"))
	if per <= 0 {
		per = 20
	}
	per = min(per, 100)
	if h.fx.Keyset || q.Get("pagination") == "keyset" {
		return h.keysetPage(w, r, escaped, list, per)
	}
	page, _ := strconv.Atoi(q.Get("page"))
	page = max(page, 1)
	total := len(list)
	pages := max((total+per-1)/per, 1)
	start := min((page-1)*per, total)
	end := min(start+per, total)
	hdr := w.Header()
	hdr.Set("X-Page", strconv.Itoa(page))
	hdr.Set("X-Per-Page", strconv.Itoa(per))
	hdr.Set("X-Prev-Page", "")
	if page > 1 {
		hdr.Set("X-Prev-Page", strconv.Itoa(page-1))
	}
	hdr.Set("X-Next-Page", "")
	limit := h.fx.NoTotalsAbove
	if limit <= 0 {
		limit = 10000
	}
	withTotals := total <= limit
	if withTotals {
		hdr.Set("X-Total", strconv.Itoa(total))
		hdr.Set("X-Total-Pages", strconv.Itoa(pages))
	}
	var links []string
	link := func(p int, rel string) {
		u := pageURL(r, escaped, q, map[string]string{"page": strconv.Itoa(p), "per_page": strconv.Itoa(per)})
		links = append(links, fmt.Sprintf("<%s>; rel=%q", u, rel))
	}
	if page > 1 {
		link(page-1, "prev")
	}
	if end < total {
		hdr.Set("X-Next-Page", strconv.Itoa(page+1))
		link(page+1, "next")
	}
	link(1, "first")
	if withTotals {
		link(pages, "last")
	}
	hdr.Set("Link", strings.Join(links, ", "))
	return list[start:end]
}

// keysetPage pages with an opaque cursor, as GitLab's keyset pagination
// does: no X-Page or totals, only a Link rel="next" while more remain.
func (h *Handler) keysetPage(w http.ResponseWriter, r *http.Request, escaped string, list []any, per int) []any {
	q := r.URL.Query()
	start := 0
	if c := q.Get("cursor"); c != "" {
		b, err := base64.RawURLEncoding.DecodeString(c)
		if n, err2 := strconv.Atoi(strings.TrimPrefix(string(b), "pos:")); err == nil && err2 == nil {
			start = min(max(n, 0), len(list))
		}
	}
	end := min(start+per, len(list))
	if end < len(list) {
		cursor := base64.RawURLEncoding.EncodeToString([]byte("pos:" + strconv.Itoa(end)))
		u := pageURL(r, escaped, q, map[string]string{"cursor": cursor, "pagination": "keyset", "per_page": strconv.Itoa(per)})
		w.Header().Set("Link", fmt.Sprintf("<%s>; rel=\"next\"", u))
	}
	return list[start:end]
}

func pageURL(r *http.Request, escaped string, q url.Values, set map[string]string) string {
	nq := url.Values{}
	for k, v := range q {
		nq[k] = v
	}
	for k, v := range set {
		nq.Set(k, v)
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host + strings.TrimSuffix(Prefix, "/") + escaped + "?" + nq.Encode()
}
