package gitlabtest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Prefix is where the fake API is mounted.
const Prefix = "/api/v4/"

// Request is one request the fake received.
type Request struct {
	Method string
	// Path is the escaped path below /api/v4 ("/projects/12/variables").
	Path   string
	Query  url.Values
	Status int
}

// Handler serves a Fixture under /api/v4/. Its faults can be changed while
// it serves.
type Handler struct {
	mu      sync.Mutex
	fx      *Fixture
	idx     *index
	log     []Request
	faults  []*fault
	latency time.Duration
	// tokens accepted; empty means any non-empty token.
	tokens map[string]bool
	now    func() time.Time
	// window counts requests in the current rate-limit minute.
	windowStart time.Time
	windowCount int
}

// fault is one injected misbehaviour on requests whose path matches pattern.
type fault struct {
	pattern    string
	status     int           // 403, 404, 500, 502, 429 …
	remaining  int           // -1 = forever
	retryAfter time.Duration // for 429
	truncate   bool
	delay      time.Duration
}

// NewHandler serves f; any non-empty token is accepted.
func NewHandler(f *Fixture) *Handler {
	return &Handler{fx: f, idx: newIndex(f), now: time.Now}
}

// Server is a Handler on a loopback listener.
type Server struct {
	*Handler
	srv *httptest.Server
	// URL is the instance's base URL (http://127.0.0.1:port), without /api/v4.
	URL string
}

// NewServer starts a fake GitLab serving f on 127.0.0.1, closed at the end
// of the test.
func NewServer(t testing.TB, f *Fixture) *Server {
	t.Helper()
	h := NewHandler(f)
	mux := http.NewServeMux()
	mux.Handle(Prefix, h)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return &Server{Handler: h, srv: srv, URL: srv.URL}
}

// Close stops the server (a closed server makes the instance unreachable).
func (s *Server) Close() { s.srv.Close() }

// Client returns an *http.Client for the server (no token set).
func (s *Server) Client() *http.Client { return s.srv.Client() }

// AcceptTokens limits the accepted tokens; others get 401.
func (h *Handler) AcceptTokens(tokens ...string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.tokens = map[string]bool{}
	for _, t := range tokens {
		h.tokens[t] = true
	}
}

// Fail answers status to the next n requests matching pattern (a path
// below /api/v4 where * matches one segment, e.g. "/projects/*/variables";
// "*" alone matches everything); n < 0 means every request.
func (h *Handler) Fail(pattern string, status, n int) {
	h.addFault(&fault{pattern: pattern, status: status, remaining: n})
}

// Forbid answers 403 to every request matching pattern.
func (h *Handler) Forbid(pattern string) { h.Fail(pattern, http.StatusForbidden, -1) }

// RateLimit answers 429 with Retry-After to the next n requests matching pattern.
func (h *Handler) RateLimit(pattern string, n int, retryAfter time.Duration) {
	h.addFault(&fault{pattern: pattern, status: http.StatusTooManyRequests, remaining: n, retryAfter: retryAfter})
}

// Truncate cuts the JSON body of the next n responses matching pattern in half.
func (h *Handler) Truncate(pattern string, n int) {
	h.addFault(&fault{pattern: pattern, truncate: true, remaining: n})
}

// Slow delays the next n responses matching pattern by d.
func (h *Handler) Slow(pattern string, n int, d time.Duration) {
	h.addFault(&fault{pattern: pattern, delay: d, remaining: n})
}

// SetLatency delays every response by d.
func (h *Handler) SetLatency(d time.Duration) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.latency = d
}

// SetClock replaces the clock of the rate-limit window and headers.
func (h *Handler) SetClock(now func() time.Time) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.now = now
}

// Update changes the fixture while the fake serves (a rescan that finds
// something new); ids given to new groups and projects are kept.
func (h *Handler) Update(fn func(*Fixture)) {
	h.mu.Lock()
	defer h.mu.Unlock()
	fn(h.fx)
	h.idx = newIndex(h.fx)
}

// ClearFaults removes every fault.
func (h *Handler) ClearFaults() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.faults = nil
}

func (h *Handler) addFault(f *fault) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.faults = append(h.faults, f)
}

// Requests returns the request log.
func (h *Handler) Requests() []Request {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]Request(nil), h.log...)
}

// Count returns how many logged requests match pattern.
func (h *Handler) Count(pattern string) int {
	n := 0
	for _, r := range h.Requests() {
		if matchPath(pattern, r.Path) {
			n++
		}
	}
	return n
}

// ResetLog empties the request log.
func (h *Handler) ResetLog() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.log = nil
}

// matchPath matches a path against a pattern whose * stand for one segment.
func matchPath(pattern, p string) bool {
	if pattern == "*" {
		return true
	}
	ok, _ := path.Match(pattern, p)
	return ok
}

// take returns the faults that apply to p, consuming one use of each.
func (h *Handler) take(p string) (status int, retryAfter time.Duration, truncate bool, delay time.Duration) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delay = h.latency
	for _, f := range h.faults {
		if f.remaining == 0 || !matchPath(f.pattern, p) {
			continue
		}
		if f.remaining > 0 {
			f.remaining--
		}
		switch {
		case f.truncate:
			truncate = true
		case f.delay > 0:
			delay += f.delay
		case status == 0:
			status, retryAfter = f.status, f.retryAfter
		}
	}
	return status, retryAfter, truncate, delay
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	escaped := strings.TrimPrefix(r.URL.EscapedPath(), strings.TrimSuffix(Prefix, "/"))
	rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
	defer func() {
		h.mu.Lock()
		h.log = append(h.log, Request{Method: r.Method, Path: escaped, Query: r.URL.Query(), Status: rec.status})
		h.mu.Unlock()
	}()
	status, retryAfter, truncate, delay := h.take(escaped)
	if delay > 0 {
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
			return
		}
	}
	if wait := h.rateLimitHeaders(rec); wait > 0 {
		rec.Header().Set("Retry-After", strconv.Itoa(int(wait.Round(time.Second)/time.Second)))
		writeJSON(rec, http.StatusTooManyRequests, map[string]any{"message": "Retry later"})
		return
	}
	if !h.authorized(r) {
		writeJSON(rec, http.StatusUnauthorized, map[string]any{"message": "401 Unauthorized"})
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		writeJSON(rec, http.StatusMethodNotAllowed, map[string]any{"message": "405 Method Not Allowed"})
		return
	}
	if status != 0 {
		if status == http.StatusTooManyRequests {
			rec.Header().Set("Retry-After", strconv.Itoa(int(retryAfter/time.Second)))
			rec.Header().Set("RateLimit-Remaining", "0")
		}
		writeJSON(rec, status, map[string]any{"message": fmt.Sprintf("%d %s", status, http.StatusText(status))})
		return
	}
	h.mu.Lock()
	res := h.route(r, escaped)
	body := res.body
	if res.list != nil {
		body = h.paginate(rec, r, escaped, res.list)
	}
	h.mu.Unlock()
	if res.status == 0 {
		res.status = http.StatusOK
	}
	if res.raw != nil {
		rec.Header().Set("Content-Type", "text/plain; charset=utf-8")
		rec.WriteHeader(res.status)
		rec.Write(res.raw)
		return
	}
	b := marshal(body)
	if truncate {
		b = b[:len(b)/2]
	} else {
		sum := sha256.Sum256(b)
		etag := `W/"` + hex.EncodeToString(sum[:8]) + `"`
		rec.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			rec.WriteHeader(http.StatusNotModified)
			return
		}
	}
	rec.Header().Set("Content-Type", "application/json")
	rec.WriteHeader(res.status)
	rec.Write(b)
}

func (h *Handler) authorized(r *http.Request) bool {
	tok := r.Header.Get("PRIVATE-TOKEN")
	if tok == "" {
		if a := r.Header.Get("Authorization"); strings.HasPrefix(a, "Bearer ") {
			tok = strings.TrimPrefix(a, "Bearer ")
		}
	}
	if tok == "" {
		return false
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.tokens) == 0 || h.tokens[tok]
}

// rateLimitHeaders counts the request against a per-minute limit
// (Fixture.RateLimit, default 2,000 as on gitlab.com), sets GitLab's
// RateLimit-* headers, and returns how long to wait when the limit is
// exceeded (the request then gets 429).
func (h *Handler) rateLimitHeaders(w http.ResponseWriter) time.Duration {
	limit := h.fx.RateLimit
	if limit <= 0 {
		limit = 2000
	}
	h.mu.Lock()
	now := h.now()
	if now.Sub(h.windowStart) >= time.Minute {
		h.windowStart, h.windowCount = now.Truncate(time.Minute), 0
	}
	h.windowCount++
	n, reset := h.windowCount, h.windowStart.Add(time.Minute)
	h.mu.Unlock()
	w.Header().Set("RateLimit-Limit", strconv.Itoa(limit))
	w.Header().Set("RateLimit-Observed", strconv.Itoa(n))
	w.Header().Set("RateLimit-Remaining", strconv.Itoa(max(limit-n, 0)))
	w.Header().Set("RateLimit-Reset", strconv.FormatInt(reset.Unix(), 10))
	w.Header().Set("RateLimit-ResetTime", reset.UTC().Format(http.TimeFormat))
	if n > limit {
		return max(reset.Sub(now), time.Second)
	}
	return 0
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}
