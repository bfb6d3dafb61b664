package github_test

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/privgraph/privgraph/scanner"
	"github.com/privgraph/privgraph/scanner/github"
	"github.com/privgraph/privgraph/scanner/githubtest"
	"github.com/privgraph/privgraph/scanner/transport"
)

func TestPagination(t *testing.T) {
	org := githubtest.Synthetic(githubtest.SyntheticOptions{Repos: 130, Teams: 35, OrgSecrets: 35, BigRepo: 120})
	srv := githubtest.NewServer(t, org)
	s, _ := newScanner(t, srv, github.Options{}, nil)
	f, err := s.Scan(t.Context(), "synthetic")
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Repositories) != 131 || len(f.Teams) != 35 || len(f.Credentials) != 35 {
		t.Errorf("repositories %d, teams %d, org secrets %d; want 131, 35, 35", len(f.Repositories), len(f.Teams), len(f.Credentials))
	}
	if n := len(f.Teams[0].RepositoryPermissions); n != 130 {
		t.Errorf("team-00 repositories = %d, want 130 (two pages of 100)", n)
	}
	big := findRepo(t, f, "synthetic/big")
	count := map[scanner.CredentialKind]int{}
	for _, c := range big.Credentials {
		count[c.Kind]++
	}
	if count[scanner.ActionsSecret] != 120 || count[scanner.DeployKey] != 120 || len(big.Environments) != 120 {
		t.Errorf("big: %d secrets, %d deploy keys, %d environments; want 120 each", count[scanner.ActionsSecret], count[scanner.DeployKey], len(big.Environments))
	}
	var graphql, secondPages int
	for _, r := range srv.Requests() {
		if r.Endpoint == "POST /graphql" {
			graphql++
		}
		if r.Query.Get("page") == "2" && r.Query.Get("per_page") == "100" {
			secondPages++
		}
		if r.Method == http.MethodGet && r.Query.Get("per_page") != "100" && strings.Contains(r.Endpoint, "secrets") {
			t.Errorf("%s %s sent without per_page=100", r.Method, r.Path)
		}
	}
	if graphql != 3 || secondPages < 4 {
		t.Errorf("%d GraphQL pages (want 3 of 50), %d second REST pages (want ≥ 4)", graphql, secondPages)
	}
}

func TestFaults(t *testing.T) {
	tests := []struct {
		name    string
		fault   githubtest.Fault
		wantGap string // "" = no gap
		check   func(t *testing.T, f *scanner.Facts, w []time.Duration, st transport.Stats)
	}{
		{name: "403 on org secrets is a gap naming the permission",
			fault:   githubtest.Fault{Match: "GET /orgs/{name}/actions/secrets", Status: 403},
			wantGap: "organization Actions secrets: GitHub answered 403; the token needs the organization Secrets read permission (classic: admin:org)",
			check: func(t *testing.T, f *scanner.Facts, _ []time.Duration, _ transport.Stats) {
				if findCred(f.Credentials, scanner.ActionsSecret, "NPM_TOKEN") != nil {
					t.Error("org secrets present despite 403")
				}
				if findCred(f.Credentials, scanner.DependabotSecret, "NPM_READ_TOKEN") == nil {
					t.Error("the rest of the organization was not read")
				}
			}},
		{name: "404 on one repository's environments is a gap",
			fault:   githubtest.Fault{Match: "/repos/demo/payments-api/environments", Status: 404},
			wantGap: "demo/payments-api: environments: GitHub answered 404; the token needs the repository Environments read permission (classic: repo)"},
		{name: "403 on deploy keys is a gap",
			fault:   githubtest.Fault{Match: "/repos/demo/legacy-billing/keys", Status: 403},
			wantGap: "demo/legacy-billing: deploy keys: GitHub answered 403; the token needs the repository Administration read permission (classic: repo)"},
		{name: "a burst of 5xx is retried",
			fault: githubtest.Fault{Match: "/repos/demo/web-frontend/actions/secrets", Status: 502, Times: 2},
			check: func(t *testing.T, f *scanner.Facts, w []time.Duration, st transport.Stats) {
				if findCred(findRepo(t, f, "demo/web-frontend").Credentials, scanner.ActionsSecret, "VERCEL_TOKEN") == nil || st.Retries != 2 {
					t.Errorf("VERCEL_TOKEN missing or %d retries, want read after 2 retries", st.Retries)
				}
			}},
		{name: "persistent 5xx becomes a gap after the retries",
			fault:   githubtest.Fault{Match: "GET /orgs/{name}/actions/runner-groups", Status: 500},
			wantGap: "self-hosted runner groups: GitHub answered 500 after retries; scan again to fill it in",
			check: func(t *testing.T, f *scanner.Facts, w []time.Duration, st transport.Stats) {
				if st.Retries != 3 {
					t.Errorf("retries = %d, want 3", st.Retries)
				}
			}},
		{name: "secondary rate limit waits Retry-After",
			fault: githubtest.Fault{Match: "GET /orgs/{name}/teams", Secondary: true, RetryAfter: 7, Times: 1},
			check: func(t *testing.T, f *scanner.Facts, w []time.Duration, st transport.Stats) {
				if len(f.Teams) != 8 || st.RateLimitWaits != 1 || !slices.ContainsFunc(w, func(d time.Duration) bool { return d >= 7*time.Second && d < 9*time.Second }) {
					t.Errorf("teams %d, rate-limit waits %d, sleeps %v; want 8 teams after one wait of 7s+jitter", len(f.Teams), st.RateLimitWaits, w)
				}
			}},
		{name: "primary rate limit waits for the reset",
			fault: githubtest.Fault{Match: "GET /orgs/{name}/installations", PrimaryExhausted: true, ResetIn: 2 * time.Minute, Times: 1},
			check: func(t *testing.T, f *scanner.Facts, w []time.Duration, st transport.Stats) {
				if len(f.Identities) != 3 || st.RateLimitWaits < 1 || !slices.ContainsFunc(w, func(d time.Duration) bool { return d > time.Minute }) {
					t.Errorf("identities %d, rate-limit waits %d, sleeps %v; want all read after waiting for the reset", len(f.Identities), st.RateLimitWaits, w)
				}
			}},
		{name: "GraphQL rate limit waits for the reset",
			fault: githubtest.Fault{Match: "POST /graphql", PrimaryExhausted: true, ResetIn: 3 * time.Minute, Times: 1},
			check: func(t *testing.T, f *scanner.Facts, w []time.Duration, st transport.Stats) {
				if len(f.Repositories) != 13 || st.RateLimitWaits != 1 || !slices.ContainsFunc(w, func(d time.Duration) bool { return d > 2*time.Minute }) {
					t.Errorf("repositories %d, rate-limit waits %d, sleeps %v; want all read after waiting for the reset", len(f.Repositories), st.RateLimitWaits, w)
				}
			}},
		{name: "a slow answer times out and is retried",
			fault: githubtest.Fault{Match: "/repos/demo/docs-site/actions/secrets", Delay: 400 * time.Millisecond, Times: 1},
			check: func(t *testing.T, f *scanner.Facts, w []time.Duration, st transport.Stats) {
				if findCred(findRepo(t, f, "demo/docs-site").Credentials, scanner.ActionsSecret, "ALGOLIA_ADMIN_KEY") == nil || st.Retries < 1 {
					t.Errorf("docs-site secret missing or no retry (%d)", st.Retries)
				}
			}},
		{name: "truncated JSON is retried",
			fault: githubtest.Fault{Match: "/repos/demo/mobile-app/dependabot/secrets", Truncate: true, Times: 1},
			check: func(t *testing.T, f *scanner.Facts, w []time.Duration, st transport.Stats) {
				if findCred(findRepo(t, f, "demo/mobile-app").Credentials, scanner.DependabotSecret, "NPM_READ_TOKEN") == nil {
					t.Error("mobile-app Dependabot secret missing after a truncated answer")
				}
			}},
		{name: "a GraphQL field the token may not read is a gap",
			fault:   githubtest.Fault{Match: "graphql:branchProtectionRules"},
			wantGap: "repositories (GraphQL): Resource not accessible by integration; some protection or key fields may be missing (the token needs the repository Administration read permission (classic: repo))",
			check: func(t *testing.T, f *scanner.Facts, _ []time.Duration, _ transport.Stats) {
				if p := findRepo(t, f, "demo/payments-api").Protections; len(p) != 0 {
					t.Errorf("payments-api protections = %v, want none read", p)
				}
				if p := findRepo(t, f, "demo/go-service").Protections; len(p) != 1 {
					t.Errorf("go-service rulesets = %v, want still read", p)
				}
			}},
		{name: "persistently truncated JSON is a gap",
			fault:   githubtest.Fault{Match: "/repos/demo/mobile-app/dependabot/secrets", Truncate: true},
			wantGap: "demo/mobile-app: Dependabot secrets: GitHub's answer was not valid JSON; scan again to fill it in"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := githubtest.NewServer(t, githubtest.DemoOrg())
			srv.Fail(tc.fault)
			s, w := newScanner(t, srv, github.Options{HTTP: transport.Options{Timeout: 200 * time.Millisecond}}, nil)
			f, err := s.Scan(t.Context(), "demo")
			if err != nil {
				t.Fatalf("Scan: %v, want a scan that goes on", err)
			}
			want := []string{}
			if tc.wantGap != "" {
				want = []string{tc.wantGap}
			}
			if got := append([]string{}, f.Gaps...); !slices.Equal(got, want) {
				t.Errorf("gaps = %q, want %q", got, want)
			}
			if tc.check != nil {
				tc.check(t, f, w.all(), s.Stats())
			}
		})
	}
}

func TestScanFailures(t *testing.T) {
	tests := []struct {
		name  string
		setup func(srv *githubtest.Server)
		url   func(srv *githubtest.Server) string
		want  func(err error) bool
	}{
		{"bad credentials", func(srv *githubtest.Server) { srv.SetTokens("another-token") }, nil,
			func(err error) bool { return errors.Is(err, github.ErrBadCredentials) }},
		{"401 in the middle of the scan", func(srv *githubtest.Server) {
			srv.Fail(githubtest.Fault{Match: "GET /repos/{owner}/{repo}/dependabot/secrets", Status: 401})
		}, nil, func(err error) bool { return errors.Is(err, github.ErrBadCredentials) }},
		{"unknown organization", nil, nil, nil},
		{"GraphQL down", func(srv *githubtest.Server) { srv.Fail(githubtest.Fault{Match: "POST /graphql", Status: 502}) }, nil,
			func(err error) bool { return strings.Contains(err.Error(), "repositories") }},
		{"unreachable API", nil, func(srv *githubtest.Server) string {
			dead := httptest.NewServer(http.NotFoundHandler())
			dead.Close()
			return dead.URL + "/api/v3/"
		}, func(err error) bool {
			// one readable line: the host and the network's words, not the request chain
			m := err.Error()
			return strings.Contains(m, "GitHub API at 127.0.0.1:") && strings.Contains(m, "connection refused") &&
				strings.Contains(m, "check --api-url") && !strings.Contains(m, `Get "`)
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := githubtest.NewServer(t, githubtest.DemoOrg())
			if tc.setup != nil {
				tc.setup(srv)
			}
			logs := &syncBuffer{}
			opts := github.Options{}
			s, _ := newScanner(t, srv, opts, logs)
			if tc.url != nil {
				opts.BaseURL = tc.url(srv)
				opts.Token = transport.NewToken(testToken)
				opts.Logger = nil
				opts.HTTP.Sleep = (&waits{}).Sleep
				s = github.New(opts)
			}
			org := "demo"
			if tc.name == "unknown organization" {
				org = "nope"
				tc.want = func(err error) bool { return strings.Contains(err.Error(), `organization "nope" not found`) }
			}
			f, err := s.Scan(t.Context(), org)
			if err == nil || !tc.want(err) || (f != nil && (len(f.Repositories) > 0 || len(f.Credentials) > 0)) {
				t.Fatalf("Scan = %v, %v; want no inventory and the documented error", f, err)
			}
			for _, out := range []string{err.Error(), fmt.Sprintf("%+v %#v", err, err), logs.String()} {
				if strings.Contains(out, "SENTINEL") {
					t.Errorf("token text in output: %s", out)
				}
			}
		})
	}
}
