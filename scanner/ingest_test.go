package scanner_test

import (
	"testing"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/ent/credential"
	"github.com/privgraph/privgraph/ent/job"
	"github.com/privgraph/privgraph/ent/scan"
	"github.com/privgraph/privgraph/ent/usage"
	"github.com/privgraph/privgraph/migrations/migratetest"
	"github.com/privgraph/privgraph/scanner"
	"github.com/privgraph/privgraph/scanner/workflow"
)

func ingest(t *testing.T, client *ent.Client, f *scanner.Facts) *ent.Scan {
	t.Helper()
	s, err := client.Scan.Create().SetPlatform(scan.Platform(f.Platform)).SetTarget(f.Target).Save(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := scanner.Ingest(t.Context(), client, s.ID, f); err != nil {
		t.Fatalf("ingest: %v", err)
	}
	return s
}

func ref(name string, kind workflow.RefKind) workflow.Reference {
	return workflow.Reference{Kind: kind, Name: name, File: ".github/workflows/ci.yml", Line: 7, Expression: "${{ secrets." + name + " }}", Via: workflow.ViaEnv}
}

// TestGitHubPrecedence: a reference binds to the environment secret of the
// job's environment, else the repository secret, else an organization
// secret visible to the repository, else an UNKNOWN one.
func TestGitHubPrecedence(t *testing.T) {
	client := migratetest.Open(t)
	f := &scanner.Facts{
		Platform: scanner.GitHub, Target: "acme", Owner: scanner.Owner{Name: "acme"},
		Credentials: []scanner.Credential{
			{Kind: scanner.ActionsSecret, Name: "NPM_TOKEN", Scope: scanner.ScopeOwner, Visibility: "all"},
			{Kind: scanner.ActionsSecret, Name: "DEPLOY_KEY", Scope: scanner.ScopeOwner, Visibility: "all"},
			{Kind: scanner.ActionsSecret, Name: "PRIVATE_ONLY", Scope: scanner.ScopeOwner, Visibility: "private"},
			{Kind: scanner.ActionsSecret, Name: "PICKED", Scope: scanner.ScopeOwner, Visibility: "selected", SelectedRepositories: []string{"app"}},
		},
		Repositories: []scanner.Repository{{
			FullName: "acme/app", Visibility: "public",
			Environments: []scanner.Environment{{Name: "production", Production: true, Protected: true}},
			Credentials: []scanner.Credential{
				{Kind: scanner.ActionsSecret, Name: "deploy_key", Scope: scanner.ScopeRepository},
				{Kind: scanner.ActionsSecret, Name: "DEPLOY_KEY", Scope: scanner.ScopeEnvironment, Environment: "production"},
			},
			Pipelines: []workflow.Pipeline{{Path: ".github/workflows/ci.yml", Kind: workflow.GitHubActions, Jobs: []workflow.Job{
				{Key: "build", Stage: workflow.StageBuild, References: []workflow.Reference{
					ref("NPM_TOKEN", workflow.RefSecret), ref("DEPLOY_KEY", workflow.RefSecret),
					ref("PRIVATE_ONLY", workflow.RefSecret), ref("PICKED", workflow.RefSecret), ref("MISSING", workflow.RefSecret),
					{Kind: workflow.RefGitHubToken, Name: "GITHUB_TOKEN", Line: 9, Expression: "${{ github.token }}", Via: workflow.ViaWith},
				}},
				{Key: "deploy", Stage: workflow.StageDeploy, Environment: "Production", References: []workflow.Reference{ref("DEPLOY_KEY", workflow.RefSecret)}},
			}}},
		}},
	}
	ingest(t, client, f)
	cases := []struct {
		job, name string
		scope     credential.Scope
	}{
		{"build", "NPM_TOKEN", credential.ScopeOWNER},
		{"build", "DEPLOY_KEY", credential.ScopeREPOSITORY}, // repo beats org; names are case-insensitive
		{"build", "PRIVATE_ONLY", credential.ScopeUNKNOWN},  // a private-only org secret does not reach a public repo
		{"build", "PICKED", credential.ScopeOWNER},          // selected by repository name
		{"build", "MISSING", credential.ScopeUNKNOWN},
		{"build", "GITHUB_TOKEN", credential.ScopeREPOSITORY},
		{"deploy", "DEPLOY_KEY", credential.ScopeENVIRONMENT}, // environment beats repository
	}
	for _, tc := range cases {
		u, err := client.Usage.Query().Where(usage.HasJobWith(job.Name(tc.job))).
			Where(usage.HasCredentialWith(credential.NameEqualFold(tc.name))).WithCredential().Only(t.Context())
		if err != nil {
			t.Errorf("usage of %s by %s: %v", tc.name, tc.job, err)
			continue
		}
		if got := u.Edges.Credential.Scope; got != tc.scope {
			t.Errorf("%s in job %s bound to scope %s, want %s", tc.name, tc.job, got, tc.scope)
		}
	}
	deploy := client.Job.Query().Where(job.Name("deploy")).WithEnvironment().OnlyX(t.Context())
	if deploy.Edges.Environment == nil || deploy.Edges.Environment.Name != "production" {
		t.Errorf("deploy job not linked to its environment")
	}
}

// TestGitLabInheritance: project, then subgroups nearest first, then the
// instance; environment scopes with wildcards, the most specific first.
func TestGitLabInheritance(t *testing.T) {
	client := migratetest.Open(t)
	v := func(name, scope, owner string, s scanner.Scope) scanner.Credential {
		return scanner.Credential{Kind: scanner.CIVariable, Name: name, Scope: s, EnvironmentScope: scope, OwnerName: owner}
	}
	f := &scanner.Facts{
		Platform: scanner.GitLab, Target: "acme", Owner: scanner.Owner{Name: "acme"},
		Subgroups: []scanner.Owner{{Name: "acme/platform", ParentName: "acme"}},
		Credentials: []scanner.Credential{
			v("REGISTRY", "*", "", scanner.ScopeInstance),
			v("KUBE", "*", "", scanner.ScopeOwner),
			v("KUBE", "review/*", "acme/platform", scanner.ScopeOwner),
			v("DB", "*", "acme/platform", scanner.ScopeOwner),
		},
		RunnerGroups: []scanner.RunnerGroup{{Name: "deployer (#7)", Level: "group", OwnerName: "acme/platform"}},
		Repositories: []scanner.Repository{{
			FullName: "acme/platform/api", OwnerName: "acme/platform",
			Credentials: []scanner.Credential{v("DB", "production", "", scanner.ScopeRepository)},
			Pipelines: []workflow.Pipeline{{Path: ".gitlab-ci.yml", Kind: workflow.GitLabCI, Jobs: []workflow.Job{
				{Key: "review", Environment: "review/feature/x", References: []workflow.Reference{
					ref("KUBE", workflow.RefVariable), ref("DB", workflow.RefVariable), ref("REGISTRY", workflow.RefVariable)}},
				{Key: "prod", Environment: "production", References: []workflow.Reference{ref("KUBE", workflow.RefVariable), ref("DB", workflow.RefVariable)}},
			}}},
		}},
	}
	ingest(t, client, f)
	cases := []struct {
		job, name, envScope string
		scope               credential.Scope
	}{
		{"review", "KUBE", "review/*", credential.ScopeOWNER}, // subgroup wildcard, slashes included
		{"review", "DB", "*", credential.ScopeOWNER},          // project's DB is production-only
		{"review", "REGISTRY", "*", credential.ScopeINSTANCE},
		{"prod", "KUBE", "*", credential.ScopeOWNER}, // top group
		{"prod", "DB", "production", credential.ScopeREPOSITORY},
	}
	rg := client.RunnerGroup.Query().WithOwner().OnlyX(t.Context())
	if rg.Edges.Owner == nil || rg.Edges.Owner.Name != "acme/platform" {
		t.Errorf("subgroup runner belongs to %v, want acme/platform", rg.Edges.Owner)
	}
	for _, tc := range cases {
		u, err := client.Usage.Query().Where(usage.HasJobWith(job.Name(tc.job)), usage.HasCredentialWith(credential.Name(tc.name))).
			WithCredential().Only(t.Context())
		if err != nil {
			t.Errorf("usage of %s by %s: %v", tc.name, tc.job, err)
			continue
		}
		c := u.Edges.Credential
		if c.Scope != tc.scope || c.EnvironmentScope != tc.envScope {
			t.Errorf("%s in %s bound to %s/%q, want %s/%q", tc.name, tc.job, c.Scope, c.EnvironmentScope, tc.scope, tc.envScope)
		}
	}
}

// TestIngestRejectsBadFacts: an environment secret for a missing
// environment fails the whole ingest, which writes nothing.
func TestIngestRejectsBadFacts(t *testing.T) {
	client := migratetest.Open(t)
	s := client.Scan.Create().SetPlatform(scan.PlatformGITHUB).SetTarget("acme").SaveX(t.Context())
	_, err := scanner.Ingest(t.Context(), client, s.ID, &scanner.Facts{
		Platform: scanner.GitHub, Target: "acme", Owner: scanner.Owner{Name: "acme"},
		Repositories: []scanner.Repository{
			{FullName: "acme/ok"},
			{FullName: "acme/bad", Credentials: []scanner.Credential{{Kind: scanner.ActionsSecret, Name: "X", Scope: scanner.ScopeEnvironment, Environment: "nope"}}},
		},
	})
	if err == nil {
		t.Fatal("ingest accepted a secret of a missing environment")
	}
	if n := client.Repository.Query().CountX(t.Context()); n != 0 {
		t.Fatalf("failed ingest left %d repositories", n)
	}
}

// TestPartialScanKeepsUnread: what a scan could not read (Facts.Unread)
// stays as the previous scan found it; what it read and no longer found goes.
func TestPartialScanKeepsUnread(t *testing.T) {
	client := migratetest.Open(t)
	full := func() *scanner.Facts {
		return &scanner.Facts{
			Platform: scanner.GitHub, Target: "acme", Owner: scanner.Owner{Name: "acme"},
			Credentials: []scanner.Credential{{Kind: scanner.ActionsSecret, Name: "ORG_TOKEN", Scope: scanner.ScopeOwner}},
			Repositories: []scanner.Repository{
				{FullName: "acme/app", Environments: []scanner.Environment{{Name: "prod"}},
					Credentials: []scanner.Credential{
						{Kind: scanner.ActionsSecret, Name: "APP_KEY", Scope: scanner.ScopeRepository},
						{Kind: scanner.ActionsSecret, Name: "PROD_KEY", Scope: scanner.ScopeEnvironment, Environment: "prod"}}},
				{FullName: "acme/app-two", Credentials: []scanner.Credential{{Kind: scanner.ActionsSecret, Name: "TWO_KEY", Scope: scanner.ScopeRepository}}},
			},
		}
	}
	ingest(t, client, full())
	partial := full()
	partial.Credentials = nil
	partial.Repositories[0].Credentials = nil
	partial.Repositories[1].Credentials = nil
	partial.Unread = []scanner.Unread{{What: "credentials"}, {What: "credentials", Repository: "acme/app"}}
	ingest(t, client, partial)
	names := client.Credential.Query().Select(credential.FieldName).StringsX(t.Context())
	want := map[string]bool{"ORG_TOKEN": true, "APP_KEY": true, "PROD_KEY": true}
	if len(names) != len(want) {
		t.Fatalf("credentials after a partial scan = %v, want %v (TWO_KEY was read and is gone)", names, want)
	}
	for _, n := range names {
		if !want[n] {
			t.Fatalf("credential %s kept; app-two's credentials were read", n)
		}
	}
	// An incomplete repository listing keeps the repositories not listed.
	listing := full()
	listing.Repositories = listing.Repositories[:1]
	listing.Unread = []scanner.Unread{{What: "repositories"}}
	ingest(t, client, listing)
	if n := client.Repository.Query().CountX(t.Context()); n != 2 {
		t.Fatalf("repositories after an incomplete listing = %d, want 2", n)
	}
}
