package analysis

import (
	"strings"
	"testing"
	"time"

	"github.com/privgraph/privgraph/ent"
)

func at(d time.Duration) *time.Time { t := testNow.Add(d); return &t }

const day = 24 * time.Hour

func TestCredentialNotRotated(t *testing.T) {
	runRuleCases(t, "GITLAB", checkNotRotated, []ruleCase{
		{
			name: "secret updated 200 days ago",
			build: func(f *fixture) {
				f.secret("DEPLOY_PASSWORD", f.repo("acme/api"), nil, func(c *ent.Credential) { c.UpdatedAt = at(-200 * day) })
			},
			want: []string{"MEDIUM CI_VARIABLE `DEPLOY_PASSWORD` of acme/api"},
		},
		{
			name: "project access token without expiry",
			build: func(f *fixture) {
				f.secret("ci-bot", f.repo("acme/api"), nil, func(c *ent.Credential) { c.Kind, c.CreatedAt = "PROJECT_ACCESS_TOKEN", at(-10*day) })
			},
			want: []string{"MEDIUM PROJECT_ACCESS_TOKEN `ci-bot` of acme/api"},
		},
		{
			name: "deploy token expiring in two years",
			build: func(f *fixture) {
				f.secret("registry", nil, nil, func(c *ent.Credential) { c.Kind, c.ExpiresAt = "DEPLOY_TOKEN", at(730*day) })
			},
			want: []string{"MEDIUM DEPLOY_TOKEN `registry` of acme"},
		},
		{
			name: "fresh secret, token expiring in 30 days, revoked old token, unknown dates",
			build: func(f *fixture) {
				r := f.repo("acme/api")
				f.secret("FRESH", r, nil, func(c *ent.Credential) { c.UpdatedAt = at(-10 * day) })
				f.secret("bot", r, nil, func(c *ent.Credential) { c.Kind, c.ExpiresAt = "PROJECT_ACCESS_TOKEN", at(30*day) })
				f.secret("old", r, nil, func(c *ent.Credential) { c.Kind, c.Active = "PROJECT_ACCESS_TOKEN", false })
				f.secret("LOCAL_ONLY", r, nil)
			},
			want: []string{},
		},
	})
}

func TestCredentialValueReused(t *testing.T) {
	runRuleCases(t, "GITLAB", checkValueReused, []ruleCase{
		{
			name: "one value under two projects",
			build: func(f *fixture) {
				f.secret("NPM_TOKEN", f.repo("acme/a"), nil, func(c *ent.Credential) { c.ValueFingerprint = "fp1" })
				f.secret("NPM_PUBLISH", f.repo("acme/b"), nil, func(c *ent.Credential) { c.ValueFingerprint = "fp1" })
				f.secret("OTHER", f.repo("acme/c"), nil, func(c *ent.Credential) { c.ValueFingerprint = "fp2" })
			},
			want: []string{"MEDIUM CI_VARIABLE `NPM_PUBLISH` of acme/b", "MEDIUM CI_VARIABLE `NPM_TOKEN` of acme/a"},
		},
		{
			name: "no fingerprints (GitHub never returns values)",
			build: func(f *fixture) {
				f.secret("A", f.repo("acme/a"), nil)
				f.secret("B", f.repo("acme/b"), nil)
			},
			want: []string{},
		},
	})
}

// TestValueReusedNeverPrintsFingerprint guards that the keyed fingerprint of
// a value never reaches a finding.
func TestValueReusedNeverPrintsFingerprint(t *testing.T) {
	f := newFixture("GITLAB")
	const fp = "sentinel-fingerprint-0123456789"
	f.secret("NPM_TOKEN", f.repo("acme/a"), nil, func(c *ent.Credential) { c.ValueFingerprint = fp })
	f.secret("NPM_PUBLISH", f.repo("acme/b"), nil, func(c *ent.Credential) { c.ValueFingerprint = fp })
	for _, c := range f.finish().runRules() {
		for _, s := range []string{c.title, c.detail, c.evidence, c.remediation, c.subject, c.evidenceKey} {
			if strings.Contains(s, fp) {
				t.Fatalf("rule %s prints the value fingerprint", c.rule)
			}
		}
	}
}

func TestVariableUnprotected(t *testing.T) {
	runRuleCases(t, "GITLAB", checkVariableUnprotected, []ruleCase{
		{
			name: "deploy job reads an unprotected variable",
			build: func(f *fixture) {
				r := f.repo("acme/api")
				j := f.job(f.pipeline(r, ".gitlab-ci.yml", "push"), "deploy", "DEPLOY", onEnv("production"))
				f.use(j, f.secret("KUBE_TOKEN", r, nil), 40)
			},
			want: []string{"HIGH CI_VARIABLE `KUBE_TOKEN` of acme/api"},
		},
		{
			name: "protected",
			build: func(f *fixture) {
				r := f.repo("acme/api")
				j := f.job(f.pipeline(r, ".gitlab-ci.yml", "push"), "deploy", "DEPLOY", onEnv("production"))
				f.use(j, f.secret("KUBE_TOKEN", r, nil, func(c *ent.Credential) { c.Protected = true }), 40)
			},
			want: []string{},
		},
		{
			name: "read by tests only",
			build: func(f *fixture) {
				r := f.repo("acme/api")
				f.use(f.job(f.pipeline(r, ".gitlab-ci.yml", "push"), "test", "TEST"), f.secret("SONAR_TOKEN", r, nil), 12)
			},
			want: []string{},
		},
	})
}

func TestVariableUnmasked(t *testing.T) {
	runRuleCases(t, "GITLAB", checkVariableUnmasked, []ruleCase{
		{
			name:  "token not masked",
			build: func(f *fixture) { f.secret("REGISTRY_TOKEN", f.repo("acme/api"), nil) },
			want:  []string{"MEDIUM CI_VARIABLE `REGISTRY_TOKEN` of acme/api"},
		},
		{
			name: "masked, hidden, or not credential-like",
			build: func(f *fixture) {
				r := f.repo("acme/api")
				f.secret("DEPLOY_PASSWORD", r, nil, func(c *ent.Credential) { c.Masked = true })
				f.secret("SIGNING_KEY", r, nil, func(c *ent.Credential) { c.Hidden = true })
				f.secret("DOCKER_IMAGE", r, nil)
			},
			want: []string{},
		},
	})
}

func TestDeployKeyWriteAccess(t *testing.T) {
	runRuleCases(t, "GITHUB", checkDeployKeyWrite, []ruleCase{
		{
			name: "write key",
			build: func(f *fixture) {
				f.secret("mirror", f.repo("acme/api"), nil, func(c *ent.Credential) { c.Kind = "DEPLOY_KEY" })
			},
			want: []string{"MEDIUM DEPLOY_KEY `mirror` of acme/api: read_only = false"},
		},
		{
			name: "read-only key",
			build: func(f *fixture) {
				f.secret("ci", f.repo("acme/api"), nil, func(c *ent.Credential) { c.Kind, c.ReadOnly = "DEPLOY_KEY", true })
			},
			want: []string{},
		},
	})
}

func TestAccessTokenOverscoped(t *testing.T) {
	runRuleCases(t, "GITLAB", checkAccessTokenOverscoped, []ruleCase{
		{
			name: "project token with api scope and Maintainer role",
			build: func(f *fixture) {
				f.secret("release-bot", f.repo("acme/api"), nil, func(c *ent.Credential) {
					c.Kind, c.Permissions, c.AccessLevel = "PROJECT_ACCESS_TOKEN", []string{"api", "read_repository"}, "maintainer"
				})
			},
			want: []string{"MEDIUM PROJECT_ACCESS_TOKEN `release-bot` of acme/api: scope `api`, role maintainer"},
		},
		{
			name: "deploy token that only reads the registry",
			build: func(f *fixture) {
				f.secret("pull", nil, nil, func(c *ent.Credential) { c.Kind, c.Permissions = "DEPLOY_TOKEN", []string{"read_registry"} })
			},
			want: []string{},
		},
	})
}

func TestAppInstallationAllRepositories(t *testing.T) {
	runRuleCases(t, "GITHUB", checkAppAllRepos, []ruleCase{
		{
			name: "write app on all repositories",
			build: func(f *fixture) {
				f.s.idents = append(f.s.idents, &ent.Identity{Key: "id:renovate", Kind: "GITHUB_APP", Name: "renovate",
					RepositorySelection: "all", CanWrite: true, Permissions: []string{"contents:write", "metadata:read"}})
			},
			want: []string{"MEDIUM app installation `renovate`: repository_selection = all, permissions contents:write"},
		},
		{
			name: "read-only app on all, or write app on selected",
			build: func(f *fixture) {
				f.s.idents = append(f.s.idents,
					&ent.Identity{Key: "id:a", Kind: "GITHUB_APP", Name: "a", RepositorySelection: "all", Permissions: []string{"metadata:read"}},
					&ent.Identity{Key: "id:b", Kind: "GITHUB_APP", Name: "b", RepositorySelection: "selected", CanWrite: true})
			},
			want: []string{},
		},
	})
}
