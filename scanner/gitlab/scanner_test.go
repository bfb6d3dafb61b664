package gitlab_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/privgraph/privgraph/scanner"
	"github.com/privgraph/privgraph/scanner/fingerprint"
	"github.com/privgraph/privgraph/scanner/gitlabtest"
	"github.com/privgraph/privgraph/scanner/workflow"
)

func findRepo(t *testing.T, f *scanner.Facts, name string) *scanner.Repository {
	t.Helper()
	for i := range f.Repositories {
		if f.Repositories[i].FullName == name {
			return &f.Repositories[i]
		}
	}
	t.Fatalf("repository %s not in facts", name)
	return nil
}

func findCred(t *testing.T, cs []scanner.Credential, kind scanner.CredentialKind, name string) scanner.Credential {
	t.Helper()
	for _, c := range cs {
		if c.Kind == kind && c.Name == name {
			return c
		}
	}
	t.Fatalf("credential %s %s not found", kind, name)
	return scanner.Credential{}
}

func findEnv(t *testing.T, r *scanner.Repository, name string) scanner.Environment {
	t.Helper()
	for _, e := range r.Environments {
		if e.Name == name {
			return e
		}
	}
	t.Fatalf("environment %s not in %s", name, r.FullName)
	return scanner.Environment{}
}

func TestScanDemoGroupTree(t *testing.T) {
	r := newRig(t, gitlabtest.DemoFixture())
	f, err := r.scanner.Scan(t.Context(), "demo")
	if err != nil {
		t.Fatal(err)
	}
	if f.Platform != scanner.GitLab || f.Target != "demo" {
		t.Errorf("Platform, Target = %s, %s; want GITLAB, demo", f.Platform, f.Target)
	}
	if f.Owner.Name != "demo" || f.Owner.URL != "https://gitlab.example.com/groups/demo" || f.Owner.ParentName != "" {
		t.Errorf("Owner = %+v", f.Owner)
	}
	wantSubs := []scanner.Owner{
		{Name: "demo/platform", URL: "https://gitlab.example.com/groups/demo/platform", ParentName: "demo"},
		{Name: "demo/web", URL: "https://gitlab.example.com/groups/demo/web", ParentName: "demo"},
	}
	if d := cmp.Diff(wantSubs, f.Subgroups); d != "" {
		t.Errorf("Subgroups (-want +got):\n%s", d)
	}
	var repos []string
	for _, r := range f.Repositories {
		repos = append(repos, fmt.Sprintf("%s owner=%s vis=%s branch=%s archived=%v", r.FullName, r.OwnerName, r.Visibility, r.DefaultBranch, r.Archived))
	}
	wantRepos := []string{
		"demo/platform/infra-live owner=demo/platform vis=private branch=main archived=false",
		"demo/platform/payments-api owner=demo/platform vis=internal branch=main archived=false",
		"demo/web/legacy-site owner=demo/web vis=private branch=master archived=true",
		"demo/web/storefront owner=demo/web vis=public branch=main archived=false",
	}
	if d := cmp.Diff(wantRepos, repos); d != "" {
		t.Errorf("Repositories (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"read_api"}, f.TokenScopes); d != "" || f.TokenCanWrite {
		t.Errorf("TokenScopes = %v, TokenCanWrite = %v; want read_api and false", f.TokenScopes, f.TokenCanWrite)
	}
	if f.Requests == 0 || f.Requests != r.srv.Count("*") {
		t.Errorf("Requests = %d, fake saw %d", f.Requests, r.srv.Count("*"))
	}
	wantGaps := []string{"Instance CI/CD variables and instance runners were not read: the token is not an administrator's."}
	if len(f.Gaps) != 1 || !strings.HasPrefix(f.Gaps[0], wantGaps[0]) {
		t.Errorf("Gaps = %q, want one starting %q", f.Gaps, wantGaps[0])
	}
}

func TestScanDemoGroupCredentials(t *testing.T) {
	r := newRig(t, gitlabtest.DemoFixture())
	f, err := r.scanner.Scan(t.Context(), "demo")
	if err != nil {
		t.Fatal(err)
	}
	fp := fingerprint.New(testKey)

	slack := findCred(t, f.Credentials, scanner.CIVariable, "SLACK_WEBHOOK_URL")
	if slack.Scope != scanner.ScopeOwner || slack.OwnerName != "" || slack.Protected || !slack.Masked ||
		slack.VariableType != "env_var" || slack.EnvironmentScope != "*" || slack.Description != "release notifications" || !slack.Active {
		t.Errorf("SLACK_WEBHOOK_URL = %+v", slack)
	}
	vault := findCred(t, f.Credentials, scanner.CIVariable, "VAULT_ROLE_ID")
	if vault.OwnerName != "demo/platform" || !vault.Hidden || vault.ValueFingerprint != "" {
		t.Errorf("VAULT_ROLE_ID (hidden: GitLab sends no value) = OwnerName %q Hidden %v fingerprint %q", vault.OwnerName, vault.Hidden, vault.ValueFingerprint)
	}
	gat := findCred(t, f.Credentials, scanner.GroupAccessToken, "platform-automation")
	if gat.OwnerName != "demo/platform" || gat.AccessLevel != "maintainer" || gat.ExpiresAt != nil || !gat.Active ||
		!cmp.Equal(gat.Permissions, []string{"api", "write_repository"}) || gat.LastUsedAt == nil || gat.ID != "51" ||
		gat.Identity != "group_101_bot_5f2e9a1c" {
		t.Errorf("platform-automation = %+v", gat)
	}
	dt := findCred(t, f.Credentials, scanner.DeployToken, "registry-pull")
	if dt.Scope != scanner.ScopeOwner || !dt.ReadOnly || dt.ExpiresAt == nil || dt.ExpiresAt.Year() != 2027 || !dt.Active {
		t.Errorf("registry-pull = %+v", dt)
	}

	pay := findRepo(t, f, "demo/platform/payments-api")
	kube := findCred(t, pay.Credentials, scanner.CIVariable, "KUBE_CONFIG")
	if kube.Scope != scanner.ScopeRepository || kube.VariableType != "file" || kube.EnvironmentScope != "production" ||
		kube.Protected || !kube.StaticCloudKey {
		t.Errorf("KUBE_CONFIG = %+v", kube)
	}
	if !findCred(t, pay.Credentials, scanner.CIVariable, "AWS_ACCESS_KEY_ID").StaticCloudKey {
		t.Error("AWS_ACCESS_KEY_ID: StaticCloudKey = false, want true (its value is an AKIA key id)")
	}
	tok := findCred(t, pay.Credentials, scanner.CIVariable, "DEPLOY_TOKEN")
	if tok.Masked || !tok.PersonalToken || tok.ValueFingerprint == "" {
		t.Errorf("DEPLOY_TOKEN = masked %v personal %v fingerprint %q; want unmasked, a personal token, fingerprinted", tok.Masked, tok.PersonalToken, tok.ValueFingerprint)
	}
	pat := findCred(t, pay.Credentials, scanner.ProjectAccessToken, "ci-deploy")
	if pat.ExpiresAt != nil || !cmp.Equal(pat.Permissions, []string{"api"}) || pat.AccessLevel != "maintainer" || !pat.Active || pat.CreatedAt == nil {
		t.Errorf("ci-deploy = %+v", pat)
	}
	old := findCred(t, pay.Credentials, scanner.ProjectAccessToken, "old-release-bot")
	if old.Active || old.ExpiresAt == nil || old.AccessLevel != "reporter" {
		t.Errorf("old-release-bot = %+v; want inactive, expiring, reporter", old)
	}
	key := findCred(t, pay.Credentials, scanner.DeployKey, "release-pusher")
	if key.ReadOnly || !cmp.Equal(key.Permissions, []string{"write_repository"}) || key.ID != "81" {
		t.Errorf("release-pusher = %+v; want a deploy key that can push", key)
	}

	shop := findRepo(t, f, "demo/web/storefront")
	reg := findCred(t, shop.Credentials, scanner.CIVariable, "REGISTRY_PASSWORD")
	shared := findCred(t, f.Credentials, scanner.CIVariable, "SHARED_REGISTRY_PASSWORD")
	if reg.ValueFingerprint == "" || reg.ValueFingerprint != shared.ValueFingerprint {
		t.Errorf("REGISTRY_PASSWORD and SHARED_REGISTRY_PASSWORD hold one value: fingerprints %q and %q should be equal", reg.ValueFingerprint, shared.ValueFingerprint)
	}
	if !strings.HasPrefix(reg.ValueFingerprint, fingerprint.Prefix) {
		t.Errorf("fingerprint %q lacks %s", reg.ValueFingerprint, fingerprint.Prefix)
	}
	if reg.ValueFingerprint == slack.ValueFingerprint {
		t.Error("two different values share a fingerprint")
	}
	if reg.ValueFingerprint == fp.Sum("") {
		t.Error("REGISTRY_PASSWORD was fingerprinted as empty")
	}
	sign := findCred(t, shop.Credentials, scanner.CIVariable, "SIGNING_KEY")
	if !sign.Raw || sign.VariableType != "file" || !sign.Protected {
		t.Errorf("SIGNING_KEY = %+v", sign)
	}
	push := findCred(t, shop.Credentials, scanner.DeployToken, "image-push")
	if push.ReadOnly || push.Scope != scanner.ScopeRepository || push.ExpiresAt != nil {
		t.Errorf("image-push = %+v; want a writing deploy token without expiry", push)
	}
}

func TestScanDemoProjectGuards(t *testing.T) {
	r := newRig(t, gitlabtest.DemoFixture())
	f, err := r.scanner.Scan(t.Context(), "demo")
	if err != nil {
		t.Fatal(err)
	}
	pay := findRepo(t, f, "demo/platform/payments-api")
	if e := findEnv(t, pay, "production"); !e.Production || e.Protected || e.Tier != "production" {
		t.Errorf("payments production = %+v; want production and unprotected", e)
	}
	if e := findEnv(t, pay, "staging"); e.Production || e.Tier != "staging" {
		t.Errorf("payments staging = %+v", e)
	}
	wantPay := []scanner.BranchProtection{{
		Source: "GITLAB", Pattern: "main", AllowForcePush: true,
		PushAccess: []string{"Developers + Maintainers"}, MergeAccess: []string{"Developers + Maintainers"},
		BypassActors: []string{"merge request authors (may approve their own merge requests)", "committers (may approve merge requests they added commits to)"},
	}}
	if d := cmp.Diff(wantPay, pay.Protections); d != "" {
		t.Errorf("payments protections (-want +got):\n%s", d)
	}
	if pay.JobTokenScopeEnabled == nil || *pay.JobTokenScopeEnabled {
		t.Errorf("payments JobTokenScopeEnabled = %v, want false", pay.JobTokenScopeEnabled)
	}

	infra := findRepo(t, f, "demo/platform/infra-live")
	wantEnv := scanner.Environment{Name: "production", Production: true, Tier: "production", Protected: true,
		RequiredReviewers: []string{"demo/sre"}, RequiredApprovals: 2, PreventSelfReview: true, DeployAccessLevels: []string{"Maintainers"}}
	if d := cmp.Diff(wantEnv, findEnv(t, infra, "production")); d != "" {
		t.Errorf("infra production (-want +got):\n%s", d)
	}
	wantInfra := []scanner.BranchProtection{{
		Source: "GITLAB", Pattern: "main", RequiredApprovals: 2, CodeOwnerReview: true, DismissStale: true,
		PushAccess: []string{"No one"}, MergeAccess: []string{"Maintainers"},
	}}
	if d := cmp.Diff(wantInfra, infra.Protections); d != "" {
		t.Errorf("infra protections (-want +got):\n%s", d)
	}
	if infra.JobTokenScopeEnabled == nil || !*infra.JobTokenScopeEnabled ||
		!cmp.Equal(infra.JobTokenAllowlist, []string{"demo/platform/payments-api", "group:demo/platform"}) {
		t.Errorf("infra job token = %v %v", infra.JobTokenScopeEnabled, infra.JobTokenAllowlist)
	}
	if len(infra.CodeOwners) != 1 || infra.CodeOwners[0].Path != ".gitlab/CODEOWNERS" || len(infra.CodeOwners[0].Rules) != 3 {
		t.Errorf("infra CODEOWNERS = %+v", infra.CodeOwners)
	}
	shop := findRepo(t, f, "demo/web/storefront")
	if len(shop.CodeOwners) != 1 || shop.CodeOwners[0].Path != "docs/CODEOWNERS" {
		t.Errorf("storefront CODEOWNERS = %+v", shop.CodeOwners)
	}
	legacy := findRepo(t, f, "demo/web/legacy-site")
	if len(legacy.Pipelines)+len(legacy.CodeOwners)+len(legacy.Protections) != 0 {
		t.Errorf("legacy-site = %+v; want nothing beyond the project", legacy)
	}
}

func TestScanDemoPipelinesRunnersIdentities(t *testing.T) {
	r := newRig(t, gitlabtest.DemoFixture())
	f, err := r.scanner.Scan(t.Context(), "demo")
	if err != nil {
		t.Fatal(err)
	}
	pay := findRepo(t, f, "demo/platform/payments-api")
	if len(pay.Pipelines) != 1 || pay.Pipelines[0].Path != ".gitlab-ci.yml" || pay.Pipelines[0].Kind != workflow.GitLabCI {
		t.Fatalf("payments pipelines = %+v", pay.Pipelines)
	}
	jobs := map[string]workflow.Job{}
	for _, j := range pay.Pipelines[0].Jobs {
		jobs[j.Key] = j
	}
	deploy, ok := jobs["deploy-production"]
	if !ok {
		t.Fatalf("payments jobs = %v; want deploy-production from the include: local file", keys(jobs))
	}
	if deploy.Environment != "production" || deploy.Stage != workflow.StageDeploy {
		t.Errorf("deploy-production = environment %q stage %s", deploy.Environment, deploy.Stage)
	}
	refs := map[string]bool{}
	for _, ref := range deploy.References {
		refs[ref.Name] = true
	}
	if !refs["KUBE_CONFIG"] || !refs["SLACK_WEBHOOK_URL"] {
		t.Errorf("deploy-production references %v; want KUBE_CONFIG and SLACK_WEBHOOK_URL", refs)
	}
	if r.srv.Count("/projects/1001/repository/files/%2Egitlab%2Fci%2Fdeploy%2Eyml/raw") != 1 {
		t.Errorf("the include: local file was read %d times, want 1", r.srv.Count("/projects/1001/repository/files/%2Egitlab%2Fci%2Fdeploy%2Eyml/raw"))
	}
	infra := findRepo(t, f, "demo/platform/infra-live")
	var apply *workflow.Job
	for i, j := range infra.Pipelines[0].Jobs {
		if j.Key == "apply-production" {
			apply = &infra.Pipelines[0].Jobs[i]
		}
	}
	if apply == nil || !apply.OIDC {
		t.Errorf("infra apply-production = %+v; want an OIDC job (id_tokens)", apply)
	}
	if want := []string{"v*: Maintainers"}; !slices.Equal(infra.ProtectedTags, want) {
		t.Errorf("infra protected tags = %q, want %q", infra.ProtectedTags, want)
	}
	if pay := findRepo(t, f, "demo/platform/payments-api"); len(pay.ProtectedTags) != 0 {
		t.Errorf("payments-api protected tags = %q, want none", pay.ProtectedTags)
	}

	for _, g := range f.RunnerGroups {
		if want := strings.HasPrefix(g.Name, "infra-prod "); g.Locked != want {
			t.Errorf("runner %s locked = %v, want %v", g.Name, g.Locked, want)
		}
	}
	var rgs []string
	for _, g := range f.RunnerGroups {
		rgs = append(rgs, fmt.Sprintf("%s level=%s protected=%v untagged=%v labels=%v repos=%v vis=%s",
			g.Name, g.Level, g.ProtectedRefsOnly, g.RunUntagged, g.Labels, g.SelectedRepositories, g.Visibility))
	}
	wantRG := []string{
		"demo-builders (#13) level=group protected=false untagged=true labels=[docker] repos=[] vis=group demo",
		"platform-deployer (#11) level=group protected=false untagged=true labels=[deploy k8s] repos=[] vis=group demo/platform",
		"infra-prod (#12) level=repository protected=true untagged=false labels=[prod] repos=[demo/platform/infra-live] vis=selected",
	}
	if d := cmp.Diff(wantRG, rgs); d != "" {
		t.Errorf("RunnerGroups (-want +got):\n%s", d)
	}
	if n := r.srv.Count("/runners/13"); n != 1 {
		t.Errorf("runner 13 (listed by three groups) was read %d times, want 1", n)
	}
	var ids []string
	for _, i := range f.Identities {
		ids = append(ids, fmt.Sprintf("%s %s %v write=%v", i.Kind, i.Name, i.Permissions, i.CanWrite))
	}
	wantIDs := []string{
		"BOT group_101_bot_5f2e9a1c [maintainer of demo/platform] write=true",
		"SERVICE_ACCOUNT service_account_group_100_8b1d2f [developer of demo] write=true",
	}
	if d := cmp.Diff(wantIDs, ids); d != "" {
		t.Errorf("Identities (-want +got):\n%s", d)
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestScanAdminReadsInstance(t *testing.T) {
	fx := gitlabtest.DemoFixture()
	fx.User.IsAdmin = true
	fx.InstanceVariables = []gitlabtest.Variable{{Key: "INSTANCE_PROXY_PASSWORD", Value: "SENTINEL-instance-VALUE", Masked: true}}
	fx.InstanceRunners = []gitlabtest.Runner{{ID: 1, Description: "shared-docker", Type: "instance_type", Tags: []string{"docker"}, RunUntagged: true}}
	r := newRig(t, fx)
	f, err := r.scanner.Scan(t.Context(), "demo")
	if err != nil {
		t.Fatal(err)
	}
	c := findCred(t, f.Credentials, scanner.CIVariable, "INSTANCE_PROXY_PASSWORD")
	if c.Scope != scanner.ScopeInstance || c.ValueFingerprint == "" {
		t.Errorf("instance variable = %+v", c)
	}
	var found bool
	for _, g := range f.RunnerGroups {
		if g.Name == "shared-docker (#1)" && g.Level == "instance" && g.AllowsPublicRepositories && g.RunUntagged {
			found = true
		}
	}
	if !found {
		t.Errorf("RunnerGroups = %+v; want shared-docker (#1) at instance level", f.RunnerGroups)
	}
	if len(f.Gaps) != 0 {
		t.Errorf("Gaps = %q, want none for an administrator", f.Gaps)
	}
}

// TestGroupProtectedEnvironments: a group's protected environment protects
// that deployment tier in every project below the group.
func TestGroupProtectedEnvironments(t *testing.T) {
	fx := gitlabtest.DemoFixture()
	fx.Groups[2].ProtectedEnvironments = []gitlabtest.ProtectedEnvironment{{Name: "staging", RequiredApprovals: 1,
		DeployAccess: []gitlabtest.Access{{AccessLevel: 40, Description: "Maintainers"}}}}
	r := newRig(t, fx)
	f, err := r.scanner.Scan(t.Context(), "demo")
	if err != nil {
		t.Fatal(err)
	}
	shop := findRepo(t, f, "demo/web/storefront")
	want := scanner.Environment{Name: "staging", Tier: "staging", Protected: true, RequiredApprovals: 1,
		PreventSelfReview: true, DeployAccessLevels: []string{"Maintainers"}}
	if d := cmp.Diff(want, findEnv(t, shop, "staging")); d != "" {
		t.Errorf("storefront staging (-want +got):\n%s", d)
	}
	if e := findEnv(t, findRepo(t, f, "demo/platform/payments-api"), "staging"); e.Protected {
		t.Error("a demo/web protection reached demo/platform")
	}
}
