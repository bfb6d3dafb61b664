package web_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/ent/auditevent"
	"github.com/privgraph/privgraph/ent/finding"
	"github.com/privgraph/privgraph/graph"
	"github.com/privgraph/privgraph/graph/graphtest"
	"github.com/privgraph/privgraph/migrations/migratetest"
	"github.com/privgraph/privgraph/web"
)

// get fetches path from h as a loopback browser and parses the HTML.
func get(t *testing.T, h http.Handler, path string) (*httptest.ResponseRecorder, *goquery.Document) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, "http://127.0.0.1:8080"+path, nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(rec.Body.String()))
	if err != nil {
		t.Fatalf("parse %s: %v", path, err)
	}
	return rec, doc
}

func newServer(t *testing.T, c *ent.Client, auth bool) http.Handler {
	t.Helper()
	return web.New(web.Options{Client: c, Logger: slog.New(slog.NewTextHandler(t.Output(), nil)), RequireAuth: auth,
		Now: func() time.Time { return graphtest.Now }})
}

func TestPagesEmpty(t *testing.T) {
	h := newServer(t, migratetest.Open(t), false)
	for _, path := range []string{"/", "/credentials", "/repositories", "/identities", "/findings", "/scans"} {
		t.Run(path, func(t *testing.T) {
			rec, doc := get(t, h, path)
			if rec.Code != http.StatusOK {
				t.Fatalf("GET %s = %d", path, rec.Code)
			}
			empty := doc.Find(`[data-testid="empty-state"]`)
			if empty.Length() != 1 || !strings.Contains(empty.Text(), "privgraph scan") {
				t.Errorf("GET %s: empty state = %q, want one that says which scan to run", path, empty.Text())
			}
			if doc.Find(`[data-testid="nav"] a`).Length() < 7 {
				t.Errorf("GET %s: navigation missing", path)
			}
		})
	}
	for _, path := range []string{"/credentials/1", "/repositories/1", "/scans/1", "/teams/nobody", "/nowhere", "/credentials/x"} {
		if rec, doc := get(t, h, path); rec.Code != http.StatusNotFound || doc.Find(`[data-testid="error"]`).Length() != 1 {
			t.Errorf("GET %s = %d, want 404 with an error page", path, rec.Code)
		}
	}
	if rec, doc := get(t, h, "/graphql"); rec.Code != http.StatusOK || doc.Find(`[data-testid="graphql-form"]`).Length() != 1 {
		t.Errorf("GET /graphql = %d, want the console", rec.Code)
	}
}

func TestPagesPopulated(t *testing.T) {
	migratetest.Each(t, func(t *testing.T, db migratetest.DB) { testPagesPopulated(t, db.Client) })
}

func testPagesPopulated(t *testing.T, c *ent.Client) {
	inv := graphtest.Seed(t, c, 60)
	h := newServer(t, c, false)
	tests := []struct {
		path   string
		checks map[string]int // selector -> minimum count (0: must be absent)
	}{
		{"/", map[string]int{`[data-testid="counts"] .card`: 4, `[data-testid="worst"] li`: 5, `[data-testid="trend"] circle`: 2,
			`[data-testid="findings-by-severity"] li`: 3, `[data-testid="credentials-by-kind"] li`: 2, `[data-testid="credentials-by-scope"] li`: 2,
			`[data-testid="jobs-by-stage"] li`: 3, `[data-testid="most-over-scoped"] li`: 5, `[data-testid="over-scoped-share"]`: 1, `[data-testid="teams"] a`: 2, `[data-testid="empty-state"]`: 0}},
		{"/credentials", map[string]int{`[data-testid="credential-row"]`: 50, `[data-testid="matrix"]`: 50, `[data-testid="pager-next"]`: 1}},
		{"/credentials?over=1&stage=DEPLOY&q=npm", map[string]int{`[data-testid="credential-row"]`: 1}},
		{"/credentials?page=2", map[string]int{`[data-testid="credential-row"]`: 13}},
		{fmt.Sprintf("/credentials/%d", inv.AWSKey.ID), map[string]int{`[data-testid="exposure-matrix"] td.unneeded`: 2,
			`[data-testid="exposure-matrix"] td.needed`: 1, `[data-testid="credential-picture"] .job.unneeded`: 5,
			`[data-testid="credential-picture"] .job.needed`: 1, `[data-testid="usage-row"]`: 61, `[data-testid="over-scope-reasons"] li`: 2,
			`[data-testid="finding-row"]`: 1, `[data-testid="change-row"]`: 2, `[data-testid="credential-teams"] a`: 4}},
		{"/repositories", map[string]int{`[data-testid="repository-row"]`: 50, `[data-testid="pager-next"]`: 1}},
		{"/repositories?team=payments&q=payments", map[string]int{`[data-testid="repository-row"]`: 1}},
		{fmt.Sprintf("/repositories/%d", inv.Repo.ID), map[string]int{`[data-testid="pipeline"]`: 1, `[data-testid="job-row"]`: 3,
			`[data-testid="stage-chip"]`: 3, `[data-testid="job-credential"]`: 3, `[data-testid="excess-permissions"]`: 3,
			`[data-testid="protection"] li`: 1, `[data-testid="codeowners"] li`: 1, `[data-testid="environments"] li`: 1, `[data-testid="finding-row"]`: 2}},
		{"/identities", map[string]int{`[data-testid="identity-row"]`: 1}},
		{"/findings", map[string]int{`[data-testid="finding-row"]`: 50, `[data-testid="triage"]`: 50, `[data-testid="pager-next"]`: 1}},
		{"/findings?severity=CRITICAL", map[string]int{`[data-testid="finding-row"]`: 1}},
		{"/findings?status=ACCEPTED", map[string]int{`[data-testid="accepted"]`: 1}},
		{"/findings?rule=secrets-inherit&team=payments", map[string]int{`[data-testid="finding-row"]`: 30}},
		{"/teams/payments", map[string]int{`[data-testid="finding-row"]`: 33, `[data-testid="team-repositories"] a`: 31, `[data-testid="export-markdown"]`: 1}},
		{"/scans", map[string]int{`[data-testid="scan-row"]`: 2}},
		{fmt.Sprintf("/scans/%d", inv.LatestScan.ID), map[string]int{`[data-testid="gaps"] li`: 1, `[data-testid="change-row"]`: 3}},
		{fmt.Sprintf("/scans/%d", inv.PreviousScan.ID), map[string]int{`[data-testid="no-gaps"]`: 1, `[data-testid="change-row"]`: 1}},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			rec, doc := get(t, h, tc.path)
			if rec.Code != http.StatusOK {
				t.Fatalf("GET %s = %d", tc.path, rec.Code)
			}
			for sel, want := range tc.checks {
				got := doc.Find(sel).Length()
				if (want == 0 && got != 0) || got < want || (strings.HasSuffix(sel, `-row"]`) && got > 100) {
					t.Errorf("GET %s: %d × %s, want %d", tc.path, got, sel, want)
				}
			}
		})
	}
}

func TestMostOverScoped(t *testing.T) {
	c := migratetest.Open(t)
	graphtest.Seed(t, c, 5)
	_, doc := get(t, newServer(t, c, false), "/")
	if got := doc.Find(`[data-testid="most-over-scoped"] li a`).First().Text(); got != "AWS_ACCESS_KEY_ID" {
		t.Errorf("most over-scoped credential = %q, want AWS_ACCESS_KEY_ID", got)
	}
}

func TestHostileInputEscaped(t *testing.T) {
	c := migratetest.Open(t)
	inv := graphtest.Seed(t, c, 0)
	h := newServer(t, c, false)
	for _, path := range []string{"/", "/repositories", fmt.Sprintf("/repositories/%d", inv.HostileRepo.ID), "/findings", "/scans",
		fmt.Sprintf("/scans/%d", inv.LatestScan.ID), fmt.Sprintf("/credentials/%d", inv.AWSKey.ID)} {
		rec, doc := get(t, h, path)
		if rec.Code != http.StatusOK {
			t.Fatalf("GET %s = %d", path, rec.Code)
		}
		body := rec.Body.String()
		if strings.Contains(body, "<script") || strings.Contains(body, "<img") || strings.Contains(body, "<b>") {
			t.Errorf("GET %s: hostile markup reached the page unescaped", path)
		}
		if doc.Find("script, img, [onerror]").Length() != 0 {
			t.Errorf("GET %s: the page has script or img elements", path)
		}
	}
	_, doc := get(t, h, fmt.Sprintf("/repositories/%d", inv.HostileRepo.ID))
	if got := doc.Find(`[data-testid="repository-name"]`).Text(); got != graphtest.Hostile {
		t.Errorf("hostile repository name shown as %q, want it verbatim as text", got)
	}
}

func TestSecurityHeaders(t *testing.T) {
	h := newServer(t, migratetest.Open(t), false)
	rec, _ := get(t, h, "/")
	want := map[string]string{
		"X-Content-Type-Options": "nosniff",
		"Referrer-Policy":        "no-referrer",
		"X-Frame-Options":        "DENY",
	}
	for k, v := range want {
		if got := rec.Header().Get(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	csp := rec.Header().Get("Content-Security-Policy")
	for _, part := range []string{"script-src 'self'", "style-src 'self'", "frame-ancestors 'none'"} {
		if !strings.Contains(csp, part) {
			t.Errorf("CSP %q lacks %q", csp, part)
		}
	}
	if strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP allows inline code: %q", csp)
	}
	rec, _ = get(t, h, "/static/style.css")
	if rec.Code != http.StatusOK || !strings.Contains(rec.Header().Get("Content-Type"), "text/css") {
		t.Errorf("GET /static/style.css = %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
	// DNS rebinding: a loopback server answers only to loopback names.
	req := httptest.NewRequest(http.MethodGet, "http://evil.example/", nil)
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusMisdirectedRequest {
		t.Errorf("GET with Host evil.example = %d, want 421", rec.Code)
	}
}

// TestTriageForms triages through the forms: CSRF token required, the
// decision recorded, audited, and visible on the team checklist.
func TestTriageForms(t *testing.T) {
	c := migratetest.Open(t)
	inv := graphtest.Seed(t, c, 0)
	srv := httptest.NewServer(newServer(t, c, false))
	defer srv.Close()
	jar, _ := cookiejar.New(nil)
	cl := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

	doc := fetch(t, cl, srv.URL+"/teams/payments")
	form := doc.Find(fmt.Sprintf(`#finding-%d [data-testid="accept-form"]`, inv.Finding.ID))
	csrf, _ := form.Find(`input[name="csrf"]`).Attr("value")
	if csrf == "" {
		t.Fatal("the accept form carries no CSRF token")
	}
	post := func(path string, v url.Values) *http.Response {
		resp, err := cl.PostForm(srv.URL+path, v)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	accept := url.Values{"status": {"ACCEPTED"}, "reason": {"only runs on tags"}, "until": {"2027-01-31"}, "next": {"/teams/payments"}}
	if resp := post(fmt.Sprintf("/findings/%d/triage", inv.Finding.ID), accept); resp.StatusCode != http.StatusForbidden {
		t.Errorf("triage without CSRF token = %d, want 403", resp.StatusCode)
	}
	accept.Set("csrf", csrf)
	resp := post(fmt.Sprintf("/findings/%d/triage", inv.Finding.ID), accept)
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/teams/payments#finding-") {
		t.Fatalf("triage = %d → %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	f := c.Finding.GetX(context.Background(), inv.Finding.ID)
	if f.Status != finding.StatusACCEPTED || f.AcceptedReason != "only runs on tags" || f.AcceptedBy != "local" {
		t.Errorf("finding after triage = %s %q by %q", f.Status, f.AcceptedReason, f.AcceptedBy)
	}
	noReason := url.Values{"csrf": {csrf}, "status": {"ACCEPTED"}, "until": {"2027-01-31"}}
	if resp := post(fmt.Sprintf("/findings/%d/triage", inv.InheritFind.ID), noReason); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("accept without reason = %d, want 400", resp.StatusCode)
	}
	if resp := post(fmt.Sprintf("/findings/%d/done", inv.InheritFind.ID), url.Values{"csrf": {csrf}, "done": {"1"}, "next": {"https://evil.example/"}}); resp.Header.Get("Location") != fmt.Sprintf("/#finding-%d", inv.InheritFind.ID) {
		t.Errorf("done redirect = %q, want a local path", resp.Header.Get("Location"))
	}
	doc = fetch(t, cl, srv.URL+"/teams/payments")
	if got := doc.Find(fmt.Sprintf(`#finding-%d [data-testid="accepted"]`, inv.Finding.ID)).Text(); !strings.Contains(got, "only runs on tags") {
		t.Errorf("checklist shows %q for the accepted finding", got)
	}
	n := c.AuditEvent.Query().Where(auditevent.ActionIn("triageFinding", "markFindingDone")).CountX(context.Background())
	if n != 2 {
		t.Errorf("audit events = %d, want 2", n)
	}
	md := fetchText(t, cl, srv.URL+"/teams/payments/checklist.md")
	if !strings.Contains(md, "# privgraph checklist: Payments") || !strings.Contains(md, "static-cloud-credential") {
		t.Errorf("checklist.md = %q", md)
	}
}

func fetch(t *testing.T, cl *http.Client, u string) *goquery.Document {
	t.Helper()
	resp, err := cl.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s = %d", u, resp.StatusCode)
	}
	doc, err := goquery.NewDocumentFromReader(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func fetchText(t *testing.T, cl *http.Client, u string) string {
	t.Helper()
	resp, err := cl.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

func TestAccessControl(t *testing.T) {
	c := migratetest.Open(t)
	inv := graphtest.Seed(t, c, 0)
	ctx := context.Background()
	reader, err := web.CreateToken(ctx, c, "dashboards", graph.RoleReader, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	triager, _ := web.CreateToken(ctx, c, "alice", graph.RoleTriager, graphtest.Now.Add(time.Hour))
	expired, _ := web.CreateToken(ctx, c, "old", graph.RoleAdmin, graphtest.Now.Add(-time.Hour))
	if s := fmt.Sprintf("%v %+v %#v", reader.Plain, reader.Plain, reader.Plain); strings.Contains(s, "pgt_") {
		t.Errorf("a token printed itself: %s", s)
	}
	stored := c.ApiToken.GetX(ctx, reader.Row.ID)
	if stored.TokenHash == reader.Plain.Expose() || stored.TokenHash != web.HashToken(reader.Plain.Expose()) {
		t.Error("the token is not stored as its SHA-256")
	}
	srv := httptest.NewServer(newServer(t, c, true))
	defer srv.Close()

	api := func(token, query string) (int, string) {
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/graphql", strings.NewReader(fmt.Sprintf(`{"query": %q}`, query)))
		req.Header.Set("Content-Type", "application/json")
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	mutation := fmt.Sprintf(`mutation { triageFinding(id: %d, status: OPEN) { status } }`, inv.Finding.ID)
	tests := []struct {
		name, token, query string
		status             int
		contains           string
	}{
		{"no token", "", `{jobs{totalCount}}`, 401, "privgraph token create"},
		{"wrong token", "pgt_nope", `{jobs{totalCount}}`, 401, "UNAUTHENTICATED"},
		{"expired token", expired.Plain.Expose(), `{jobs{totalCount}}`, 401, "expired"},
		{"reader reads", reader.Plain.Expose(), `{jobs{totalCount}}`, 200, `"totalCount":9`},
		{"reader mutates", reader.Plain.Expose(), mutation, 200, "FORBIDDEN"},
		{"triager mutates", triager.Plain.Expose(), mutation, 200, `"status":"OPEN"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, body := api(tc.token, tc.query)
			if status != tc.status || !strings.Contains(body, tc.contains) {
				t.Errorf("status %d body %s; want %d containing %q", status, body, tc.status, tc.contains)
			}
		})
	}

	// A browser is sent to /login, signs in with a token, and gets a session cookie.
	jar, _ := cookiejar.New(nil)
	br := &http.Client{Jar: jar}
	resp, err := br.Get(srv.URL + "/credentials")
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := goquery.NewDocumentFromReader(resp.Body)
	resp.Body.Close()
	if resp.Request.URL.Path != "/login" || doc.Find(`[data-testid="login-form"]`).Length() != 1 {
		t.Fatalf("an anonymous browser landed on %s", resp.Request.URL)
	}
	csrf, _ := doc.Find(`[data-testid="login-form"] input[name="csrf"]`).Attr("value")
	next, _ := doc.Find(`[data-testid="login-form"] input[name="next"]`).Attr("value")
	resp, err = br.PostForm(srv.URL+"/login", url.Values{"csrf": {csrf}, "next": {next}, "token": {reader.Plain.Expose()}})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Request.URL.Path != "/credentials" || strings.Contains(string(body), reader.Plain.Expose()) {
		t.Fatalf("after sign-in: %d at %s", resp.StatusCode, resp.Request.URL)
	}
	u, _ := url.Parse(srv.URL)
	for _, ck := range jar.Cookies(u) {
		if ck.Name == "privgraph_session" && ck.Value == reader.Plain.Expose() {
			t.Error("the session cookie holds the token")
		}
	}
	doc, _ = goquery.NewDocumentFromReader(strings.NewReader(string(body)))
	if doc.Find(`[data-testid="triage"]`).Length() != 0 {
		t.Error("a reader sees triage forms")
	}
	if n := c.AuditEvent.Query().Where(auditevent.Action("signIn"), auditevent.Actor("dashboards")).CountX(ctx); n != 1 {
		t.Errorf("sign-in audit events = %d, want 1", n)
	}
	// A reader's triage form is refused, even with the session's CSRF token.
	token, _ := doc.Find(`form.signout input[name="csrf"]`).Attr("value")
	resp, err = br.PostForm(srv.URL+fmt.Sprintf("/findings/%d/done", inv.Finding.ID), url.Values{"csrf": {token}, "done": {"1"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if token == "" || resp.StatusCode != http.StatusForbidden {
		t.Errorf("reader ticks a finding = %d (csrf %t), want 403", resp.StatusCode, token != "")
	}
	// Readers cannot use the audit page.
	resp, _ = br.Get(srv.URL + "/audit")
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("reader GET /audit = %d, want 403", resp.StatusCode)
	}
}

func TestInternalErrorPage(t *testing.T) {
	c := migratetest.Open(t)
	h := newServer(t, c, false)
	c.Close() // every query now fails
	rec, doc := get(t, h, "/credentials")
	if rec.Code != http.StatusInternalServerError || doc.Find(`[data-testid="error"]`).Length() != 1 ||
		!strings.Contains(rec.Body.String(), "request_id=") || strings.Contains(rec.Body.String(), "sql") {
		t.Errorf("GET /credentials on a closed DB = %d:\n%s", rec.Code, rec.Body.String())
	}
}

// TestNoTokenMaterial crawls every page and the GraphQL schema for a token
// and its hash.
func TestNoTokenMaterial(t *testing.T) {
	c := migratetest.Open(t)
	inv := graphtest.Seed(t, c, 0)
	tok, err := web.CreateToken(context.Background(), c, "ci", graph.RoleAdmin, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	secrets := []string{tok.Plain.Expose(), tok.Row.TokenHash}
	h := newServer(t, c, false)
	paths := []string{"/", "/credentials", "/repositories", "/findings", "/identities", "/scans", "/audit", "/teams/payments",
		"/teams/payments/checklist.md", fmt.Sprintf("/credentials/%d", inv.AWSKey.ID), fmt.Sprintf("/repositories/%d", inv.Repo.ID),
		"/graphql?query=" + url.QueryEscape(`{__schema{types{name fields{name}}}}`)}
	for _, p := range paths {
		rec, _ := get(t, h, p)
		for _, s := range secrets {
			if strings.Contains(rec.Body.String(), s) || strings.Contains(strings.ToLower(rec.Body.String()), "tokenhash") {
				t.Errorf("GET %s reveals token material", p)
			}
		}
	}
}
