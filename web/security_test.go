package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/ent/apitoken"
	"github.com/privgraph/privgraph/graph"
	"github.com/privgraph/privgraph/graph/graphtest"
	"github.com/privgraph/privgraph/migrations/migratetest"
	"github.com/privgraph/privgraph/web"
)

// clock is a settable time source for a server under test.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// jarClient is a cookie-keeping client that does not follow redirects.
func jarClient() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// signIn fetches /login?next=… and posts the form with token and next; it
// returns the answer to the POST.
func signIn(t *testing.T, br *http.Client, base, token, next string) *http.Response {
	t.Helper()
	resp, err := br.Get(base + "/login?next=" + url.QueryEscape(next))
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := goquery.NewDocumentFromReader(resp.Body)
	resp.Body.Close()
	csrf, _ := doc.Find(`[data-testid="login-form"] input[name="csrf"]`).Attr("value")
	if csrf == "" {
		t.Fatalf("the sign-in form (%d) carries no CSRF token", resp.StatusCode)
	}
	resp, err = br.PostForm(base+"/login", url.Values{"csrf": {csrf}, "next": {next}, "token": {token}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

func status(t *testing.T, br *http.Client, u string) (int, string) {
	t.Helper()
	resp, err := br.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, resp.Header.Get("Location")
}

// TestSessionFollowsToken: a browser session lasts only as long as the token
// it was opened with: revoking the token, or its expiry, signs the browser
// out on its next request (a session used to live on for 12 hours).
func TestSessionFollowsToken(t *testing.T) {
	c := migratetest.Open(t)
	graphtest.Seed(t, c, 0)
	ctx := context.Background()
	clk := &clock{t: graphtest.Now}
	srv := httptest.NewServer(web.New(web.Options{Client: c, Logger: slog.New(slog.NewTextHandler(t.Output(), nil)),
		RequireAuth: true, Now: clk.now}))
	defer srv.Close()

	revoked, err := web.CreateToken(ctx, c, "leaver", graph.RoleTriager, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	expiring, _ := web.CreateToken(ctx, c, "contractor", graph.RoleReader, graphtest.Now.Add(time.Hour))

	br := jarClient()
	if resp := signIn(t, br, srv.URL, revoked.Plain.Expose(), "/credentials"); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in = %d", resp.StatusCode)
	}
	if code, _ := status(t, br, srv.URL+"/credentials"); code != http.StatusOK {
		t.Fatalf("signed-in GET /credentials = %d", code)
	}
	c.ApiToken.UpdateOneID(revoked.Row.ID).SetRevoked(true).ExecX(ctx)
	if code, loc := status(t, br, srv.URL+"/credentials"); code != http.StatusSeeOther || !strings.HasPrefix(loc, "/login") {
		t.Errorf("GET /credentials after the token was revoked = %d → %q; want the sign-in page", code, loc)
	}
	// Reinstating the token does not revive the ended session.
	c.ApiToken.UpdateOneID(revoked.Row.ID).SetRevoked(false).ExecX(ctx)
	if code, _ := status(t, br, srv.URL+"/credentials"); code == http.StatusOK {
		t.Error("the session came back when the token was reinstated")
	}

	br = jarClient()
	signIn(t, br, srv.URL, expiring.Plain.Expose(), "/")
	if code, _ := status(t, br, srv.URL+"/findings"); code != http.StatusOK {
		t.Fatalf("signed-in GET /findings = %d", code)
	}
	clk.add(time.Hour + time.Second) // the token expired; the session (12 h) has not
	if code, loc := status(t, br, srv.URL+"/findings"); code != http.StatusSeeOther || !strings.HasPrefix(loc, "/login") {
		t.Errorf("GET /findings after the token expired = %d → %q; want the sign-in page", code, loc)
	}
}

// TestSessionRoleFollowsToken: a session acts with the token's current role.
func TestSessionRoleFollowsToken(t *testing.T) {
	c := migratetest.Open(t)
	graphtest.Seed(t, c, 0)
	ctx := context.Background()
	srv := httptest.NewServer(newServer(t, c, true))
	defer srv.Close()
	tok, _ := web.CreateToken(ctx, c, "ops", graph.RoleAdmin, time.Time{})
	br := jarClient()
	signIn(t, br, srv.URL, tok.Plain.Expose(), "/")
	if code, _ := status(t, br, srv.URL+"/audit"); code != http.StatusOK {
		t.Fatalf("admin GET /audit = %d", code)
	}
	c.ApiToken.UpdateOneID(tok.Row.ID).SetRole(apitoken.Role(graph.RoleReader)).ExecX(ctx)
	if code, _ := status(t, br, srv.URL+"/audit"); code != http.StatusForbidden {
		t.Errorf("GET /audit after the token became a reader's = %d, want 403", code)
	}
}

// TestLoginRedirectStaysOnSite: the sign-in form's next= never sends the
// browser to another site, however the URL is disguised.
func TestLoginRedirectStaysOnSite(t *testing.T) {
	c := migratetest.Open(t)
	graphtest.Seed(t, c, 0)
	srv := httptest.NewServer(newServer(t, c, true))
	defer srv.Close()
	tok, _ := web.CreateToken(context.Background(), c, "alice", graph.RoleReader, time.Time{})
	for _, next := range []string{
		"https://evil.example/", "//evil.example/", "/\\evil.example/",
		"/\t/evil.example/", "/\n/evil.example/", "/\r/evil.example/", "\t//evil.example/",
		"/\t\\evil.example/", "/\\\\evil.example/",
	} {
		resp := signIn(t, jarClient(), srv.URL, tok.Plain.Expose(), next)
		loc := resp.Header.Get("Location")
		u, err := url.Parse(strings.Map(func(r rune) rune {
			if r == '\t' || r == '\n' || r == '\r' {
				return -1 // as a browser reads a Location
			}
			if r == '\\' {
				return '/'
			}
			return r
		}, loc))
		if resp.StatusCode != http.StatusSeeOther || err != nil || u.Host != "" || u.Scheme != "" {
			t.Errorf("sign-in with next=%q = %d → %q: leaves the site", next, resp.StatusCode, loc)
		}
	}
	// A local path is kept.
	if loc := signIn(t, jarClient(), srv.URL, tok.Plain.Expose(), "/findings?severity=HIGH").Header.Get("Location"); loc != "/findings?severity=HIGH" {
		t.Errorf("sign-in with a local next = %q", loc)
	}
}

// TestTokenCheckFailureHidesDetails: when the token cannot be checked (the
// database failed), the answer says so without the database's error.
func TestTokenCheckFailureHidesDetails(t *testing.T) {
	c := migratetest.Open(t)
	srv := httptest.NewServer(newServer(t, c, true))
	defer srv.Close()
	var cl *ent.Client = c
	cl.Close()
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/graphql", strings.NewReader(`{"query":"{jobs{totalCount}}"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer pgt_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusInternalServerError || strings.Contains(strings.ToLower(string(b)), "sql") ||
		strings.Contains(string(b), "look up token") {
		t.Errorf("token check on a closed database = %d %s", resp.StatusCode, b)
	}
}

// TestCookiesSecureBehindTLS: behind a TLS-terminating proxy (serve speaks
// plain HTTP), the session cookie is still marked Secure, so that a
// browser never sends it over plain HTTP.
func TestCookiesSecureBehindTLS(t *testing.T) {
	c := migratetest.Open(t)
	h := newServer(t, c, true)
	tok, _ := web.CreateToken(context.Background(), c, "alice", graph.RoleReader, time.Time{})
	do := func(req *http.Request) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	for _, proto := range []string{"https", ""} {
		req := httptest.NewRequest(http.MethodGet, "http://privgraph.example/login", nil)
		if proto != "" {
			req.Header.Set("X-Forwarded-Proto", proto)
		}
		rec := do(req)
		doc, _ := goquery.NewDocumentFromReader(rec.Body)
		csrf, _ := doc.Find(`[data-testid="login-form"] input[name="csrf"]`).Attr("value")
		form := url.Values{"csrf": {csrf}, "token": {tok.Plain.Expose()}, "next": {"/"}}
		req = httptest.NewRequest(http.MethodPost, "http://privgraph.example/login", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if proto != "" {
			req.Header.Set("X-Forwarded-Proto", proto)
		}
		for _, ck := range rec.Result().Cookies() {
			req.AddCookie(ck)
		}
		rec = do(req)
		var session *http.Cookie
		for _, ck := range rec.Result().Cookies() {
			if ck.Name == "privgraph_session" {
				session = ck
			}
		}
		if rec.Code != http.StatusSeeOther || session == nil {
			t.Fatalf("sign-in (proto %q) = %d, no session cookie", proto, rec.Code)
		}
		if want := proto == "https"; session.Secure != want || !session.HttpOnly || session.SameSite != http.SameSiteStrictMode {
			t.Errorf("proto %q: session cookie Secure=%t HttpOnly=%t SameSite=%v; want Secure=%t, HttpOnly, Strict",
				proto, session.Secure, session.HttpOnly, session.SameSite, want)
		}
	}
}
