package gitlab_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/privgraph/privgraph/scanner/gitlab"
	"github.com/privgraph/privgraph/scanner/gitlabtest"
	"github.com/privgraph/privgraph/scanner/transport"
)

func TestFaultsBecomeGaps(t *testing.T) {
	tests := []struct {
		name    string
		inject  func(h *gitlabtest.Handler)
		wantGap string
	}{
		{
			name:    "403 on project variables",
			inject:  func(h *gitlabtest.Handler) { h.Forbid("/projects/*/variables") },
			wantGap: "GitLab answered 403 for the CI/CD variables of 4 groups or projects (demo/platform/infra-live, demo/platform/payments-api, demo/web/legacy-site, demo/web/storefront); reading them needs the Maintainer role on projects (Owner on groups).",
		},
		{
			name:    "404 on group access tokens",
			inject:  func(h *gitlabtest.Handler) { h.Fail("/groups/101/access_tokens", 404, -1) },
			wantGap: "GitLab answered 404 for the access tokens of demo/platform; reading them needs the Maintainer role on projects (Owner on groups).",
		},
		{
			name:    "403 on protected environments",
			inject:  func(h *gitlabtest.Handler) { h.Forbid("/projects/1002/protected_environments") },
			wantGap: "GitLab answered 403 for the protected environments of demo/platform/infra-live; reading them needs the Maintainer role (protected environments are a Premium feature).",
		},
		{
			name:    "403 on the CI file",
			inject:  func(h *gitlabtest.Handler) { h.Forbid("/projects/1001/repository/files/%2Egitlab-ci%2Eyml/raw") },
			wantGap: "GitLab answered 403 for the CI configuration files of demo/platform/payments-api; reading them needs the Reporter role and the read_api scope.",
		},
		{
			name:    "403 on subgroups",
			inject:  func(h *gitlabtest.Handler) { h.Forbid("/groups/100/descendant_groups") },
			wantGap: "GitLab answered 403 for the subgroups of demo; reading them needs the Reporter role on the group.",
		},
		{
			name:    "403 on job token settings",
			inject:  func(h *gitlabtest.Handler) { h.Forbid("/projects/*/job_token_scope") },
			wantGap: "GitLab answered 403 for the CI/CD job token settings of 4 groups or projects",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t, gitlabtest.DemoFixture())
			tc.inject(r.srv.Handler)
			f, err := r.scanner.Scan(t.Context(), "demo")
			if err != nil {
				t.Fatalf("Scan = %v, want success with a gap", err)
			}
			found := false
			for _, g := range f.Gaps {
				if strings.HasPrefix(g, tc.wantGap) {
					found = true
				}
			}
			if !found {
				t.Errorf("Gaps = %q\nwant one starting %q", f.Gaps, tc.wantGap)
			}
			if len(f.Repositories) == 0 {
				t.Error("no repositories: a gap must not stop the scan")
			}
		})
	}
}

func TestFaultsRecovered(t *testing.T) {
	tests := []struct {
		name      string
		inject    func(h *gitlabtest.Handler)
		endpoint  string
		wantCalls int
		wantWait  time.Duration
	}{
		{name: "5xx burst is retried", inject: func(h *gitlabtest.Handler) { h.Fail("/projects/1001/variables", 502, 2) },
			endpoint: "/projects/1001/variables", wantCalls: 3},
		{name: "429 waits Retry-After", inject: func(h *gitlabtest.Handler) { h.RateLimit("/groups/100/variables", 1, 7*time.Second) },
			endpoint: "/groups/100/variables", wantCalls: 2, wantWait: 7 * time.Second},
		{name: "one truncated body is asked again", inject: func(h *gitlabtest.Handler) { h.Truncate("/projects/1003/variables", 1) },
			endpoint: "/projects/1003/variables", wantCalls: 2},
		{name: "slow responses", inject: func(h *gitlabtest.Handler) { h.Slow("/projects/*/environments", 4, 30*time.Millisecond) },
			endpoint: "/projects/1002/environments", wantCalls: 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t, gitlabtest.DemoFixture())
			tc.inject(r.srv.Handler)
			f, err := r.scanner.Scan(t.Context(), "demo")
			if err != nil {
				t.Fatalf("Scan = %v, want recovery", err)
			}
			if len(f.Gaps) != 1 {
				t.Errorf("Gaps = %q, want only the instance gap", f.Gaps)
			}
			if got := r.srv.Count(tc.endpoint); got != tc.wantCalls {
				t.Errorf("requests to %s = %d, want %d", tc.endpoint, got, tc.wantCalls)
			}
			if tc.wantWait > 0 {
				// the transport adds up to a second of jitter
				if w := r.slept(); len(w) == 0 || w[0] < tc.wantWait || w[0] > tc.wantWait+time.Second {
					t.Errorf("first transport wait = %v, want %v plus jitter", w, tc.wantWait)
				}
			}
			findRepo(t, f, "demo/web/storefront")
		})
	}
}

func TestFaultsAbort(t *testing.T) {
	tests := []struct {
		name    string
		inject  func(r *rig)
		ctx     func(context.Context) context.Context
		wantErr string
	}{
		{name: "401", inject: func(r *rig) { r.srv.AcceptTokens("another-token") },
			wantErr: "GitLab answered 401 Unauthorized for GET /user: the token (GITLAB_TOKEN) is missing, expired or revoked"},
		{name: "persistent 5xx", inject: func(r *rig) { r.srv.Fail("/projects/1002/deploy_keys", 503, -1) },
			wantErr: "GitLab answered 503 for GET /projects/1002/deploy_keys after retries"},
		{name: "truncated twice", inject: func(r *rig) { r.srv.Truncate("/projects/1001/variables", 2) },
			wantErr: "GitLab sent a malformed answer for GET /projects/1001/variables twice (the body ends early)"},
		{name: "group not found", inject: func(r *rig) { r.srv.Fail("/groups/demo", 404, -1) },
			wantErr: `GitLab answered 404 for group "demo": it does not exist or the token cannot see it`},
		{name: "cancelled", inject: func(r *rig) {},
			ctx: func(ctx context.Context) context.Context {
				ctx, cancel := context.WithCancel(ctx)
				cancel()
				return ctx
			}, wantErr: context.Canceled.Error()},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t, gitlabtest.DemoFixture())
			tc.inject(r)
			ctx := t.Context()
			if tc.ctx != nil {
				ctx = tc.ctx(ctx)
			}
			f, err := r.scanner.Scan(ctx, "demo")
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("Scan err = %v\nwant one containing %q", err, tc.wantErr)
			}
			if f != nil {
				t.Errorf("Scan returned facts with an error")
			}
			assertNoSentinel(t, "error", err.Error())
			assertNoSentinel(t, "logs", r.logs.String())
		})
	}
}

func TestUnreachable(t *testing.T) {
	r := newRig(t, gitlabtest.DemoFixture())
	r.srv.Close()
	_, err := r.scanner.Scan(t.Context(), "demo")
	var target interface{ Unwrap() error }
	if err == nil || !strings.Contains(err.Error(), "could not be reached") || !errors.As(err, &target) {
		t.Fatalf("Scan err = %v, want an unreachable error", err)
	}
}

// assertNoSentinel fails when text holds any planted value.
func assertNoSentinel(t *testing.T, where, text string) {
	t.Helper()
	for _, s := range gitlabtest.Sentinels() {
		if strings.Contains(text, s) {
			t.Errorf("%s contains a planted secret value (%d bytes)", where, len(s))
		}
	}
	if strings.Contains(text, "SENTINEL") {
		t.Errorf("%s contains SENTINEL", where)
	}
}

// TestRateLimitTooLong: a wait beyond the transport's bound ends the scan
// with the transport's sentence, not "unreachable".
func TestRateLimitTooLong(t *testing.T) {
	srv := gitlabtest.NewServer(t, gitlabtest.DemoFixture())
	srv.RateLimit("*", -1, time.Hour)
	tr := transport.New(transport.Options{Base: srv.Client().Transport, Token: transport.NewToken("t"), AuthHeader: "PRIVATE-TOKEN",
		MaxWait: time.Minute, Sleep: func(ctx context.Context, d time.Duration) error { return ctx.Err() }})
	s := gitlab.New(gitlab.Options{HTTPClient: tr.Client(), BaseURL: srv.URL})
	_, err := s.Scan(t.Context(), "demo")
	if err == nil || !strings.Contains(err.Error(), "rate limit") || strings.Contains(err.Error(), "could not be reached") {
		t.Fatalf("Scan err = %v, want the transport's rate limit sentence", err)
	}
}
