// Package github scans a GitHub organization (github.com or Enterprise
// Server) into scanner.Facts through go-github and the shared transport:
// organization Actions settings, secrets, variables' names, app
// installations, runner groups, teams; and for every repository its
// visibility, workflow files (parsed by the workflow engine), environments
// and their protection and secrets, secrets, Dependabot secrets, deploy
// keys, branch protection and rulesets of the default branch, CODEOWNERS,
// runners and teams. Repository metadata and files come in GraphQL v4
// batches; everything else from REST with per_page=100 and ETags.
//
// A 403 or 404 on one resource is a coverage gap (Facts.Gaps) naming the
// permission the token lacks; bad credentials, an unreachable API or a
// cancelled context end the scan with an error.
package github

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	gh "github.com/google/go-github/v60/github"

	"github.com/privgraph/privgraph/scanner"
	"github.com/privgraph/privgraph/scanner/transport"
)

// DefaultBaseURL is github.com's REST API.
const DefaultBaseURL = "https://api.github.com/"

// Options configure a Scanner. Token or App is required.
type Options struct {
	// BaseURL is the REST API root: https://api.github.com/ (default) or
	// https://HOST/api/v3/ for Enterprise Server.
	BaseURL string
	// Token is a classic or fine-grained PAT, or an installation token.
	Token transport.Token
	// App authenticates as a GitHub App installation instead of Token.
	App *App
	// Cache stores ETags for conditional requests (transport.NewEntCache
	// keeps them in the inventory for the next scan).
	Cache transport.Cache
	// HTTP configures the transport (Base round tripper, Sleep, Timeout,
	// retries); its Token, TokenSource, Identity, Cache, Logger and
	// Endpoint are set by the scanner.
	HTTP transport.Options
	// Concurrency is the number of repositories read at once (default 8).
	Concurrency int
	// SkipArchived leaves archived repositories out.
	SkipArchived bool
	// RepoActionsPolicy reads each repository's own Actions permissions
	// (GET /repos/{owner}/{repo}/actions/permissions: enabled and allowed
	// actions), which may be narrower than the organization's. It costs one
	// request per repository, skipped where the organization's policy
	// already disables Actions. Off, each repository gets the
	// organization's policy.
	RepoActionsPolicy bool
	// PageSize is the number of repositories per GraphQL query (default 50).
	PageSize int
	Logger   *slog.Logger
	// Progress is called as repositories complete.
	Progress func(Progress)
	Now      func() time.Time
}

// Progress is a snapshot of a running scan.
type Progress struct {
	ReposDone, ReposTotal                 int
	Requests, NotModified, RateLimitWaits int
}

// Scanner scans organizations. It implements scanner.Source.
type Scanner struct {
	opts       Options
	log        *slog.Logger
	now        func() time.Time
	transport  *transport.Transport
	client     *gh.Client
	graphqlURL string
	app        *appSource
	err        error
}

// New returns a Scanner; configuration errors surface from Scan.
func New(opts Options) *Scanner {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Concurrency <= 0 {
		opts.Concurrency = 8
	}
	if opts.PageSize <= 0 || opts.PageSize > 100 {
		opts.PageSize = 50
	}
	if opts.BaseURL == "" {
		opts.BaseURL = DefaultBaseURL
	}
	if !strings.HasSuffix(opts.BaseURL, "/") {
		opts.BaseURL += "/"
	}
	s := &Scanner{opts: opts, log: opts.Logger, now: opts.Now}
	base, err := url.Parse(opts.BaseURL)
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		s.err = fmt.Errorf("API URL %q is not an http(s) URL; pass the REST root, e.g. https://github.example.com/api/v3/", opts.BaseURL)
		return s
	}
	topts := opts.HTTP
	topts.Logger = opts.Logger.With("component", "transport")
	topts.Cache = opts.Cache
	topts.Token = opts.Token
	topts.HideExhaustedLimit = true // the transport waits; go-github must not refuse
	if topts.UserAgent == "" {
		topts.UserAgent = "privgraph"
	}
	if opts.App != nil {
		app, err := newAppSource(opts.App, opts.BaseURL, opts.HTTP, opts.Now)
		if err != nil {
			s.err = err
			return s
		}
		s.app = app
		topts.TokenSource = app
		topts.Identity = app.identity()
	} else if opts.Token.IsZero() {
		s.err = errors.New("no GitHub token: set GITHUB_TOKEN, or pass --app-id and --app-key for a GitHub App")
		return s
	}
	s.transport = transport.New(topts)
	client := gh.NewClient(s.transport.Client())
	if opts.BaseURL != DefaultBaseURL {
		if client, err = client.WithEnterpriseURLs(opts.BaseURL, opts.BaseURL); err != nil {
			s.err = fmt.Errorf("API URL %q: %w", opts.BaseURL, err)
			return s
		}
	}
	s.client = client
	s.graphqlURL = graphqlURL(client.BaseURL)
	return s
}

// graphqlURL is /api/graphql next to /api/v3/ (Enterprise Server), else
// BASE/graphql (api.github.com/graphql).
func graphqlURL(base *url.URL) string {
	u := *base
	if strings.HasSuffix(u.Path, "/api/v3/") {
		u.Path = strings.TrimSuffix(u.Path, "/v3/") + "/graphql"
	} else {
		u.Path = strings.TrimSuffix(u.Path, "/") + "/graphql"
	}
	return u.String()
}

// Stats are the transport's counts so far, over every scan of this Scanner.
func (s *Scanner) Stats() transport.Stats {
	if s.transport == nil {
		return transport.Stats{Endpoints: map[string]int{}}
	}
	return s.transport.Stats()
}

// scan is the state of one Scan call.
type scan struct {
	*Scanner
	org   string
	facts *scanner.Facts
	mu    sync.Mutex
	// orgWorkflowDefault is the organization's default GITHUB_TOKEN
	// permission ("" when unreadable).
	orgWorkflowDefault string
	// enabledPolicy is the organization's enabled_repositories (all,
	// selected, none; "" when unread) and enabledRepos the selected ones.
	enabledPolicy string
	enabledRepos  map[string]bool
	orgCanApprove *bool
	done          int
	// base is the transport's counts when this scan started (a Scanner
	// may run several scans).
	base transport.Stats
}

// counts are this scan's requests, not-modified answers and rate-limit
// waits.
func (st *scan) counts() (requests, notModified, waits int) {
	now := st.Stats()
	return now.Requests - st.base.Requests, now.NotModified - st.base.NotModified, now.RateLimitWaits - st.base.RateLimitWaits
}

// Scan reads one organization.
func (s *Scanner) Scan(ctx context.Context, org string) (*scanner.Facts, error) {
	if s.err != nil {
		return nil, s.err
	}
	org = strings.TrimSpace(org)
	if org == "" || strings.ContainsAny(org, "/?#% ") {
		return nil, fmt.Errorf("organization %q is not a GitHub login; pass --org with the organization's name", org)
	}
	st := &scan{Scanner: s, org: org, facts: &scanner.Facts{Platform: scanner.GitHub, Target: org}, base: s.Stats()}
	start := s.now()
	if s.app != nil {
		if err := s.app.resolve(ctx, org); err != nil {
			return st.fail(err)
		}
	}
	if err := st.readOrg(ctx); err != nil {
		return st.fail(err)
	}
	repos, err := st.listRepositories(ctx)
	if err != nil {
		return st.fail(err)
	}
	if err := st.readOrgResources(ctx); err != nil {
		return st.fail(err)
	}
	if err := st.readRepositories(ctx, repos); err != nil {
		return st.fail(err)
	}
	st.finish()
	s.log.Info("scan read", "owner", org, "repositories", len(st.facts.Repositories),
		"requests", st.facts.Requests, "not_modified", st.facts.NotModified, "duration", s.now().Sub(start))
	return st.facts, nil
}

// fail returns the error with facts that hold only the request counts and
// gaps so far (for the failed Scan row; nothing else may be written).
func (st *scan) fail(err error) (*scanner.Facts, error) {
	requests, notModified, _ := st.counts()
	st.mu.Lock()
	defer st.mu.Unlock()
	return &scanner.Facts{Platform: scanner.GitHub, Target: st.org, Gaps: dedupe(slices.Sorted(slices.Values(st.facts.Gaps))),
		Requests: requests, NotModified: notModified}, err
}

// finish sorts what concurrency shuffled and records the counts.
func (st *scan) finish() {
	f := st.facts
	sort.Slice(f.Repositories, func(i, j int) bool { return f.Repositories[i].FullName < f.Repositories[j].FullName })
	sort.Strings(f.Gaps)
	f.Gaps = dedupe(f.Gaps)
	f.Requests, f.NotModified, _ = st.counts()
}

// unread records, when err is not nil, that a part of the inventory was not
// read, so that ingesting a partial scan keeps what an earlier scan found
// there (scanner.Facts.Unread). repo "" is the organization level.
func (st *scan) unread(err error, what, repo string) {
	if err == nil {
		return
	}
	st.mu.Lock()
	st.facts.Unread = append(st.facts.Unread, scanner.Unread{What: what, Repository: repo})
	st.mu.Unlock()
}

func (st *scan) addGap(msg string) {
	st.mu.Lock()
	st.facts.Gaps = append(st.facts.Gaps, msg)
	st.mu.Unlock()
}

func (st *scan) progress() {
	if st.opts.Progress == nil {
		return
	}
	requests, notModified, waits := st.counts()
	st.mu.Lock()
	p := Progress{ReposDone: st.done, ReposTotal: len(st.facts.Repositories),
		Requests: requests, NotModified: notModified, RateLimitWaits: waits}
	st.mu.Unlock()
	st.opts.Progress(p)
}

func dedupe(s []string) []string {
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}

// ErrBadCredentials is returned when GitHub rejects the token.
var ErrBadCredentials = errors.New("GitHub rejected the credentials (401 Bad credentials): check that GITHUB_TOKEN (or the App's key and id) is valid and not expired")

// classify decides what an API error means for the scan: nil and a gap for
// a 403/404 (and for a 5xx that outlived the retries), the error otherwise.
// what names the resource, need the permission it takes.
func (st *scan) classify(err error, what, need string) error {
	if err == nil {
		return nil
	}
	var er *gh.ErrorResponse
	var rl *gh.RateLimitError
	var ab *gh.AbuseRateLimitError
	switch {
	case errors.As(err, &rl), errors.As(err, &ab):
		return fmt.Errorf("%s: GitHub's rate limit stopped the scan; run it again later or use a GitHub App (it has its own limit)", what)
	case errors.As(err, &er) && er.Response != nil:
		code := er.Response.StatusCode
		switch {
		case code == http.StatusUnauthorized:
			return ErrBadCredentials
		case code == http.StatusForbidden || code == http.StatusNotFound:
			st.addGap(fmt.Sprintf("%s: GitHub answered %d; the token needs %s", what, code, need))
			return nil
		case code >= 500:
			st.addGap(fmt.Sprintf("%s: GitHub answered %d after retries; scan again to fill it in", what, code))
			return nil
		default:
			st.addGap(fmt.Sprintf("%s: GitHub answered %d", what, code))
			return nil
		}
	}
	var ae *appAuthError
	if errors.As(err, &ae) {
		return ae // the App's credentials, not the network
	}
	var je *jsonError
	if errors.As(err, &je) {
		st.addGap(fmt.Sprintf("%s: GitHub's answer was not valid JSON; scan again to fill it in", what))
		return nil
	}
	return fmt.Errorf("%s: %w", what, unreachable(err))
}

// unreachable rewords transport failures as what to do.
func unreachable(err error) error {
	if errors.Is(err, context.Canceled) {
		return err
	}
	var rle *transport.RateLimitError
	if errors.As(err, &rle) {
		return err
	}
	return &unreachableError{err: err}
}

// unreachableError is a request that got no HTTP answer. Its message keeps
// the host and the network's own words ("dial tcp …: connection refused"),
// not the whole chain of wrapped request errors.
type unreachableError struct{ err error }

func (e *unreachableError) Error() string {
	host, cause := "", e.err
	var ue *url.Error
	if errors.As(e.err, &ue) {
		if u, err := url.Parse(ue.URL); err == nil {
			host = " at " + u.Host
		}
		cause = ue.Err
	}
	var op *net.OpError
	if errors.As(cause, &op) {
		cause = op
	}
	return fmt.Sprintf("GitHub API%s unreachable (%v): check --api-url and the network", host, cause)
}

func (e *unreachableError) Unwrap() error { return e.err }

// jsonError marks a body that did not decode.
type jsonError struct{ err error }

func (e *jsonError) Error() string { return "decode response: " + e.err.Error() }
func (e *jsonError) Unwrap() error { return e.err }

// isGitHubStatus reports whether err is a GitHub answer with this status.
func isGitHubStatus(err error, code int) bool {
	var er *gh.ErrorResponse
	return errors.As(err, &er) && er.Response != nil && er.Response.StatusCode == code
}
