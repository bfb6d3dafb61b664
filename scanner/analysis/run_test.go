package analysis

import (
	"sort"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/ent/finding"
	"github.com/privgraph/privgraph/ent/usage"
)

func analyzer(c *ent.Client, now time.Time) *Analyzer {
	return New(c, Options{Now: func() time.Time { return now }})
}

// findingSummary lists "RULE STATUS" of every finding, sorted.
func findingSummary(t *testing.T, c *ent.Client) []string {
	t.Helper()
	var out []string
	for _, f := range c.Finding.Query().AllX(t.Context()) {
		out = append(out, f.Rule+" "+string(f.Status))
	}
	sort.Strings(out)
	return out
}

func TestRunStoresExposureVsNeed(t *testing.T) {
	c := openDB(t)
	o := seedOrg(t, c)
	res, err := analyzer(c, testNow).Run(t.Context(), o.scan.ID)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	npm := c.Credential.GetX(t.Context(), o.npmToken.ID)
	type exposure struct {
		NeededBy, ExposedTo []string
		OverScoped, Assumed bool
		Reasons, Jobs       int
	}
	gotE := exposure{npm.NeededBy, npm.ExposedTo, npm.OverScoped, npm.ScopeAssumed, len(npm.OverScopeReasons),
		npm.QueryExposedJobs().CountX(t.Context())}
	wantE := exposure{[]string{"STAGE"}, []string{"BUILD", "TEST", "STAGE", "DEPLOY"}, true, false, 2, 4}
	if diff := cmp.Diff(wantE, gotE); diff != "" {
		t.Errorf("NPM_TOKEN exposure (-want +got):\n%s", diff)
	}
	want := []string{
		"deploy-key-write-access OPEN",
		"secret-exposed-beyond-need OPEN",
		"secret-in-untrusted-trigger OPEN",
	}
	if diff := cmp.Diff(want, findingSummary(t, c)); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(Result{Opened: 3, Open: 3, Credentials: 2, OverScoped: 2}, res); diff != "" {
		t.Errorf("Result (-want +got):\n%s", diff)
	}
	if n := c.Scan.GetX(t.Context(), o.scan.ID).Findings; n != 3 {
		t.Errorf("Scan.findings = %d, want 3", n)
	}
	f := c.Finding.Query().Where(finding.Rule("secret-in-untrusted-trigger")).OnlyX(t.Context())
	if f.File != ".github/workflows/preview.yml" || f.Line != 11 || f.QueryJob().OnlyIDX(t.Context()) != o.prTarget.ID ||
		f.QueryRepository().OnlyIDX(t.Context()) != o.repo.ID || f.QueryOwner().OnlyIDX(t.Context()) != o.owner.ID {
		t.Errorf("secret-in-untrusted-trigger at %s:%d, want preview.yml:11 with job, repository and owner edges", f.File, f.Line)
	}
}

func TestRunLifecycle(t *testing.T) {
	c := openDB(t)
	ctx := t.Context()
	o := seedOrg(t, c)
	a := analyzer(c, testNow)
	if _, err := a.Run(ctx, o.scan.ID); err != nil {
		t.Fatalf("first Run: %v", err)
	}
	first := c.Finding.Query().Where(finding.Rule("deploy-key-write-access")).OnlyX(ctx)

	// a rescan sees the same facts: updated, not duplicated
	res, err := analyzer(c, testNow.Add(time.Hour)).Run(ctx, rescan(t, c, o.owner, "SUCCEEDED").ID)
	if err != nil {
		t.Fatalf("second Run: %v", err)
	}
	if diff := cmp.Diff(Result{Updated: 3, Open: 3, Credentials: 2, OverScoped: 2}, res); diff != "" {
		t.Errorf("rescan Result (-want +got):\n%s", diff)
	}
	again := c.Finding.GetX(ctx, first.ID)
	if !again.LastSeen.Equal(testNow.Add(time.Hour)) || !again.FirstSeen.Equal(first.FirstSeen) {
		t.Errorf("rescan: first_seen %v last_seen %v, want %v and %v", again.FirstSeen, again.LastSeen, first.FirstSeen, testNow.Add(time.Hour))
	}

	// accept one; fix the pull_request_target job
	until := testNow.Add(48 * time.Hour)
	if _, err := Triage(ctx, c, first.ID, "ACCEPTED", "key rotates with the mirror job", &until, "alice"); err != nil {
		t.Fatalf("Triage: %v", err)
	}
	c.Usage.Delete().Where(usage.HasJobWith()).ExecX(ctx)
	c.Job.UpdateOne(o.prTarget).SetUntrustedCheckout(false).ExecX(ctx)

	// a partial scan that could not read deploy keys keeps the acceptance
	// and resolves the fixed findings (their facts were seen)
	res, err = analyzer(c, testNow.Add(2*time.Hour)).Run(ctx, rescan(t, c, o.owner, "PARTIAL", "GitHub answered 403 for deploy keys of acme/api").ID)
	if err != nil {
		t.Fatalf("partial Run: %v", err)
	}
	want := []string{"deploy-key-write-access ACCEPTED", "secret-exposed-beyond-need RESOLVED", "secret-in-untrusted-trigger RESOLVED", "secret-unused OPEN"}
	if diff := cmp.Diff(want, findingSummary(t, c)); diff != "" {
		t.Errorf("after fix (-want +got):\n%s", diff)
	}

	// the key is gone from a partial scan that could not see keys: not resolved
	c.Credential.DeleteOne(o.deployKey).ExecX(ctx)
	if _, err := analyzer(c, testNow.Add(3*time.Hour)).Run(ctx, rescan(t, c, o.owner, "PARTIAL", "GitHub answered 403 for deploy keys of acme/api").ID); err != nil {
		t.Fatalf("partial Run: %v", err)
	}
	if st := c.Finding.GetX(ctx, first.ID).Status; st != finding.StatusACCEPTED {
		t.Errorf("after a partial scan blind to deploy keys, status = %s, want ACCEPTED", st)
	}
	// a complete scan resolves it
	res, err = analyzer(c, testNow.Add(4*time.Hour)).Run(ctx, rescan(t, c, o.owner, "SUCCEEDED").ID)
	if err != nil {
		t.Fatalf("complete Run: %v", err)
	}
	if st := c.Finding.GetX(ctx, first.ID).Status; st != finding.StatusRESOLVED || res.Resolved != 1 {
		t.Errorf("after a complete scan, status = %s (resolved %d), want RESOLVED (1)", st, res.Resolved)
	}
}

func TestRunReopensExpiredAcceptance(t *testing.T) {
	c := openDB(t)
	ctx := t.Context()
	o := seedOrg(t, c)
	if _, err := analyzer(c, testNow).Run(ctx, o.scan.ID); err != nil {
		t.Fatalf("Run: %v", err)
	}
	f := c.Finding.Query().Where(finding.Rule("deploy-key-write-access")).OnlyX(ctx)
	until := time.Now().Add(time.Hour)
	if _, err := Triage(ctx, c, f.ID, "accepted", "until the migration", &until, "bob"); err != nil {
		t.Fatalf("Triage: %v", err)
	}
	tests := []struct {
		name string
		at   time.Time
		want finding.Status
	}{
		{"before expiry", until.Add(-time.Minute), finding.StatusACCEPTED},
		{"after expiry", until.Add(time.Minute), finding.StatusOPEN},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := analyzer(c, tc.at).Run(ctx, rescan(t, c, o.owner, "SUCCEEDED").ID); err != nil {
				t.Fatalf("Run: %v", err)
			}
			if got := c.Finding.GetX(ctx, f.ID).Status; got != tc.want {
				t.Errorf("status = %s, want %s", got, tc.want)
			}
		})
	}
}

// TestWellConfiguredRepository: an OIDC-only deploy behind a protected
// environment, pinned actions, read-only tokens, code owners and branch
// protection produce no high or critical finding.
func TestWellConfiguredRepository(t *testing.T) {
	c := openDB(t)
	ctx := t.Context()
	o := seedOrg(t, c)
	c.Usage.Delete().ExecX(ctx)
	c.Job.DeleteOne(o.prTarget).ExecX(ctx)
	c.Credential.DeleteOne(o.npmToken).ExecX(ctx)
	c.Credential.UpdateOne(o.deployKey).SetReadOnly(true).ExecX(ctx)
	if _, err := analyzer(c, testNow).Run(ctx, o.scan.ID); err != nil {
		t.Fatalf("Run: %v", err)
	}
	for _, f := range c.Finding.Query().AllX(ctx) {
		if f.Severity == finding.SeverityHIGH || f.Severity == finding.SeverityCRITICAL {
			t.Errorf("well-configured repository: %s %s: %s", f.Severity, f.Rule, f.Title)
		}
	}
}

func TestRunLocalScanAssumesScope(t *testing.T) {
	c := openDB(t)
	ctx := t.Context()
	o := c.Owner.Create().SetKey("local:/src").SetPlatform("LOCAL").SetName("/src").SaveX(ctx)
	r := c.Repository.Create().SetKey("local:/src/shop").SetPlatform("LOCAL").SetFullName("shop").SetOwner(o).SaveX(ctx)
	c.Environment.Create().SetKey("local:/src/shop:env:production").SetName("production").SetProduction(true).SetRepository(r).ExecX(ctx)
	p := c.Pipeline.Create().SetKey("local:/src/shop:.github/workflows/ci.yml").SetKind("GITHUB_ACTIONS").SetPath(".github/workflows/ci.yml").
		SetTriggers([]string{"push"}).SetPermissionsRaw("map").SetPermissions([]string{"contents:read"}).SetRepository(r).SaveX(ctx)
	jobCreate(c, p, "build", "BUILD", 8).ExecX(ctx)
	dep := jobCreate(c, p, "deploy", "DEPLOY", 20).SetEnvironmentName("production").SaveX(ctx)
	cred := c.Credential.Create().SetKey("local:/src/shop:secret:KUBE_TOKEN").SetKind("ACTIONS_SECRET").SetName("KUBE_TOKEN").
		SetScope("UNKNOWN").SetRepository(r).SetOwner(o).SaveX(ctx)
	c.Usage.Create().SetFile(".github/workflows/ci.yml").SetLine(27).SetExpression("${{ secrets.KUBE_TOKEN }}").SetVia("ENV").SetJob(dep).SetCredential(cred).ExecX(ctx)
	sc := c.Scan.Create().SetPlatform("LOCAL").SetTarget("/src").SetStatus("SUCCEEDED").SetOwner(o).SaveX(ctx)

	if _, err := analyzer(c, testNow).Run(ctx, sc.ID); err != nil {
		t.Fatalf("Run: %v", err)
	}
	cred = c.Credential.GetX(ctx, cred.ID)
	if !cred.ScopeAssumed || !cred.OverScoped || !cmp.Equal(cred.ExposedTo, []string{"BUILD", "DEPLOY"}) || !cmp.Equal(cred.NeededBy, []string{"DEPLOY"}) {
		t.Errorf("KUBE_TOKEN: assumed %v over %v exposed %v needed %v; want true true [BUILD DEPLOY] [DEPLOY]",
			cred.ScopeAssumed, cred.OverScoped, cred.ExposedTo, cred.NeededBy)
	}
	f, err := c.Finding.Query().Where(finding.Rule("secret-exposed-beyond-need")).Only(ctx)
	if err != nil {
		t.Fatalf("secret-exposed-beyond-need: %v (findings %v)", err, findingSummary(t, c))
	}
	if !f.ScopeAssumed || f.File != ".github/workflows/ci.yml" || f.Line != 27 {
		t.Errorf("finding scope_assumed %v at %s:%d, want true at ci.yml:27", f.ScopeAssumed, f.File, f.Line)
	}
	for _, rule := range []string{"environment-unprotected", "default-branch-unprotected"} {
		if n := c.Finding.Query().Where(finding.Rule(rule)).CountX(ctx); n != 0 {
			t.Errorf("%s fired on a local scan, which cannot know the setting", rule)
		}
	}
}

// TestRunPartialScanUnread: a PARTIAL scan resolves what it read and keeps
// what Scan.unread says it could not read, per repository.
func TestRunPartialScanUnread(t *testing.T) {
	tests := []struct {
		name   string
		unread []string
		gap    string
		want   []string
	}{
		{
			name:   "credentials of one repository",
			unread: []string{"credentials:acme/app"},
			gap:    "acme/app: deploy keys: GitHub answered 403; the token needs Administration: read",
			want: []string{
				"deploy-key-write-access acme/api RESOLVED",
				"deploy-key-write-access acme/app OPEN",
				"secret-exposed-beyond-need acme/api RESOLVED",
				"secret-in-untrusted-trigger acme/api RESOLVED",
			},
		},
		{
			name:   "repository listing",
			unread: []string{"repositories"},
			gap:    "repositories (GraphQL): GitHub answered 502 after retries; scan again to fill it in",
			want: []string{
				"deploy-key-write-access acme/api OPEN",
				"deploy-key-write-access acme/app OPEN",
				"secret-exposed-beyond-need acme/api OPEN",
				"secret-in-untrusted-trigger acme/api OPEN",
			},
		},
		{
			name:   "teams only",
			unread: []string{"teams"},
			gap:    "teams: GitHub answered 403; the token needs Members: read",
			want: []string{
				"deploy-key-write-access acme/api RESOLVED",
				"deploy-key-write-access acme/app RESOLVED",
				"secret-exposed-beyond-need acme/api RESOLVED",
				"secret-in-untrusted-trigger acme/api RESOLVED",
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := openDB(t)
			ctx := t.Context()
			o := seedOrg(t, c)
			app := c.Repository.Create().SetKey("github:acme/app").SetPlatform("GITHUB").SetFullName("acme/app").
				SetVisibility("private").SetDefaultBranch("main").SetDefaultWorkflowPermissions("read").SetOwner(o.owner).SaveX(ctx)
			c.BranchProtection.Create().SetKey("github:acme/app:main").SetSource("RULESET").SetPattern("main").
				SetRequiredApprovals(1).SetCodeOwnerReview(true).SetEnforceAdmins(true).SetRepository(app).ExecX(ctx)
			c.Credential.Create().SetKey("github:acme/app:deploykey:mirror").SetKind("DEPLOY_KEY").SetName("mirror").
				SetScope("REPOSITORY").SetReadOnly(false).SetRepository(app).SetOwner(o.owner).ExecX(ctx)
			if _, err := analyzer(c, testNow).Run(ctx, o.scan.ID); err != nil {
				t.Fatalf("first Run: %v", err)
			}
			// everything is fixed (or, for the unread parts, no longer seen)
			c.Usage.Delete().ExecX(ctx)
			c.Credential.Delete().ExecX(ctx)
			c.Job.UpdateOne(o.prTarget).SetUntrustedCheckout(false).ExecX(ctx)
			sc := rescan(t, c, o.owner, "PARTIAL", tc.gap)
			c.Scan.UpdateOne(sc).SetUnread(tc.unread).ExecX(ctx)
			if _, err := analyzer(c, testNow.Add(time.Hour)).Run(ctx, sc.ID); err != nil {
				t.Fatalf("partial Run: %v", err)
			}
			var got []string
			for _, f := range c.Finding.Query().WithRepository().AllX(ctx) {
				repo := "-"
				if f.Edges.Repository != nil {
					repo = f.Edges.Repository.FullName
				}
				got = append(got, f.Rule+" "+repo+" "+string(f.Status))
			}
			sort.Strings(got)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("findings after a partial scan with unread %v (-want +got):\n%s", tc.unread, diff)
			}
		})
	}
}
