package github_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/privgraph/privgraph/scanner"
	"github.com/privgraph/privgraph/scanner/github"
	"github.com/privgraph/privgraph/scanner/githubtest"
	"github.com/privgraph/privgraph/scanner/transport"
)

// testToken is what the tests authenticate with; tests search for it in
// every output.
const testToken = "ghp_SENTINELtoken0123456789abcdefABCDEF"

// syncBuffer is a log sink safe for concurrent writers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// waits records the transport's sleeps instead of sleeping.
type waits struct {
	mu sync.Mutex
	d  []time.Duration
}

func (w *waits) Sleep(ctx context.Context, d time.Duration) error {
	w.mu.Lock()
	w.d = append(w.d, d)
	w.mu.Unlock()
	return ctx.Err()
}

func (w *waits) all() []time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]time.Duration(nil), w.d...)
}

// newScanner points a scanner at srv with the test token, a debug logger
// into logs (when given) and recorded sleeps.
func newScanner(t testing.TB, srv *githubtest.Server, opts github.Options, logs *syncBuffer) (*github.Scanner, *waits) {
	t.Helper()
	opts.BaseURL = srv.APIURL
	if opts.Token.IsZero() && opts.App == nil {
		opts.Token = transport.NewToken(testToken)
	}
	if opts.Logger == nil {
		var out interface{ Write([]byte) (int, error) } = t.Output()
		if logs != nil {
			out = logs
		}
		opts.Logger = slog.New(slog.NewTextHandler(out, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	w := &waits{}
	if opts.HTTP.Sleep == nil {
		opts.HTTP.Sleep = w.Sleep
	}
	return github.New(opts), w
}

func findRepo(t *testing.T, f *scanner.Facts, name string) scanner.Repository {
	t.Helper()
	for _, r := range f.Repositories {
		if r.FullName == name {
			return r
		}
	}
	t.Fatalf("repository %s not in facts", name)
	return scanner.Repository{}
}

func findCred(creds []scanner.Credential, kind scanner.CredentialKind, name string) *scanner.Credential {
	for i := range creds {
		if creds[i].Kind == kind && creds[i].Name == name {
			return &creds[i]
		}
	}
	return nil
}

func scanDemo(t *testing.T) (*scanner.Facts, *github.Scanner, *githubtest.Server) {
	t.Helper()
	srv := githubtest.NewServer(t, githubtest.DemoOrg())
	s, _ := newScanner(t, srv, github.Options{}, nil)
	f, err := s.Scan(t.Context(), "demo")
	if err != nil {
		t.Fatalf("Scan(demo): %v", err)
	}
	return f, s, srv
}

func TestScanDemoOrganization(t *testing.T) {
	f, s, _ := scanDemo(t)
	canApprove := true
	if diff := cmp.Diff(scanner.Owner{Name: "demo", URL: "https://github.com/demo", DefaultWorkflowPermissions: "write",
		CanApprovePullRequests: &canApprove, AllowedActions: "all",
		Variables: []string{"AWS_REGION:all", "PROD_DEPLOY_ROLE_ARN:selected", "STAGING_DEPLOY_ROLE_ARN:private"}}, f.Owner); diff != "" {
		t.Errorf("Owner (-want +got):\n%s", diff)
	}
	if len(f.Gaps) != 0 || len(f.TokenScopes) != 0 || f.TokenCanWrite {
		t.Errorf("gaps %v, scopes %v, can write %v; want none for a fine-grained read token", f.Gaps, f.TokenScopes, f.TokenCanWrite)
	}
	st := s.Stats()
	if f.Requests != st.Requests || f.Requests == 0 || f.NotModified != 0 {
		t.Errorf("Requests = %d (transport %d), NotModified = %d", f.Requests, st.Requests, f.NotModified)
	}
	var names []string
	for _, r := range f.Repositories {
		names = append(names, r.FullName)
	}
	wantNames := []string{"demo/data-pipeline", "demo/docs-site", "demo/go-service", "demo/hello-fork", "demo/infra-terraform",
		"demo/legacy-billing", "demo/ml-models", "demo/mobile-app", "demo/ops-dashboard", "demo/payments-api",
		"demo/release-tools", "demo/shared-workflows", "demo/web-frontend"}
	if diff := cmp.Diff(wantNames, names); diff != "" {
		t.Errorf("repositories (-want +got):\n%s", diff)
	}
	t.Run("organization credentials", func(t *testing.T) { checkOrgCredentials(t, f) })
	t.Run("identities", func(t *testing.T) { checkIdentities(t, f) })
	t.Run("runner groups", func(t *testing.T) { checkRunnerGroups(t, f) })
	t.Run("teams", func(t *testing.T) { checkTeams(t, f) })
	t.Run("repositories", func(t *testing.T) { checkRepositories(t, f) })
}

func checkOrgCredentials(t *testing.T, f *scanner.Facts) {
	var got []string
	for _, c := range f.Credentials {
		got = append(got, string(c.Kind)+" "+c.Name+" "+c.Visibility)
		if c.Scope != scanner.ScopeOwner {
			t.Errorf("%s scope = %s, want OWNER", c.Name, c.Scope)
		}
	}
	slices.Sort(got)
	want := []string{
		"ACTIONS_SECRET DOCKERHUB_TOKEN selected", "ACTIONS_SECRET NPM_TOKEN all", "ACTIONS_SECRET PROD_AWS_SECRET_ACCESS_KEY all",
		"ACTIONS_SECRET SLACK_WEBHOOK_URL all", "ACTIONS_SECRET SONAR_TOKEN private",
		"APP_INSTALLATION deploy-bot all", "APP_INSTALLATION renovate selected", "APP_INSTALLATION slack all",
		"DEPENDABOT_SECRET NPM_READ_TOKEN private",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("organization credentials (-want +got):\n%s", diff)
	}
	dh := findCred(f.Credentials, scanner.ActionsSecret, "DOCKERHUB_TOKEN")
	if diff := cmp.Diff([]string{"demo/legacy-billing", "demo/release-tools"}, dh.SelectedRepositories); diff != "" {
		t.Errorf("DOCKERHUB_TOKEN selected repositories (-want +got):\n%s", diff)
	}
	if dh.CreatedAt == nil || dh.CreatedAt.Year() != 2022 || dh.UpdatedAt == nil || dh.UpdatedAt.Year() != 2025 {
		t.Errorf("DOCKERHUB_TOKEN dates = %v / %v, want 2022 / 2025", dh.CreatedAt, dh.UpdatedAt)
	}
	if c := findCred(f.Credentials, scanner.ActionsSecret, "PROD_AWS_SECRET_ACCESS_KEY"); !c.StaticCloudKey {
		t.Error("PROD_AWS_SECRET_ACCESS_KEY not flagged as a static cloud key")
	}
	db := findCred(f.Credentials, scanner.AppInstallation, "deploy-bot")
	if db.Identity != "deploy-bot" || db.ReadOnly || db.ID != "51001" || !slices.Contains(db.Permissions, "administration:write") {
		t.Errorf("deploy-bot credential = %+v, want identity deploy-bot, writable, id 51001, administration:write", *db)
	}
}

func checkIdentities(t *testing.T, f *scanner.Facts) {
	want := []scanner.Identity{
		{Kind: "GITHUB_APP", Name: "deploy-bot", RepositorySelection: "all", CanWrite: true,
			Permissions: []string{"actions:write", "administration:write", "contents:write", "metadata:read", "pull_requests:write"}},
		{Kind: "GITHUB_APP", Name: "renovate", RepositorySelection: "selected", CanWrite: true,
			Permissions:  []string{"contents:write", "metadata:read", "pull_requests:write", "workflows:write"},
			Repositories: []string{"demo/go-service", "demo/payments-api", "demo/web-frontend"}},
		{Kind: "GITHUB_APP", Name: "slack", RepositorySelection: "all", Permissions: []string{"issues:read", "metadata:read"}},
	}
	if diff := cmp.Diff(want, f.Identities); diff != "" {
		t.Errorf("identities (-want +got):\n%s", diff)
	}
}

func checkRunnerGroups(t *testing.T, f *scanner.Facts) {
	want := []scanner.RunnerGroup{
		{Name: "Default", Level: "organization", Visibility: "all", AllowsPublicRepositories: true,
			Labels: []string{"X64", "linux", "self-hosted"},
			Runners: []scanner.Runner{
				{Name: "build-01", Labels: []string{"self-hosted", "linux", "X64"}, Status: "online", OS: "linux"},
				{Name: "build-02", Labels: []string{"self-hosted", "linux", "X64"}, Status: "offline", OS: "linux"},
			}},
		{Name: "prod-runners", Level: "organization", Visibility: "selected",
			SelectedRepositories: []string{"demo/infra-terraform", "demo/payments-api"},
			SelectedWorkflows:    []string{"demo/payments-api/.github/workflows/deploy.yml@refs/heads/main"},
			Labels:               []string{"linux", "production", "self-hosted"},
			Runners:              []scanner.Runner{{Name: "deploy-01", Labels: []string{"self-hosted", "linux", "production"}, Status: "online", OS: "linux"}}},
		{Name: "demo/payments-api", Level: "repository", Visibility: "selected", SelectedRepositories: []string{"demo/payments-api"},
			Labels:  []string{"linux", "perf", "self-hosted"},
			Runners: []scanner.Runner{{Name: "payments-perf-01", Labels: []string{"self-hosted", "linux", "perf"}, Status: "online", OS: "linux"}}},
	}
	if diff := cmp.Diff(want, f.RunnerGroups); diff != "" {
		t.Errorf("runner groups (-want +got):\n%s", diff)
	}
}

func checkTeams(t *testing.T, f *scanner.Facts) {
	if len(f.Teams) != 8 {
		t.Fatalf("teams = %d, want 8", len(f.Teams))
	}
	pl := f.Teams[0]
	want := map[string]string{"demo/payments-api": "admin", "demo/infra-terraform": "admin", "demo/shared-workflows": "admin",
		"demo/ops-dashboard": "admin", "demo/legacy-billing": "admin"}
	if pl.Slug != "platform-leads" || pl.Name != "Platform leads" {
		t.Errorf("first team = %s (%s), want platform-leads", pl.Slug, pl.Name)
	}
	if diff := cmp.Diff(want, pl.RepositoryPermissions); diff != "" {
		t.Errorf("platform-leads permissions (-want +got):\n%s", diff)
	}
}

func checkRepositories(t *testing.T, f *scanner.Facts) {
	pay := findRepo(t, f, "demo/payments-api")
	if pay.Visibility != "private" || pay.DefaultBranch != "main" || pay.DefaultWorkflowPermissions != "write" || pay.URL != "https://github.com/demo/payments-api" {
		t.Errorf("payments-api = %s %s %s %s", pay.Visibility, pay.DefaultBranch, pay.DefaultWorkflowPermissions, pay.URL)
	}
	wantEnvs := []scanner.Environment{
		{Name: "staging", Protected: true, BranchPolicy: "protected"},
		{Name: "production", Production: true, Protected: true, RequiredReviewers: []string{"team:platform-leads", "user:alice"},
			RequiredApprovals: 1, PreventSelfReview: true, WaitTimer: 10, BranchPolicy: "custom",
			BranchPatterns: []string{"main", "release/*"}},
	}
	if diff := cmp.Diff(wantEnvs, pay.Environments); diff != "" {
		t.Errorf("payments-api environments (-want +got):\n%s", diff)
	}
	wantProt := []scanner.BranchProtection{{Source: "CLASSIC", Name: "main", Pattern: "main", RequiredApprovals: 2,
		CodeOwnerReview: true, DismissStale: true, EnforceAdmins: true, StatusChecks: []string{"test", "build"},
		BypassActors: []string{"team:platform-leads"}}}
	if diff := cmp.Diff(wantProt, pay.Protections); diff != "" {
		t.Errorf("payments-api protections (-want +got):\n%s", diff)
	}
	key := findCred(pay.Credentials, scanner.DeployKey, "argocd (read-only)")
	if key == nil || !key.ReadOnly || key.LastUsedAt == nil || key.AccessLevel != "read" || key.ID != "801" {
		t.Errorf("argocd deploy key = %+v, want read-only with last use", key)
	}
	if diff := cmp.Diff(map[string]string{"payments": "maintain", "platform-leads": "admin"}, pay.TeamPermissions); diff != "" {
		t.Errorf("payments-api teams (-want +got):\n%s", diff)
	}
	if len(pay.CodeOwners) != 1 || pay.CodeOwners[0].Path != ".github/CODEOWNERS" ||
		!slices.Equal(scanner.OwnersOf(pay.CodeOwners[0].Rules, ".github/workflows/deploy.yml"), []string{"@demo/platform-leads"}) {
		t.Errorf("payments-api CODEOWNERS = %+v, want .github/ owned by @demo/platform-leads", pay.CodeOwners)
	}
	if len(pay.Pipelines) != 2 || pay.Pipelines[1].Path != ".github/workflows/deploy.yml" || len(pay.Pipelines[1].Jobs) != 2 ||
		!pay.Pipelines[1].Jobs[1].OIDC || pay.Pipelines[1].Jobs[1].Environment != "production" {
		t.Errorf("payments-api pipelines = %+v", pay.Pipelines)
	}

	leg := findRepo(t, f, "demo/legacy-billing")
	if leg.DefaultBranch != "master" || len(leg.Protections) != 0 || leg.Pipelines[0].Permissions == nil || leg.Pipelines[0].Permissions.Raw != "write-all" {
		t.Errorf("legacy-billing: branch %s, protections %v, permissions %+v", leg.DefaultBranch, leg.Protections, leg.Pipelines[0].Permissions)
	}
	if c := findCred(leg.Credentials, scanner.ActionsSecret, "AWS_ACCESS_KEY_ID"); c == nil || !c.StaticCloudKey || c.Scope != scanner.ScopeRepository {
		t.Errorf("AWS_ACCESS_KEY_ID = %+v, want a repository static cloud key", c)
	}
	if c := findCred(leg.Credentials, scanner.ActionsSecret, "DEPLOY_PAT"); c == nil || !c.PersonalToken {
		t.Errorf("DEPLOY_PAT = %+v, want a personal token", c)
	}
	if c := findCred(leg.Credentials, scanner.DeployKey, "jenkins-legacy"); c == nil || c.ReadOnly || c.AccessLevel != "write" {
		t.Errorf("jenkins-legacy deploy key = %+v, want write access", c)
	}

	gs := findRepo(t, f, "demo/go-service")
	wantRS := []scanner.BranchProtection{{Source: "RULESET", Name: "org:demo/protect default branch", Pattern: "~DEFAULT_BRANCH",
		RequiredApprovals: 1, CodeOwnerReview: true, DismissStale: true, StatusChecks: []string{"ci / test"},
		BypassActors: []string{"team:release-managers", "app:deploy-bot"}}}
	if diff := cmp.Diff(wantRS, gs.Protections); diff != "" {
		t.Errorf("go-service protections (-want +got):\n%s", diff)
	}
	if gs.DefaultWorkflowPermissions != "read" {
		t.Errorf("go-service default workflow permissions = %q, want read", gs.DefaultWorkflowPermissions)
	}

	ops := findRepo(t, f, "demo/ops-dashboard")
	if !strings.Contains(ops.Pipelines[0].Name, "<script>") || ops.Environments[0].Name != "ops-<script>env</script>" ||
		!slices.Contains(ops.Environments[0].BranchPatterns, "release/<script>alert(1)</script>") {
		t.Errorf("ops-dashboard hostile text not kept as data: %q, %+v", ops.Pipelines[0].Name, ops.Environments)
	}
	if len(ops.CodeOwners) != 1 || !slices.ContainsFunc(ops.CodeOwners[0].Errors, func(e string) bool { return strings.Contains(e, "CODEOWNERS:2: Invalid owner") }) {
		t.Errorf("ops-dashboard CODEOWNERS errors = %+v, want GitHub's report", ops.CodeOwners)
	}

	sw := findRepo(t, f, "demo/shared-workflows")
	rel := sw.Pipelines[1]
	if rel.Path != ".github/workflows/release.yml" || len(rel.Includes) != 1 || !rel.Includes[0].Local || rel.Includes[0].Unresolved || !rel.Jobs[0].SecretsInherit {
		t.Errorf("shared-workflows release.yml = %+v, want a resolved local call with secrets: inherit", rel)
	}

	infra := findRepo(t, f, "demo/infra-terraform")
	if c := findCred(infra.Credentials, scanner.ActionsSecret, "PROD_DB_PASSWORD"); c == nil || c.Scope != scanner.ScopeEnvironment || c.Environment != "production" {
		t.Errorf("PROD_DB_PASSWORD = %+v, want an environment secret of production", c)
	}
	if env := infra.Environments[0]; env.Protected || len(env.RequiredReviewers) != 0 || env.BranchPolicy != "any" || !env.Production {
		t.Errorf("infra-terraform production = %+v, want unprotected, any branch", env)
	}
	mob := findRepo(t, f, "demo/mobile-app")
	if c := findCred(mob.Credentials, scanner.DependabotSecret, "NPM_READ_TOKEN"); c == nil || c.Scope != scanner.ScopeRepository {
		t.Errorf("mobile-app Dependabot secret = %+v", c)
	}
	if ml := findRepo(t, f, "demo/ml-models"); !ml.Archived {
		t.Error("ml-models not marked archived")
	}
	if hf := findRepo(t, f, "demo/hello-fork"); !hf.Fork || hf.Visibility != "public" {
		t.Errorf("hello-fork fork=%v visibility=%s", hf.Fork, hf.Visibility)
	}
	dp := findRepo(t, f, "demo/data-pipeline")
	wantDW := []scanner.Environment{{Name: "production-warehouse", Production: true, Protected: true, BranchPolicy: "protected",
		CustomRules: []string{"datadog-deploy-gate"}}}
	if diff := cmp.Diff(wantDW, dp.Environments); dp.Visibility != "internal" || diff != "" {
		t.Errorf("data-pipeline visibility = %s, environments (-want +got):\n%s", dp.Visibility, diff)
	}
	for _, r := range f.Repositories {
		for _, p := range r.Pipelines {
			if len(p.Errors) > 0 {
				t.Errorf("%s %s: parse errors %v", r.FullName, p.Path, p.Errors)
			}
		}
	}
}

func TestSkipArchived(t *testing.T) {
	srv := githubtest.NewServer(t, githubtest.DemoOrg())
	s, _ := newScanner(t, srv, github.Options{SkipArchived: true}, nil)
	f, err := s.Scan(t.Context(), "demo")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range f.Repositories {
		if r.Archived {
			t.Errorf("%s scanned with SkipArchived", r.FullName)
		}
	}
	if len(f.Repositories) != 12 {
		t.Errorf("repositories = %d, want 12", len(f.Repositories))
	}
}

func TestRescanIsMostlyNotModified(t *testing.T) {
	srv := githubtest.NewServer(t, githubtest.DemoOrg())
	cache := transport.NewMemoryCache()
	for i := range 2 {
		s, _ := newScanner(t, srv, github.Options{Cache: cache}, nil)
		f, err := s.Scan(t.Context(), "demo")
		if err != nil {
			t.Fatal(err)
		}
		if i == 1 && f.NotModified < f.Requests*9/10 {
			t.Errorf("rescan: %d of %d requests answered 304, want ≥ 90%%", f.NotModified, f.Requests)
		}
	}
	var conditional int
	for _, r := range srv.Requests() {
		if r.IfNoneMatch != "" {
			conditional++
		}
	}
	if conditional == 0 {
		t.Error("no conditional request sent")
	}
}

func TestTokenScopes(t *testing.T) {
	tests := []struct {
		scopes    string
		want      []string
		wantWrite bool
	}{
		{"", nil, false},
		{"read:org, read:user", []string{"read:org", "read:user"}, false},
		{"repo, read:org", []string{"repo", "read:org"}, true},
	}
	for _, tc := range tests {
		t.Run(tc.scopes, func(t *testing.T) {
			srv := githubtest.NewServer(t, githubtest.DemoOrg())
			srv.SetScopes(tc.scopes)
			s, _ := newScanner(t, srv, github.Options{}, nil)
			f, err := s.Scan(t.Context(), "demo")
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(f.TokenScopes, tc.want) || f.TokenCanWrite != tc.wantWrite {
				t.Errorf("TokenScopes = %q, TokenCanWrite = %v; want %q, %v", f.TokenScopes, f.TokenCanWrite, tc.want, tc.wantWrite)
			}
		})
	}
}

func TestLargeFiles(t *testing.T) {
	huge := "name: huge\non: push\njobs:\n" + strings.Repeat("# padding padding padding padding padding padding\n", 80_000)
	mid := "name: mid\non: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n" + strings.Repeat("# pad\n", 120_000)
	org := &githubtest.Org{Login: "big", Repos: []githubtest.Repo{{Name: "r", Files: map[string]string{
		".github/workflows/huge.yml": huge, ".github/workflows/mid.yml": mid,
	}}}}
	srv := githubtest.NewServer(t, org)
	s, _ := newScanner(t, srv, github.Options{}, nil)
	f, err := s.Scan(t.Context(), "big")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"big/r: .github/workflows/huge.yml is larger than 3145728 bytes and was not read"}
	if !slices.Equal(f.Gaps, want) {
		t.Errorf("gaps = %q, want %q", f.Gaps, want)
	}
	r := f.Repositories[0]
	if len(r.Pipelines) != 1 || r.Pipelines[0].Path != ".github/workflows/mid.yml" || len(r.Pipelines[0].Jobs) != 1 {
		t.Errorf("pipelines = %+v, want mid.yml read in full through the contents API", r.Pipelines)
	}
}

func TestRescanSeesChanges(t *testing.T) {
	srv := githubtest.NewServer(t, githubtest.DemoOrg())
	cache := transport.NewMemoryCache()
	s, _ := newScanner(t, srv, github.Options{Cache: cache}, nil)
	if _, err := s.Scan(t.Context(), "demo"); err != nil {
		t.Fatal(err)
	}
	srv.Update("demo", func(o *githubtest.Org) {
		o.Secrets = append(o.Secrets, githubtest.OrgSecret{Name: "NEW_SECRET", Visibility: "private"})
		o.Repos[0].Secrets = nil // payments-api
	})
	s2, _ := newScanner(t, srv, github.Options{Cache: cache}, nil)
	f, err := s2.Scan(t.Context(), "demo")
	if err != nil {
		t.Fatal(err)
	}
	if findCred(f.Credentials, scanner.ActionsSecret, "NEW_SECRET") == nil {
		t.Error("a secret added between scans is missing: a stale cached answer was served")
	}
	if c := findRepo(t, f, "demo/payments-api").Credentials; findCred(c, scanner.ActionsSecret, "SLACK_WEBHOOK_URL") != nil {
		t.Error("a secret removed between scans is still there")
	}
	if f.NotModified == 0 || f.NotModified >= f.Requests {
		t.Errorf("%d of %d answered 304; want most, not all", f.NotModified, f.Requests)
	}
}

// TestActionsPolicy: each repository gets the organization's Actions
// policy — all, none, or the selected repositories (one extra listing).
func TestActionsPolicy(t *testing.T) {
	org := githubtest.DemoOrg()
	org.EnabledRepositories = "selected"
	org.EnabledRepositoryNames = []string{"payments-api"}
	org.AllowedActions = "selected"
	srv := githubtest.NewServer(t, org)
	s, _ := newScanner(t, srv, github.Options{}, nil)
	f, err := s.Scan(t.Context(), "demo")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range f.Repositories {
		want := r.FullName == "demo/payments-api"
		if r.ActionsEnabled == nil || *r.ActionsEnabled != want {
			t.Errorf("%s: ActionsEnabled = %v, want %v", r.FullName, r.ActionsEnabled, want)
		}
		if want && r.AllowedActions != "selected" {
			t.Errorf("%s: AllowedActions = %q, want selected", r.FullName, r.AllowedActions)
		}
	}
	all, _, _ := scanDemo(t)
	for _, r := range all.Repositories {
		if r.ActionsEnabled == nil || !*r.ActionsEnabled || r.AllowedActions != "all" {
			t.Errorf("%s under the demo's all/all policy: enabled %v, allowed %q", r.FullName, r.ActionsEnabled, r.AllowedActions)
		}
	}
}

// TestRepoActionsPolicy: with RepoActionsPolicy each repository's own
// Actions permissions replace the organization's (docs-site narrows "all"
// to local_only, a repository may turn Actions off); repositories the
// organization already disables are not asked; a 403 there is a gap that
// names the permission and leaves the organization's values. Without the
// option the endpoint is never requested.
func TestRepoActionsPolicy(t *testing.T) {
	const endpoint = "GET /repos/{owner}/{repo}/actions/permissions"
	countEndpoint := func(srv *githubtest.Server) int {
		n := 0
		for _, r := range srv.Requests() {
			if r.Endpoint == endpoint {
				n++
			}
		}
		return n
	}
	actions := func(r scanner.Repository) string {
		if r.ActionsEnabled == nil {
			return "unknown"
		}
		return fmt.Sprintf("%v/%s", *r.ActionsEnabled, r.AllowedActions)
	}

	t.Run("off by default", func(t *testing.T) {
		f, _, srv := scanDemo(t)
		if n := countEndpoint(srv); n != 0 {
			t.Errorf("%d requests to %s without the option, want 0", n, endpoint)
		}
		if got := actions(findRepo(t, f, "demo/docs-site")); got != "true/all" {
			t.Errorf("docs-site without the option = %s, want the organization's true/all", got)
		}
	})

	t.Run("on", func(t *testing.T) {
		org := githubtest.DemoOrg()
		for i := range org.Repos {
			if org.Repos[i].Name == "hello-fork" {
				org.Repos[i].ActionsDisabled = true
			}
		}
		srv := githubtest.NewServer(t, org)
		s, _ := newScanner(t, srv, github.Options{RepoActionsPolicy: true}, nil)
		f, err := s.Scan(t.Context(), "demo")
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]string{"demo/docs-site": "true/local_only", "demo/hello-fork": "false/"}
		for _, r := range f.Repositories {
			w, ok := want[r.FullName]
			if !ok {
				w = "true/all"
			}
			if got := actions(r); got != w {
				t.Errorf("%s: Actions %s, want %s", r.FullName, got, w)
			}
		}
		if n := countEndpoint(srv); n != len(f.Repositories) {
			t.Errorf("%d requests to %s, want one per repository (%d)", n, endpoint, len(f.Repositories))
		}
		off, _, _ := scanDemo(t)
		if f.Requests-off.Requests != len(f.Repositories) {
			t.Errorf("the option cost %d requests (%d with, %d without), want exactly one per repository (%d)",
				f.Requests-off.Requests, f.Requests, off.Requests, len(f.Repositories))
		}
		if len(f.Gaps) != 0 {
			t.Errorf("gaps %q", f.Gaps)
		}
	})

	t.Run("skipped where the organization disables Actions", func(t *testing.T) {
		org := githubtest.DemoOrg()
		org.EnabledRepositories = "selected"
		org.EnabledRepositoryNames = []string{"docs-site"}
		srv := githubtest.NewServer(t, org)
		s, _ := newScanner(t, srv, github.Options{RepoActionsPolicy: true}, nil)
		f, err := s.Scan(t.Context(), "demo")
		if err != nil {
			t.Fatal(err)
		}
		if n := countEndpoint(srv); n != 1 {
			t.Errorf("%d requests to %s, want 1 (only docs-site has Actions enabled by the organization)", n, endpoint)
		}
		if got := actions(findRepo(t, f, "demo/docs-site")); got != "true/local_only" {
			t.Errorf("docs-site = %s, want true/local_only", got)
		}
		if got := actions(findRepo(t, f, "demo/go-service")); got != "false/" {
			t.Errorf("go-service = %s, want false/ (the organization's)", got)
		}
	})

	t.Run("403 is a gap", func(t *testing.T) {
		srv := githubtest.NewServer(t, githubtest.DemoOrg())
		// (a path prefix would also match …/actions/permissions/workflow)
		srv.Fail(githubtest.Fault{Match: endpoint, Status: 403})
		s, _ := newScanner(t, srv, github.Options{RepoActionsPolicy: true}, nil)
		f, err := s.Scan(t.Context(), "demo")
		if err != nil {
			t.Fatal(err)
		}
		wantGap := "demo/docs-site: Actions permissions: GitHub answered 403; the token needs the repository Administration read permission (classic: repo)"
		if len(f.Gaps) != len(f.Repositories) || !slices.Contains(f.Gaps, wantGap) {
			t.Errorf("gaps = %q, want one per repository, among them %q", f.Gaps, wantGap)
		}
		if got := actions(findRepo(t, f, "demo/docs-site")); got != "true/all" {
			t.Errorf("docs-site after a 403 = %s, want the organization's true/all", got)
		}
	})
}
