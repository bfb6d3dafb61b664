package transport_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/privgraph/privgraph/ent/httpcache"
	"github.com/privgraph/privgraph/migrations/migratetest"
	"github.com/privgraph/privgraph/scanner/transport"
)

const secret = "ghp_SENTINEL0123456789"

func TestTokenNeverPrints(t *testing.T) {
	tok := transport.NewToken(secret)
	type holder struct {
		Token transport.Token
	}
	var logs bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&logs, nil))
	log.Info("x", "token", tok, "holder", holder{tok})
	slog.New(slog.NewTextHandler(&logs, nil)).Info("x", "token", tok)
	js, _ := json.Marshal(holder{tok})
	outs := []string{
		fmt.Sprint(tok), fmt.Sprintf("%v %+v %#v %s %q %x %X", tok, tok, tok, tok, tok, tok, tok),
		fmt.Sprintf("%v %+v %#v", holder{tok}, holder{tok}, &holder{tok}), string(js), logs.String(),
		fmt.Errorf("wrap: %v", tok).Error(),
	}
	for _, o := range outs {
		if strings.Contains(o, "SENTINEL") {
			t.Errorf("token printed: %s", o)
		}
	}
	if tok.Expose() != secret {
		t.Errorf("Expose() = %q, want the secret", tok.Expose())
	}
	if tok.Identity() == transport.NewToken("other").Identity() {
		t.Error("two tokens share an identity")
	}
}

func TestEndpointOf(t *testing.T) {
	tests := []struct{ method, path, want string }{
		{"GET", "/api/v3/repos/demo/web/actions/secrets", "GET /repos/{owner}/{repo}/actions/secrets"},
		{"GET", "/api/v3/repos/demo/web/contents/.github/CODEOWNERS", "GET /repos/{owner}/{repo}/contents/{path}"},
		{"GET", "/api/v3/repos/demo/web/environments/ops-%3Cscript%3E%2Fx/secrets", "GET /repos/{owner}/{repo}/environments/{name}/secrets"},
		{"GET", "/api/v3/orgs/demo/actions/runner-groups/2/runners", "GET /orgs/{name}/actions/runner-groups/{id}/runners"},
		{"GET", "/api/v3/orgs/secrets/teams/platform/repos", "GET /orgs/{name}/teams/{name}/repos"},
		{"POST", "/api/graphql", "POST /graphql"},
		{"GET", "/repos/o/r", "GET /repos/{owner}/{repo}"},
		{"GET", "/api/v4/projects/42/variables", "GET /projects/{id}/variables"},
		{"GET", "/api/v4/groups/a%2Fb/projects", "GET /groups/{name}/projects"},
	}
	for _, tc := range tests {
		if got := transport.EndpointOf(tc.method, tc.path); got != tc.want {
			t.Errorf("EndpointOf(%s %s) = %q, want %q", tc.method, tc.path, got, tc.want)
		}
	}
}

// fake is a server whose answers a test scripts per request number.
type fake struct {
	mu       sync.Mutex
	n        int
	requests []*http.Request
	answer   func(n int, w http.ResponseWriter, r *http.Request)
}

func newFake(t *testing.T, answer func(n int, w http.ResponseWriter, r *http.Request)) (*fake, *httptest.Server) {
	f := &fake{answer: answer}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.n++
		n := f.n
		f.requests = append(f.requests, r.Clone(context.Background()))
		f.mu.Unlock()
		f.answer(n, w, r)
	}))
	t.Cleanup(srv.Close)
	return f, srv
}

// sleeper records waits instead of sleeping.
type sleeper struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (s *sleeper) Sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.waits = append(s.waits, d)
	s.mu.Unlock()
	return ctx.Err()
}

func get(t *testing.T, c *http.Client, url string) (int, string, http.Header) {
	t.Helper()
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, url, nil)
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header
}

func etagServer(body string) func(int, http.ResponseWriter, *http.Request) {
	return func(_ int, w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Link", `<http://x/?page=2>; rel="next"`)
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		_, _ = io.WriteString(w, body)
	}
}

func TestConditionalRequests(t *testing.T) {
	f, srv := newFake(t, etagServer(`{"ok":true}`))
	cache := transport.NewMemoryCache()
	tr := transport.New(transport.Options{Token: transport.NewToken(secret), Cache: cache})
	c := tr.Client()
	for i := range 2 {
		code, body, hdr := get(t, c, srv.URL+"/api/v3/orgs/demo/actions/secrets")
		if code != 200 || body != `{"ok":true}` || !strings.Contains(hdr.Get("Link"), "page=2") {
			t.Fatalf("request %d = %d %q (Link %q), want 200 with the stored body and Link", i, code, body, hdr.Get("Link"))
		}
	}
	if inm := f.requests[1].Header.Get("If-None-Match"); inm != `"v1"` {
		t.Errorf("second request If-None-Match = %q, want the stored ETag", inm)
	}
	if got := f.requests[0].Header.Get("Authorization"); got != "Bearer "+secret {
		t.Errorf("Authorization not set from the token")
	}
	st := tr.Stats()
	if st.Requests != 2 || st.NotModified != 1 || st.Endpoints["GET /orgs/{name}/actions/secrets"] != 2 {
		t.Errorf("Stats = %+v, want 2 requests, 1 not modified, 2 on the endpoint", st)
	}
	// Another token never sees those entries.
	other := transport.New(transport.Options{Token: transport.NewToken("other"), Cache: cache}).Client()
	get(t, other, srv.URL+"/api/v3/orgs/demo/actions/secrets")
	if inm := f.requests[2].Header.Get("If-None-Match"); inm != "" {
		t.Errorf("a second token sent If-None-Match %q from the first token's cache", inm)
	}
}

func TestVariablesNeverCached(t *testing.T) {
	f, srv := newFake(t, etagServer(`{"variables":[{"name":"X","value":"v"}]}`))
	cache := transport.NewMemoryCache()
	c := transport.New(transport.Options{Token: transport.NewToken(secret), Cache: cache}).Client()
	get(t, c, srv.URL+"/api/v4/projects/1/variables")
	get(t, c, srv.URL+"/api/v4/projects/1/variables")
	if cache.Len() != 0 || f.requests[1].Header.Get("If-None-Match") != "" {
		t.Errorf("variables response cached (%d entries)", cache.Len())
	}
}

func TestEntCache(t *testing.T) {
	db := migratetest.Open(t)
	f, srv := newFake(t, etagServer(`{"secrets":[]}`))
	for i := range 2 {
		// a new transport each time: the ETag comes from the DB.
		tr := transport.New(transport.Options{Token: transport.NewToken(secret), Cache: transport.NewEntCache(db)})
		code, body, _ := get(t, tr.Client(), srv.URL+"/api/v3/repos/a/b/actions/secrets")
		if code != 200 || body != `{"secrets":[]}` {
			t.Fatalf("scan %d = %d %q", i, code, body)
		}
	}
	if f.requests[1].Header.Get("If-None-Match") != `"v1"` {
		t.Error("second transport did not use the ETag stored in the DB")
	}
	rows := db.HTTPCache.Query().AllX(t.Context())
	if len(rows) != 1 || strings.Contains(rows[0].Header, "Authorization") || strings.Contains(rows[0].URLKey, "a/b") {
		t.Errorf("cache rows = %d, header %q, key %q: want one row, no auth header, hashed key", len(rows), rows[0].Header, rows[0].URLKey)
	}
}

// TestEntCacheRetain: entries a scan used are kept and marked fresh, entries
// unused for the retention period go, recent entries of other scans stay.
func TestEntCacheRetain(t *testing.T) {
	ctx := t.Context()
	db := migratetest.Open(t)
	_, srv := newFake(t, etagServer(`{"secrets":[]}`))
	keys := func() map[string]bool {
		m := map[string]bool{}
		for _, r := range db.HTTPCache.Query().AllX(ctx) {
			m[r.URLKey] = true
		}
		return m
	}
	// scan reads one URL through a new cache and returns the cache and the
	// key of the entry it created, if any.
	scan := func(path string) (*transport.EntCache, string) {
		before := keys()
		cache := transport.NewEntCache(db)
		c := transport.New(transport.Options{Token: transport.NewToken(secret), Cache: cache}).Client()
		if code, _, _ := get(t, c, srv.URL+path); code != 200 {
			t.Fatalf("GET %s = %d", path, code)
		}
		for k := range keys() {
			if !before[k] {
				return cache, k
			}
		}
		return cache, ""
	}
	ca, ka := scan("/api/v3/repos/o/a/actions/secrets")
	_, kb := scan("/api/v3/repos/o/b/actions/secrets")
	_, kc := scan("/api/v3/repos/o/c/actions/secrets")
	if ka == "" || kb == "" || kc == "" {
		t.Fatal("each first read should store one entry")
	}
	if ref, del, err := ca.Retain(ctx, 0); err != nil || ref != 1 || del != 0 {
		t.Fatalf("Retain after one read = %d refreshed, %d deleted, %v; want 1, 0", ref, del, err)
	}
	// a and b last used 60 days ago; c 10 days ago (another organization's).
	db.HTTPCache.Update().Where(httpcache.URLKeyIn(ka, kb)).SetStoredAt(time.Now().Add(-60 * 24 * time.Hour)).ExecX(ctx)
	db.HTTPCache.Update().Where(httpcache.URLKey(kc)).SetStoredAt(time.Now().Add(-10 * 24 * time.Hour)).ExecX(ctx)

	// The rescan reads a only, answered 304 from the stored entry.
	cr, k := scan("/api/v3/repos/o/a/actions/secrets")
	if k != "" {
		t.Fatal("a 304 created a new entry")
	}
	ref, del, err := cr.Retain(ctx, 0)
	if err != nil || ref != 1 || del != 1 {
		t.Fatalf("Retain = %d refreshed, %d deleted, %v; want a refreshed and b deleted", ref, del, err)
	}
	if got := keys(); !got[ka] || got[kb] || !got[kc] || len(got) != 2 {
		t.Errorf("left a=%v b=%v c=%v (%d rows); want a and c only", got[ka], got[kb], got[kc], len(got))
	}
	row := db.HTTPCache.Query().Where(httpcache.URLKey(ka)).OnlyX(ctx)
	if time.Since(row.StoredAt) > time.Minute {
		t.Errorf("used entry not marked fresh: stored_at %v", row.StoredAt)
	}
}

func TestRetriesAndRateLimits(t *testing.T) {
	reset := time.Now().Add(90 * time.Second)
	tests := []struct {
		name      string
		answer    func(n int, w http.ResponseWriter, r *http.Request)
		wantCode  int
		wantCalls int
		wantWaits int // rate-limit waits
		minWait   time.Duration
	}{
		{"5xx burst is retried", func(n int, w http.ResponseWriter, r *http.Request) {
			if n <= 2 {
				w.WriteHeader(http.StatusBadGateway)
				return
			}
			_, _ = io.WriteString(w, "{}")
		}, 200, 3, 0, 0},
		{"persistent 5xx gives up after MaxRetries", func(n int, w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusServiceUnavailable)
		}, 503, 4, 0, 0},
		{"secondary rate limit waits Retry-After", func(n int, w http.ResponseWriter, r *http.Request) {
			if n == 1 {
				w.Header().Set("Retry-After", "30")
				w.WriteHeader(http.StatusForbidden)
				_, _ = io.WriteString(w, `{"message":"You have exceeded a secondary rate limit."}`)
				return
			}
			_, _ = io.WriteString(w, "{}")
		}, 200, 2, 1, 30 * time.Second},
		{"secondary rate limit without Retry-After waits a minute", func(n int, w http.ResponseWriter, r *http.Request) {
			if n == 1 {
				w.WriteHeader(http.StatusForbidden)
				_, _ = io.WriteString(w, `{"message":"You have exceeded a secondary rate limit."}`)
				return
			}
			_, _ = io.WriteString(w, "{}")
		}, 200, 2, 1, time.Minute},
		{"primary limit exhausted waits for reset", func(n int, w http.ResponseWriter, r *http.Request) {
			if n == 1 {
				w.Header().Set("X-RateLimit-Remaining", "0")
				w.Header().Set("X-RateLimit-Reset", strconv.FormatInt(reset.Unix(), 10))
				w.WriteHeader(http.StatusForbidden)
				return
			}
			_, _ = io.WriteString(w, "{}")
		}, 200, 2, 1, 80 * time.Second},
		{"GitLab RateLimit headers and 429", func(n int, w http.ResponseWriter, r *http.Request) {
			if n == 1 {
				w.Header().Set("RateLimit-Remaining", "0")
				w.Header().Set("RateLimit-Reset", strconv.FormatInt(reset.Unix(), 10))
				w.WriteHeader(http.StatusTooManyRequests)
				return
			}
			_, _ = io.WriteString(w, "{}")
		}, 200, 2, 1, 80 * time.Second},
		{"a plain 403 is returned as is", func(n int, w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusForbidden)
			_, _ = io.WriteString(w, `{"message":"Resource not accessible by integration"}`)
		}, 403, 1, 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, srv := newFake(t, tc.answer)
			sl := &sleeper{}
			tr := transport.New(transport.Options{Token: transport.NewToken(secret), Sleep: sl.Sleep})
			code, _, _ := get(t, tr.Client(), srv.URL+"/api/v3/orgs/demo")
			st := tr.Stats()
			if code != tc.wantCode || f.n != tc.wantCalls || st.RateLimitWaits != tc.wantWaits {
				t.Errorf("status %d, calls %d, rate-limit waits %d; want %d, %d, %d", code, f.n, st.RateLimitWaits, tc.wantCode, tc.wantCalls, tc.wantWaits)
			}
			if tc.minWait > 0 && (len(sl.waits) == 0 || sl.waits[0] < tc.minWait) {
				t.Errorf("waits = %v, want a first wait ≥ %v", sl.waits, tc.minWait)
			}
		})
	}
}

func TestRateLimitTooLongFails(t *testing.T) {
	_, srv := newFake(t, func(n int, w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "7200")
		w.WriteHeader(http.StatusTooManyRequests)
	})
	tr := transport.New(transport.Options{Sleep: (&sleeper{}).Sleep, MaxWait: time.Minute})
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, srv.URL+"/api/v3/orgs/demo", nil)
	_, err := tr.Client().Do(req)
	var rl *transport.RateLimitError
	if !errors.As(err, &rl) {
		t.Fatalf("err = %v, want a *RateLimitError", err)
	}
}

func TestTimeoutsAndNetworkErrors(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			select {
			case <-r.Context().Done():
			case <-time.After(2 * time.Second):
			}
			return
		}
		_, _ = io.WriteString(w, "{}")
	}))
	t.Cleanup(srv.Close)
	tr := transport.New(transport.Options{Timeout: 100 * time.Millisecond, Sleep: (&sleeper{}).Sleep})
	code, _, _ := get(t, tr.Client(), srv.URL+"/x")
	if code != 200 || calls.Load() != 2 || tr.Stats().Retries != 1 {
		t.Errorf("status %d after %d calls (%d retries), want 200 after a timed-out attempt and one retry", code, calls.Load(), tr.Stats().Retries)
	}
	// A dead address fails after bounded retries, without the token in the error.
	srv.Close()
	tr = transport.New(transport.Options{Token: transport.NewToken(secret), MaxRetries: 2, Sleep: (&sleeper{}).Sleep})
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, srv.URL+"/x", nil)
	_, err := tr.Client().Do(req)
	if err == nil || strings.Contains(err.Error(), "SENTINEL") || tr.Stats().Requests != 3 {
		t.Errorf("err = %v after %d requests, want an error after 3 attempts, no token", err, tr.Stats().Requests)
	}
}

func TestCancellation(t *testing.T) {
	_, srv := newFake(t, func(n int, w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "60")
		w.WriteHeader(http.StatusTooManyRequests)
	})
	ctx, cancel := context.WithCancel(t.Context())
	tr := transport.New(transport.Options{Sleep: func(ctx context.Context, d time.Duration) error {
		cancel()
		return ctx.Err()
	}})
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/x", nil)
	_, err := tr.Client().Do(req)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestIdempotentPOSTIsRetried(t *testing.T) {
	f, srv := newFake(t, func(n int, w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		if n == 1 {
			w.WriteHeader(http.StatusBadGateway)
			return
		}
		_, _ = w.Write(b)
	})
	tr := transport.New(transport.Options{Sleep: (&sleeper{}).Sleep})
	for _, idem := range []bool{false, true} {
		f.n = 0
		ctx := t.Context()
		if idem {
			ctx = transport.Idempotent(ctx)
		}
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL+"/api/graphql", strings.NewReader(`{"query":"{}"}`))
		resp, err := tr.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		want := map[bool]int{false: 502, true: 200}[idem]
		if resp.StatusCode != want || (idem && string(b) != `{"query":"{}"}`) {
			t.Errorf("idempotent=%v: status %d body %q, want %d (body replayed)", idem, resp.StatusCode, b, want)
		}
	}
}

func TestExhaustedLimitBlocksLaterRequests(t *testing.T) {
	reset := time.Now().Add(5 * time.Minute)
	f, srv := newFake(t, func(n int, w http.ResponseWriter, r *http.Request) {
		if n == 1 {
			w.Header().Set("X-RateLimit-Remaining", "0")
			w.Header().Set("X-RateLimit-Reset", strconv.FormatInt(reset.Unix(), 10))
		}
		_, _ = io.WriteString(w, "{}")
	})
	sl := &sleeper{}
	tr := transport.New(transport.Options{Sleep: sl.Sleep, HideExhaustedLimit: true})
	_, _, hdr := get(t, tr.Client(), srv.URL+"/a")
	if hdr.Get("X-RateLimit-Remaining") != "1" {
		t.Errorf("X-RateLimit-Remaining = %q, want 1 with HideExhaustedLimit", hdr.Get("X-RateLimit-Remaining"))
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() { get(t, tr.Client(), srv.URL+"/b") })
	}
	wg.Wait()
	if st := tr.Stats(); f.n != 5 || st.RateLimitWaits != 1 || len(sl.waits) < 1 || sl.waits[0] < 4*time.Minute {
		t.Errorf("%d calls, %d rate-limit waits, sleeps %v; want 5 calls after one counted wait for the reset", f.n, st.RateLimitWaits, sl.waits)
	}
}
