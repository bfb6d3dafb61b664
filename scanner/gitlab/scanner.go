// Package gitlab scans a GitLab group (gitlab.com or self-managed), its
// subgroups and projects through the maintained GitLab client
// (gitlab.com/gitlab-org/api/client-go) into scanner.Facts: CI/CD variables,
// access and deploy tokens, deploy keys, runners, environments, protected
// branches, merge-request approvals, job token settings, CODEOWNERS and the
// parsed .gitlab-ci.yml of each project.
//
// Variable values are turned into HMAC fingerprints in the function that
// decodes the response (variables.go); no struct of this package holds one.
package gitlab

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"

	gl "gitlab.com/gitlab-org/api/client-go"

	"github.com/privgraph/privgraph/scanner"
	"github.com/privgraph/privgraph/scanner/fingerprint"
)

// DefaultURL is gitlab.com.
const DefaultURL = "https://gitlab.com"

// DefaultConcurrency is how many projects are scanned at once.
const DefaultConcurrency = 8

// Options configure a Scanner. The zero value scans gitlab.com without
// credentials and without fingerprints.
type Options struct {
	// HTTPClient carries every request; it authenticates them (the shared
	// transport sets the token) and handles retries and rate limits. Nil
	// means a plain client with a 60 s timeout.
	HTTPClient *http.Client
	// BaseURL is the instance, e.g. https://gitlab.example.com (the API
	// path /api/v4/ is added when missing).
	BaseURL string
	// Fingerprinter turns variable values into fingerprints; nil drops the
	// values without a fingerprint.
	Fingerprinter *fingerprint.Fingerprinter
	// Concurrency bounds the groups and projects scanned at once (default 8).
	Concurrency int
	Logger      *slog.Logger
	// Progress reports what the scan is doing (CLI output, not logging).
	Progress func(format string, args ...any)
	// MaxFileBytes bounds each file read from a repository (default 1 MiB).
	MaxFileBytes int64
	// MaxIncludes bounds the include: local files read per project (default 100).
	MaxIncludes int
	// Counts, when set, reports the requests and 304s of the scan (the
	// shared transport's counts, which see retries); otherwise the
	// scanner counts the requests it sends.
	Counts func() (requests, notModified int)
}

// Scanner scans GitLab groups. It is safe for one Scan at a time.
type Scanner struct {
	opts     Options
	log      *slog.Logger
	progress func(format string, args ...any)
	http     *http.Client
	counter  *counter
}

// New returns a Scanner.
func New(opts Options) *Scanner {
	if opts.BaseURL == "" {
		opts.BaseURL = DefaultURL
	}
	if opts.Concurrency <= 0 {
		opts.Concurrency = DefaultConcurrency
	}
	if opts.MaxFileBytes <= 0 {
		opts.MaxFileBytes = 1 << 20
	}
	if opts.MaxIncludes <= 0 {
		opts.MaxIncludes = 100
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	progress := opts.Progress
	if progress == nil {
		progress = func(string, ...any) {}
	}
	base := opts.HTTPClient
	if base == nil {
		base = &http.Client{Timeout: 60 * time.Second}
	}
	next := base.Transport
	if next == nil {
		next = http.DefaultTransport.(*http.Transport).Clone()
	}
	cnt := &counter{next: next}
	hc := *base
	hc.Transport = cnt
	return &Scanner{opts: opts, log: log, progress: progress, http: &hc, counter: cnt}
}

var _ scanner.Source = (*Scanner)(nil)

// Scan inventories group (its full path, e.g. "acme" or "acme/platform") and
// everything below it. A 403 or 404 on one resource becomes a gap in Facts;
// a 401, an unreachable instance, a missing group or a cancelled ctx is an
// error.
func (s *Scanner) Scan(ctx context.Context, group string) (*scanner.Facts, error) {
	group = strings.Trim(strings.TrimSpace(group), "/")
	if group == "" {
		return nil, errors.New("no group to scan: pass the group's full path, e.g. --group acme or --group acme/platform")
	}
	c, err := s.client()
	if err != nil {
		return nil, err
	}
	s.counter.reset()
	run := &scan{
		s: s, c: c, group: group, gaps: newGaps(),
		facts:   &scanner.Facts{Platform: scanner.GitLab, Target: group},
		runners: map[int64]*runnerDetail{},
	}
	start := time.Now()
	if err := run.do(ctx); err != nil {
		return nil, err
	}
	f := run.facts
	f.Gaps = run.gaps.sentences()
	f.Unread = run.gaps.unreadParts()
	f.Requests = int(s.counter.requests.Load())
	f.NotModified = int(s.counter.notModified.Load())
	if s.opts.Counts != nil {
		f.Requests, f.NotModified = s.opts.Counts()
	}
	sortFacts(f)
	s.log.Info("scan read", "owner", group, "subgroups", len(f.Subgroups), "repositories", len(f.Repositories),
		"requests", f.Requests, "gaps", len(f.Gaps), "duration", time.Since(start))
	return f, nil
}

// client builds the GitLab client on the injected HTTP client. Retries and
// rate limiting are the transport's job: client-go's own are switched off
// so that a request is never retried twice over.
func (s *Scanner) client() (*gl.Client, error) {
	u, err := url.Parse(s.opts.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("GitLab URL %q is not an http(s) URL: pass --url like https://gitlab.example.com", s.opts.BaseURL)
	}
	c, err := gl.NewAuthSourceClient(gl.Unauthenticated{},
		gl.WithURLWarningLogger(s.log),
		gl.WithHTTPClient(s.http),
		gl.WithBaseURL(s.opts.BaseURL),
		gl.WithoutRetries(),
		gl.WithCustomLimiter(noLimit{}),
		gl.WithUserAgent("privgraph"),
	)
	if err != nil {
		return nil, fmt.Errorf("set up the GitLab client for %s: %w", s.opts.BaseURL, err)
	}
	return c, nil
}

// noLimit leaves rate limiting to the transport, which reads RateLimit-*.
type noLimit struct{}

func (noLimit) Wait(ctx context.Context) error { return ctx.Err() }

// scan is the state of one Scan call.
type scan struct {
	s     *Scanner
	c     *gl.Client
	group string
	facts *scanner.Facts
	gaps  *gaps

	mu      sync.Mutex
	runners map[int64]*runnerDetail // runner id -> detail, read once
	groups  map[int64]string        // group id -> full path
	// bots maps the user id of a bot or service account to its username.
	bots map[int64]string
	// groupEnvs are group-level protected environments (by tier), by group path.
	groupEnvs map[string][]apiProtectedEnv
}

func (r *scan) do(ctx context.Context) error {
	me, err := r.whoami(ctx)
	if err != nil {
		return err
	}
	top, err := r.topGroup(ctx)
	if err != nil {
		return err
	}
	r.s.progress("scanning GitLab group %s at %s", top.FullPath, r.s.opts.BaseURL)
	subs, err := r.subgroups(ctx, top)
	if err != nil {
		return err
	}
	all := append([]apiGroup{top}, subs...)
	r.groups = map[int64]string{}
	for _, g := range all {
		r.groups[g.ID] = g.FullPath
	}
	r.facts.Owner = toOwner(top, "")
	for _, g := range subs {
		r.facts.Subgroups = append(r.facts.Subgroups, toOwner(g, r.groups[g.ParentID]))
	}
	if err := r.instance(ctx, me); err != nil {
		return err
	}
	if err := r.scanGroups(ctx, all); err != nil {
		return err
	}
	projects, err := r.projects(ctx, top)
	if err != nil {
		return err
	}
	r.s.progress("found %d subgroups and %d projects", len(subs), len(projects))
	return r.scanProjects(ctx, projects)
}

// forEach runs fn on items with at most Concurrency at once and returns
// the first error (after which the remaining items are skipped).
func forEach[T any](ctx context.Context, n int, items []T, fn func(context.Context, T) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg       sync.WaitGroup
		once     sync.Once
		firstErr error
	)
	work := make(chan T)
	for range min(n, max(len(items), 1)) {
		wg.Go(func() {
			for it := range work {
				if err := fn(ctx, it); err != nil {
					once.Do(func() { firstErr = err; cancel() })
				}
			}
		})
	}
feed:
	for _, it := range items {
		select {
		case work <- it:
		case <-ctx.Done():
			break feed
		}
	}
	close(work)
	wg.Wait()
	if firstErr != nil {
		return firstErr
	}
	return ctx.Err()
}

// sortFacts puts everything in a stable order, whatever order the workers
// finished in.
func sortFacts(f *scanner.Facts) {
	sort.Slice(f.Subgroups, func(i, j int) bool { return f.Subgroups[i].Name < f.Subgroups[j].Name })
	sort.Slice(f.Repositories, func(i, j int) bool { return f.Repositories[i].FullName < f.Repositories[j].FullName })
	sort.SliceStable(f.Credentials, func(i, j int) bool { return credLess(f.Credentials[i], f.Credentials[j]) })
	sort.Slice(f.Identities, func(i, j int) bool { return f.Identities[i].Name < f.Identities[j].Name })
	sort.Slice(f.RunnerGroups, func(i, j int) bool {
		a, b := f.RunnerGroups[i], f.RunnerGroups[j]
		if a.Level != b.Level {
			return a.Level < b.Level
		}
		return a.Name < b.Name
	})
	for i := range f.Repositories {
		r := &f.Repositories[i]
		sort.SliceStable(r.Credentials, func(i, j int) bool { return credLess(r.Credentials[i], r.Credentials[j]) })
	}
}

func credLess(a, b scanner.Credential) bool {
	if a.OwnerName != b.OwnerName {
		return a.OwnerName < b.OwnerName
	}
	if a.Kind != b.Kind {
		return a.Kind < b.Kind
	}
	if a.Name != b.Name {
		return a.Name < b.Name
	}
	if a.EnvironmentScope != b.EnvironmentScope {
		return a.EnvironmentScope < b.EnvironmentScope
	}
	return a.ID < b.ID
}
