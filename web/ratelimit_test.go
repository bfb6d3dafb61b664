package web_test

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/privgraph/privgraph/graph"
	"github.com/privgraph/privgraph/graph/graphtest"
	"github.com/privgraph/privgraph/migrations/migratetest"
	"github.com/privgraph/privgraph/web"
)

// TestLoginRateLimit checks that POST /login allows 10 attempts per minute
// and remote address, then answers 429 with a sentence and Retry-After, on
// an injected clock.
func TestLoginRateLimit(t *testing.T) {
	c := migratetest.Open(t)
	tok, err := web.CreateToken(t.Context(), c, "alice", graph.RoleReader, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	now := graphtest.Now
	h := web.New(web.Options{Client: c, Logger: slog.New(slog.NewTextHandler(t.Output(), nil)), RequireAuth: true,
		Now: func() time.Time { return now }})

	// The sign-in form: its CSRF token and the pre-session cookie it is bound to.
	form := httptest.NewRecorder()
	h.ServeHTTP(form, httptest.NewRequest(http.MethodGet, "http://127.0.0.1:8080/login", nil))
	doc, err := goquery.NewDocumentFromReader(form.Body)
	if err != nil {
		t.Fatal(err)
	}
	csrf, _ := doc.Find(`[data-testid="login-form"] input[name="csrf"]`).Attr("value")
	cookies := form.Result().Cookies()
	login := func(remote, token string) *httptest.ResponseRecorder {
		t.Helper()
		body := url.Values{"csrf": {csrf}, "token": {token}}.Encode()
		req := httptest.NewRequest(http.MethodPost, "http://127.0.0.1:8080/login", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.RemoteAddr = remote
		for _, ck := range cookies {
			req.AddCookie(ck)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}

	for i := range 10 {
		if rec := login("192.0.2.7:4000", "pg_wrong"); rec.Code != http.StatusUnauthorized {
			t.Fatalf("attempt %d with a wrong token = %d, want 401", i+1, rec.Code)
		}
		now = now.Add(3 * time.Second) // 10 attempts within 30 s
	}
	// The 11th within the minute is refused, even with the right token, and
	// from another port of the same address.
	rec := login("192.0.2.7:4999", tok.Plain.Expose())
	if rec.Code != http.StatusTooManyRequests {
		t.Fatalf("11th attempt within a minute = %d, want 429", rec.Code)
	}
	if got := rec.Header().Get("Retry-After"); got != "30" {
		t.Errorf("Retry-After = %q, want 30 (the first attempt leaves the window in 30 s)", got)
	}
	doc, _ = goquery.NewDocumentFromReader(rec.Body)
	if msg := doc.Find(`[data-testid="login-error"]`).Text(); !strings.Contains(msg, "Too many sign-in attempts") || !strings.Contains(msg, "wait 30 seconds") {
		t.Errorf("429 message = %q, want a sentence saying how long to wait", msg)
	}
	if strings.Contains(strings.Join(rec.Header().Values("Set-Cookie"), "\n"), "privgraph_session=") {
		t.Error("a refused attempt got a session")
	}

	// Another address is not affected.
	if rec := login("198.51.100.1:5000", tok.Plain.Expose()); rec.Code != http.StatusSeeOther {
		t.Errorf("sign-in from another address = %d, want 303", rec.Code)
	}
	// Once the first attempts leave the window, the address may try again.
	now = now.Add(31 * time.Second)
	if rec := login("192.0.2.7:4000", tok.Plain.Expose()); rec.Code != http.StatusSeeOther {
		t.Errorf("sign-in a minute later = %d, want 303", rec.Code)
	}
}
