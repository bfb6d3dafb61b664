// Package githubtest is a fake GitHub API for tests and the demo: REST under
// /api/v3/ and GraphQL at /api/graphql, laid out as GitHub Enterprise Server
// does, serving organizations described by Org fixtures in GitHub's real
// response shapes (see testdata/NOTICE). It paginates with Link headers
// (per_page default 30, max 100), answers If-None-Match with 304, sends
// rate-limit headers, records every request, and injects faults: chosen
// status codes, bursts of 5xx, secondary rate limits with Retry-After, slow
// and truncated responses.
package githubtest

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/privgraph/privgraph/scanner/transport"
)

// Request is one request the fake received.
type Request struct {
	Method      string
	Path        string // without /api/v3
	Query       url.Values
	Endpoint    string // transport.EndpointOf
	IfNoneMatch string
	HasAuth     bool
	Status      int
}

// Fault makes matching requests fail. Match is an endpoint template
// ("GET /orgs/{name}/actions/secrets"), a path prefix ("/orgs/demo/"), or
// "graphql:FIELD" for a GraphQL field error on a repository field
// (branchProtectionRules, rulesets, deployKeys, environments): the field is
// null and the answer carries an error, as GitHub does for fields the token
// may not read.
type Fault struct {
	Match string
	// Status answers with this code (403, 404, 500, 502, …).
	Status int
	// Secondary answers 403 with GitHub's secondary-rate-limit message and
	// Retry-After (seconds).
	Secondary  bool
	RetryAfter int
	// PrimaryExhausted answers 403 with X-RateLimit-Remaining: 0 and a reset
	// ResetIn from now.
	PrimaryExhausted bool
	ResetIn          time.Duration
	// Delay delays the answer (slow responses).
	Delay time.Duration
	// Truncate cuts the body in half and closes the connection.
	Truncate bool
	// Times is how many matching requests fail (0 = all).
	Times int
}

// Handler is the fake API as an http.Handler.
type Handler struct {
	mu      sync.Mutex
	orgs    map[string]*Org
	faults  []*faultState
	log     []Request
	latency time.Duration
	// tokens, when set, are the only accepted tokens; otherwise any
	// non-empty one is.
	tokens map[string]bool
	scopes string
	now    func() time.Time
	// app: JWT-authenticated endpoints accept any well-formed JWT.
	issued map[string]bool
	// inFlight counts requests being answered, maxInFlight the most at
	// once since the last ResetLog.
	inFlight, maxInFlight int
}

type faultState struct {
	Fault
	hits int
}

// NewHandler serves orgs.
func NewHandler(orgs ...*Org) *Handler {
	h := &Handler{orgs: map[string]*Org{}, now: time.Now, issued: map[string]bool{}}
	for _, o := range orgs {
		h.orgs[strings.ToLower(o.Login)] = o
	}
	return h
}

// NewDemoHandler serves the bundled demo organization "demo" at /api/v3/
// and /api/graphql, accepting any non-empty token.
func NewDemoHandler() http.Handler { return NewHandler(DemoOrg()) }

// Server is a Handler on a loopback listener.
type Server struct {
	*Handler
	srv *httptest.Server
	// URL is the server root (http://127.0.0.1:PORT); APIURL is URL/api/v3/.
	URL    string
	APIURL string
}

// NewServer starts a fake serving orgs, closed when the test ends.
func NewServer(t testing.TB, orgs ...*Org) *Server {
	t.Helper()
	h := NewHandler(orgs...)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &Server{Handler: h, srv: srv, URL: srv.URL, APIURL: srv.URL + "/api/v3/"}
}

// Close stops the server.
func (s *Server) Close() { s.srv.Close() }

// SetLatency delays every answer by d.
func (h *Handler) SetLatency(d time.Duration) {
	h.mu.Lock()
	h.latency = d
	h.mu.Unlock()
}

// SetClock sets the clock the fake reads (rate-limit resets, token expiry).
func (h *Handler) SetClock(now func() time.Time) {
	h.mu.Lock()
	h.now = now
	h.mu.Unlock()
}

// SetTokens restricts accepted tokens; other tokens get 401 Bad credentials.
func (h *Handler) SetTokens(tokens ...string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.tokens = map[string]bool{}
	for _, t := range tokens {
		h.tokens[t] = true
	}
}

// SetScopes sets the X-OAuth-Scopes header (a classic PAT); empty means no
// header (a fine-grained or installation token).
func (h *Handler) SetScopes(scopes string) {
	h.mu.Lock()
	h.scopes = scopes
	h.mu.Unlock()
}

// Fail adds a fault.
func (h *Handler) Fail(f Fault) {
	h.mu.Lock()
	h.faults = append(h.faults, &faultState{Fault: f})
	h.mu.Unlock()
}

// ClearFaults removes all faults.
func (h *Handler) ClearFaults() {
	h.mu.Lock()
	h.faults = nil
	h.mu.Unlock()
}

// Update changes an organization under the lock (between scans).
func (h *Handler) Update(login string, fn func(*Org)) {
	h.mu.Lock()
	defer h.mu.Unlock()
	fn(h.orgs[strings.ToLower(login)])
}

// Requests returns the request log.
func (h *Handler) Requests() []Request {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]Request(nil), h.log...)
}

// ResetLog empties the request log and the in-flight peak.
func (h *Handler) ResetLog() {
	h.mu.Lock()
	h.log = nil
	h.maxInFlight = h.inFlight
	h.mu.Unlock()
}

// MaxInFlight is the most requests the fake was answering at once. A
// request counts from its arrival until its status line is written (the
// client cannot send a follow-up before that), so a client that keeps at
// most N requests outstanding never shows more than N.
func (h *Handler) MaxInFlight() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.maxInFlight
}

// begin counts a request in flight and returns the func that ends it (safe
// to call more than once).
func (h *Handler) begin() func() {
	h.mu.Lock()
	h.inFlight++
	h.maxInFlight = max(h.maxInFlight, h.inFlight)
	h.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			h.mu.Lock()
			h.inFlight--
			h.mu.Unlock()
		})
	}
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	var rest string
	switch {
	case p == "/api/graphql":
		rest = "/graphql"
	case strings.HasPrefix(p, "/api/v3/"):
		rest = strings.TrimPrefix(p, "/api/v3")
	default:
		writeJSONError(w, http.StatusNotFound, "Not Found")
		return
	}
	entry := Request{
		Method: r.Method, Path: rest, Query: r.URL.Query(),
		Endpoint: transport.EndpointOf(r.Method, r.URL.EscapedPath()), IfNoneMatch: r.Header.Get("If-None-Match"),
		HasAuth: r.Header.Get("Authorization") != "",
	}
	end := h.begin()
	rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK, done: end}
	defer end()
	defer func() {
		h.mu.Lock()
		entry.Status = rec.status
		h.log = append(h.log, entry)
		h.mu.Unlock()
	}()
	h.mu.Lock()
	latency := h.latency
	fault := h.matchFault(entry.Endpoint, rest)
	h.mu.Unlock()
	if latency > 0 {
		sleep(r, latency)
	}
	if fault != nil && fault.Delay > 0 {
		sleep(r, fault.Delay)
	}
	if !h.authorize(rec, r, rest) {
		return
	}
	if fault != nil && fault.Delay == 0 && !fault.Truncate {
		h.writeFault(rec, fault, rest == "/graphql")
		return
	}
	h.mu.Lock()
	body, status := h.route(r, rest, rec.Header())
	h.mu.Unlock()
	h.write(rec, r, status, body, fault != nil && fault.Truncate)
}

func sleep(r *http.Request, d time.Duration) {
	select {
	case <-r.Context().Done():
	case <-time.After(d):
	}
}

// matchFault returns the first active fault matching, counting the hit.
func (h *Handler) matchFault(endpoint, path string) *Fault {
	for _, f := range h.faults {
		if f.Match != endpoint && !(strings.HasPrefix(f.Match, "/") && strings.HasPrefix(path, f.Match)) {
			continue
		}
		if f.Times > 0 && f.hits >= f.Times {
			continue
		}
		f.hits++
		c := f.Fault
		return &c
	}
	return nil
}

func (h *Handler) writeFault(w http.ResponseWriter, f *Fault, graphql bool) {
	switch {
	case f.Secondary:
		w.Header().Set("Retry-After", strconv.Itoa(f.RetryAfter))
		writeJSONError(w, http.StatusForbidden, "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.")
	case f.PrimaryExhausted:
		w.Header().Set("X-RateLimit-Limit", "5000")
		w.Header().Set("X-RateLimit-Remaining", "0")
		w.Header().Set("X-RateLimit-Reset", strconv.FormatInt(h.now().Add(f.ResetIn).Unix(), 10))
		if graphql { // GraphQL answers 200 with a RATE_LIMITED error
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			_, _ = w.Write([]byte(`{"errors":[{"type":"RATE_LIMITED","message":"API rate limit exceeded for user ID 1."}]}`))
			return
		}
		writeJSONError(w, http.StatusForbidden, "API rate limit exceeded for user ID 1.")
	case f.Status == http.StatusNotFound:
		writeJSONError(w, f.Status, "Not Found")
	case f.Status == http.StatusForbidden:
		writeJSONError(w, f.Status, "Resource not accessible by integration")
	case f.Status == http.StatusUnauthorized:
		writeJSONError(w, f.Status, "Bad credentials")
	default:
		writeJSONError(w, f.Status, http.StatusText(f.Status))
	}
}

// authorize checks the token: missing -> 401, unknown -> 401 Bad credentials.
func (h *Handler) authorize(w http.ResponseWriter, r *http.Request, path string) bool {
	auth := r.Header.Get("Authorization")
	tok := strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(auth, "Bearer "), "token "))
	if tok == "" {
		writeJSONError(w, http.StatusUnauthorized, "Requires authentication")
		return false
	}
	if isJWT(tok) {
		// App endpoints take the app's JWT.
		if strings.HasPrefix(path, "/app/") || strings.HasSuffix(path, "/installation") {
			return true
		}
		writeJSONError(w, http.StatusUnauthorized, "A JSON web token could not be decoded")
		return false
	}
	h.mu.Lock()
	ok := h.tokens == nil || h.tokens[tok] || h.issued[tok]
	scopes := h.scopes
	h.mu.Unlock()
	if !ok {
		writeJSONError(w, http.StatusUnauthorized, "Bad credentials")
		return false
	}
	if scopes != "" {
		w.Header().Set("X-OAuth-Scopes", scopes)
	}
	return true
}

func isJWT(tok string) bool { return strings.Count(tok, ".") == 2 && strings.HasPrefix(tok, "eyJ") }

// write sends a JSON body with ETag, 304 and rate-limit headers.
func (h *Handler) write(w http.ResponseWriter, r *http.Request, status int, body any, truncate bool) {
	b, err := json.Marshal(body)
	if err != nil {
		writeJSONError(w, http.StatusInternalServerError, "encode")
		return
	}
	hdr := w.Header()
	hdr.Set("Content-Type", "application/json; charset=utf-8")
	hdr.Set("X-RateLimit-Limit", "5000")
	hdr.Set("X-RateLimit-Remaining", "4999")
	hdr.Set("X-RateLimit-Reset", strconv.FormatInt(h.now().Add(time.Hour).Unix(), 10))
	hdr.Set("X-GitHub-Api-Version-Selected", "2022-11-28")
	if status == http.StatusOK && r.Method == http.MethodGet {
		sum := sha256.Sum256(b)
		etag := `W/"` + hex.EncodeToString(sum[:16]) + `"`
		hdr.Set("ETag", etag)
		if inm := r.Header.Get("If-None-Match"); inm != "" && inm == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	if truncate {
		hdr.Set("Content-Length", strconv.Itoa(len(b)))
		w.WriteHeader(status)
		// fewer bytes than Content-Length: the server closes the connection.
		_, _ = w.Write(b[:len(b)/2])
		return
	}
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

func writeJSONError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	b, _ := json.Marshal(map[string]string{
		"message":           msg,
		"documentation_url": "https://docs.github.com/rest",
	})
	_, _ = w.Write(b)
}

type statusRecorder struct {
	http.ResponseWriter
	status int
	// done ends the request's in-flight count: called before the status
	// line goes out.
	done func()
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.done()
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	s.done()
	return s.ResponseWriter.Write(b)
}

// notFound is the body GitHub sends with a 404.
func notFound() (any, int) {
	return map[string]string{"message": "Not Found", "documentation_url": "https://docs.github.com/rest"}, http.StatusNotFound
}
