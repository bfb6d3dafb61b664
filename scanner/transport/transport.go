// Package transport is the HTTP stack every platform scanner shares (GitHub
// and GitLab alike): one http.RoundTripper that
//
//   - sets the auth header from a Token (which cannot print itself) or a
//     TokenSource (GitHub App installation tokens that refresh);
//   - counts requests per endpoint (method + path template, ids and names
//     collapsed: "GET /repos/{owner}/{repo}/actions/secrets");
//   - sends conditional GET requests with the ETag of a stored response
//     (Cache: in memory, or in the inventory DB with NewEntCache, so that a
//     later scan benefits) and answers a 304 from the stored body, counting it;
//     the cache key includes a hash of the credential identity, request auth
//     headers are never stored, and responses whose body can carry secret
//     values (any path with a "variables" segment) are never cached;
//   - waits on primary rate limits (X-RateLimit-Remaining/-Reset on GitHub,
//     RateLimit-Remaining/-Reset on GitLab) and secondary ones (403/429 with
//     Retry-After or GitHub's "secondary rate limit" message) with backoff and
//     jitter, up to MaxWait per wait;
//   - retries idempotent requests (GET, HEAD, OPTIONS, PUT, DELETE, and any
//     request whose context is marked with Idempotent, such as a GraphQL read)
//     on 5xx answers and network errors, MaxRetries times with backoff;
//   - bounds every attempt with Timeout and the body with MaxBody, and stops
//     as soon as the request's context is cancelled.
//
// Concurrency is bounded by the caller (the scanners run a fixed number of
// workers); the transport is safe for concurrent use.
//
//	t := transport.New(transport.Options{Token: tok, Cache: transport.NewEntCache(db)})
//	client := t.Client()
//	... // scan
//	st := t.Stats() // Requests, NotModified, RateLimitWaits, Endpoints
package transport

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Options configure a Transport. The zero value works: no auth, no cache,
// http.DefaultTransport's settings, real clock.
type Options struct {
	// Base does the actual round trips; nil means a clone of
	// http.DefaultTransport.
	Base http.RoundTripper
	// Token is sent on every request unless TokenSource is set.
	Token Token
	// TokenSource, when set, is asked for the token before every request.
	TokenSource TokenSource
	// Identity keys the cache (e.g. "app:42/installation:7"); empty means a
	// hash of the token in use.
	Identity string
	// AuthHeader is the header the token goes in: "" means
	// "Authorization: Bearer TOKEN"; any other name gets the bare token
	// (GitLab's "PRIVATE-TOKEN").
	AuthHeader string
	// Cache stores ETags and bodies; nil disables conditional requests.
	Cache Cache
	// NoStore marks more requests whose responses must not be cached.
	NoStore func(*http.Request) bool
	// Endpoint names a request for the per-endpoint counts; nil means
	// EndpointOf(method, path).
	Endpoint func(method, path string) string
	Logger   *slog.Logger
	Now      func() time.Time
	// Sleep waits d or until ctx is done; nil means a timer.
	Sleep func(ctx context.Context, d time.Duration) error
	// Jitter returns a number in [0, 1); nil means math/rand.
	Jitter func() float64
	// MaxRetries bounds retries of 5xx answers and network errors (0 means
	// 3; negative means none).
	MaxRetries int
	// MaxRateLimitRetries bounds retries after rate-limit answers (0 means 8).
	MaxRateLimitRetries int
	// Timeout bounds each attempt, body included (0 means 60s).
	Timeout time.Duration
	// MaxWait is the longest single rate-limit wait (0 means 65 minutes:
	// a primary window is an hour); a longer one fails the request with a
	// *RateLimitError.
	MaxWait time.Duration
	// Backoff is the first retry delay, doubled per attempt (0 means 1s).
	Backoff time.Duration
	// MaxBody bounds a response body (0 means 64 MiB).
	MaxBody int64
	// UserAgent is set when the request has none.
	UserAgent string
	// HideExhaustedLimit rewrites X-RateLimit-Remaining: 0 on the responses
	// it returns, after noting the reset, so that a client with its own
	// pre-flight check (go-github refuses requests until the reset, without
	// sending them) leaves the waiting to the transport.
	HideExhaustedLimit bool
}

// Stats are the counts of one Transport.
type Stats struct {
	Requests       int
	NotModified    int
	RateLimitWaits int
	Retries        int
	// WaitTime is the time spent waiting on rate limits and backoff.
	WaitTime time.Duration
	// Endpoints maps an endpoint template to its request count.
	Endpoints map[string]int
}

// Transport is the shared RoundTripper. Build it with New.
type Transport struct {
	opts Options
	log  *slog.Logger

	mu           sync.Mutex
	stats        Stats
	blockedUntil time.Time
	counted      time.Time // the block already counted in RateLimitWaits
}

// New returns a Transport with opts' defaults filled in.
func New(opts Options) *Transport {
	if opts.Base == nil {
		if dt, ok := http.DefaultTransport.(*http.Transport); ok {
			opts.Base = dt.Clone()
		} else {
			opts.Base = http.DefaultTransport
		}
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Sleep == nil {
		opts.Sleep = sleepCtx
	}
	if opts.Jitter == nil {
		opts.Jitter = rand.Float64
	}
	if opts.Endpoint == nil {
		opts.Endpoint = EndpointOf
	}
	switch {
	case opts.MaxRetries == 0:
		opts.MaxRetries = 3
	case opts.MaxRetries < 0:
		opts.MaxRetries = 0
	}
	if opts.MaxRateLimitRetries <= 0 {
		opts.MaxRateLimitRetries = 8
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 60 * time.Second
	}
	if opts.MaxWait <= 0 {
		opts.MaxWait = 65 * time.Minute
	}
	if opts.Backoff <= 0 {
		opts.Backoff = time.Second
	}
	if opts.MaxBody <= 0 {
		opts.MaxBody = 64 << 20
	}
	return &Transport{opts: opts, log: opts.Logger, stats: Stats{Endpoints: map[string]int{}}}
}

// Client returns an http.Client using the transport. Its Timeout is zero:
// the transport bounds each attempt itself. It follows redirects only on
// the origin (scheme and host) of the first request: an API answer cannot
// send the scanner, or its token, to another server.
func (t *Transport) Client() *http.Client {
	return &http.Client{Transport: t, CheckRedirect: sameOriginRedirect}
}

// sameOriginRedirect refuses a redirect that leaves the origin of the first
// request, and more than 10 redirects.
func sameOriginRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= 10 {
		return errors.New("stopped after 10 redirects")
	}
	if len(via) > 0 && !sameOrigin(via[0].URL, req.URL) {
		return fmt.Errorf("refused a redirect from %s to another server (%s)", via[0].URL.Host, req.URL.Host)
	}
	return nil
}

// sameOrigin reports whether to may receive what from may: the same host
// and port, over the same scheme or from http to https.
func sameOrigin(from, to *url.URL) bool {
	if !strings.EqualFold(from.Host, to.Host) {
		return false
	}
	return strings.EqualFold(from.Scheme, to.Scheme) || (strings.EqualFold(from.Scheme, "http") && strings.EqualFold(to.Scheme, "https"))
}

// firstURL is the URL of the request that led to req: req's own, or, for a
// redirect the http.Client follows, that of the request first sent.
func firstURL(req *http.Request) *url.URL {
	first := req
	for i := 0; i < 20 && first.Response != nil && first.Response.Request != nil; i++ {
		first = first.Response.Request
	}
	return first.URL
}

// Stats returns a copy of the counts so far.
func (t *Transport) Stats() Stats {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := t.stats
	s.Endpoints = make(map[string]int, len(t.stats.Endpoints))
	for k, v := range t.stats.Endpoints {
		s.Endpoints[k] = v
	}
	return s
}

type idempotentKey struct{}

// Idempotent marks requests made with ctx as safe to retry even when their
// method is not (a GraphQL query is a POST that only reads).
func Idempotent(ctx context.Context) context.Context {
	return context.WithValue(ctx, idempotentKey{}, true)
}

func idempotent(req *http.Request) bool {
	switch req.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodPut, http.MethodDelete:
		return true
	}
	v, _ := req.Context().Value(idempotentKey{}).(bool)
	return v
}

// RoundTrip implements http.RoundTripper.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	endpoint := t.opts.Endpoint(req.Method, req.URL.EscapedPath())
	tok, err := t.token(ctx)
	if err != nil {
		return nil, err
	}
	var (
		key    string
		cached Entry
		hit    bool
	)
	if t.opts.Cache != nil && req.Method == http.MethodGet && t.cacheable(req) {
		key = cacheKey(t.identity(tok), req)
		if cached, hit, err = t.opts.Cache.Get(ctx, key); err != nil {
			if ctx.Err() == nil {
				t.log.Warn("http cache read", "endpoint", endpoint, "err", err)
			}
			hit = false
		}
	}
	retries, rateRetries := 0, 0
	for {
		if err := t.waitBlocked(ctx); err != nil {
			return nil, err
		}
		out, err := t.prepare(req, tok, hit, cached)
		if err != nil {
			return nil, err
		}
		t.count(endpoint)
		resp, body, err := t.attempt(out)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			if idempotent(req) && retries < t.opts.MaxRetries {
				retries++
				if err := t.backoff(ctx, retries, endpoint, "network_error"); err != nil {
					return nil, err
				}
				continue
			}
			return nil, fmt.Errorf("%s: %w", endpoint, err)
		}
		t.notePrimary(resp)
		if wait, ok := t.rateLimited(resp, body, rateRetries); ok {
			if rateRetries >= t.opts.MaxRateLimitRetries {
				return t.hide(respond(resp, body)), nil
			}
			if wait > t.opts.MaxWait {
				return nil, &RateLimitError{Endpoint: endpoint, Wait: wait}
			}
			rateRetries++
			if wait == 0 {
				continue // an exhausted primary limit: waitBlocked waits for the reset
			}
			if err := t.rateWait(ctx, wait, endpoint, resp.StatusCode); err != nil {
				return nil, err
			}
			continue
		}
		if resp.StatusCode >= 500 && idempotent(req) && retries < t.opts.MaxRetries {
			retries++
			if err := t.backoff(ctx, retries, endpoint, resp.Status); err != nil {
				return nil, err
			}
			continue
		}
		if resp.StatusCode == http.StatusNotModified && hit {
			t.mu.Lock()
			t.stats.NotModified++
			t.mu.Unlock()
			return t.hide(replay(resp, cached)), nil
		}
		if key != "" && resp.StatusCode == http.StatusOK {
			if etag := resp.Header.Get("ETag"); etag != "" {
				if err := t.opts.Cache.Put(ctx, key, Entry{ETag: etag, Body: body, Header: storedHeader(resp.Header)}); err != nil {
					t.log.Warn("http cache write", "endpoint", endpoint, "err", err)
				}
			}
		}
		return t.hide(respond(resp, body)), nil
	}
}

func (t *Transport) token(ctx context.Context) (Token, error) {
	if t.opts.TokenSource == nil {
		return t.opts.Token, nil
	}
	tok, err := t.opts.TokenSource.Token(ctx)
	if err != nil {
		return Token{}, fmt.Errorf("get token: %w", err)
	}
	return tok, nil
}

func (t *Transport) identity(tok Token) string {
	if t.opts.Identity != "" {
		return t.opts.Identity
	}
	return tok.Identity()
}

// cacheable reports whether a response to req may be stored: never one
// whose body can hold secret values (GitLab variables endpoints return
// values; GitHub variables are configuration values too).
func (t *Transport) cacheable(req *http.Request) bool {
	if hasVariablesSegment(req.URL.Path) {
		return false
	}
	return t.opts.NoStore == nil || !t.opts.NoStore(req)
}

// prepare clones req for one attempt: auth, conditional and UA headers,
// and a fresh body.
func (t *Transport) prepare(req *http.Request, tok Token, hit bool, cached Entry) (*http.Request, error) {
	out := req.Clone(req.Context())
	if req.Body != nil && req.Body != http.NoBody {
		if req.GetBody == nil {
			// a body that cannot be replayed: read it once.
			b, err := io.ReadAll(req.Body)
			if err != nil {
				return nil, fmt.Errorf("read request body: %w", err)
			}
			req.Body.Close()
			req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }
		}
		body, err := req.GetBody()
		if err != nil {
			return nil, fmt.Errorf("replay request body: %w", err)
		}
		out.Body = body
	}
	// The token goes only where the first request went: a redirect to
	// another server (whatever client follows it) is sent without it.
	if !tok.IsZero() && sameOrigin(firstURL(req), req.URL) {
		if t.opts.AuthHeader == "" {
			out.Header.Set("Authorization", "Bearer "+tok.Expose())
		} else {
			out.Header.Set(t.opts.AuthHeader, tok.Expose())
		}
	}
	if hit {
		out.Header.Set("If-None-Match", cached.ETag)
	}
	if out.Header.Get("User-Agent") == "" && t.opts.UserAgent != "" {
		out.Header.Set("User-Agent", t.opts.UserAgent)
	}
	return out, nil
}

// attempt does one round trip bounded by Timeout and reads the whole body.
func (t *Transport) attempt(req *http.Request) (*http.Response, []byte, error) {
	ctx, cancel := context.WithTimeout(req.Context(), t.opts.Timeout)
	defer cancel()
	resp, err := t.opts.Base.RoundTrip(req.WithContext(ctx))
	if err != nil {
		return nil, nil, scrub(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, t.opts.MaxBody+1))
	if err != nil {
		return nil, nil, fmt.Errorf("read response (%s): %w", resp.Status, scrub(err))
	}
	if int64(len(body)) > t.opts.MaxBody {
		return nil, nil, fmt.Errorf("response larger than %d bytes", t.opts.MaxBody)
	}
	return resp, body, nil
}

// scrub names a timeout plainly; other errors pass unchanged (URLs never
// carry tokens: they travel in headers).
func scrub(err error) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("request timed out: %w", context.DeadlineExceeded)
	}
	return err
}

func (t *Transport) count(endpoint string) {
	t.mu.Lock()
	t.stats.Requests++
	t.stats.Endpoints[endpoint]++
	t.mu.Unlock()
}

func (t *Transport) backoff(ctx context.Context, attempt int, endpoint, why string) error {
	d := t.opts.Backoff << (attempt - 1)
	if d > time.Minute {
		d = time.Minute
	}
	d += time.Duration(t.opts.Jitter() * float64(d) / 2)
	t.mu.Lock()
	t.stats.Retries++
	t.stats.WaitTime += d
	t.mu.Unlock()
	t.log.Debug("retry", "endpoint", endpoint, "reason", why, "attempt", attempt, "duration", d)
	return t.opts.Sleep(ctx, d)
}

func (t *Transport) rateWait(ctx context.Context, d time.Duration, endpoint string, status int) error {
	d += time.Duration(t.opts.Jitter() * float64(time.Second))
	t.mu.Lock()
	t.stats.RateLimitWaits++
	t.stats.WaitTime += d
	t.mu.Unlock()
	t.log.Info("rate limited", "endpoint", endpoint, "status", status, "duration", d)
	return t.opts.Sleep(ctx, d)
}

// hide applies HideExhaustedLimit to a response about to be returned.
func (t *Transport) hide(resp *http.Response) *http.Response {
	if t.opts.HideExhaustedLimit && resp.Header.Get("X-RateLimit-Remaining") == "0" {
		resp.Header.Set("X-RateLimit-Remaining", "1")
	}
	return resp
}

// respond gives resp a body that has been read already.
func respond(resp *http.Response, body []byte) *http.Response {
	resp.Body = io.NopCloser(bytes.NewReader(body))
	resp.ContentLength = int64(len(body))
	return resp
}

// replay answers a 304 with the stored response: status 200, the stored
// headers over the live ones (which keep the rate-limit counters).
func replay(resp *http.Response, e Entry) *http.Response {
	h := resp.Header.Clone()
	for k, v := range e.Header {
		h[k] = v
	}
	h.Set("ETag", e.ETag)
	h.Set("X-Privgraph-Cache", "revalidated")
	resp.StatusCode = http.StatusOK
	resp.Status = "200 OK"
	resp.Header = h
	return respond(resp, e.Body)
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	tm := time.NewTimer(d)
	defer tm.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-tm.C:
		return nil
	}
}
