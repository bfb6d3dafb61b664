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
			want:      []string{"MEDIUM CI_VARIABLE `DEPLOY_PASSWORD` of acme/api"},
			remedy:    map[string][]string{"MEDIUM CI_VARIABLE `DEPLOY_PASSWORD` of acme/api": {"**Settings → CI/CD → Variables** of project acme/api", "`PUT /projects/acme%2Fapi/variables/DEPLOY_PASSWORD` with the new `value`"}},
			notRemedy: gitlabOnly,
		},
		{
			name: "group variable scoped to an environment",
			build: func(f *fixture) {
				f.secret("KUBE_TOKEN", nil, nil, func(c *ent.Credential) { c.UpdatedAt, c.EnvironmentScope = at(-120*day), "production" })
			},
			want:      []string{"MEDIUM CI_VARIABLE `KUBE_TOKEN` of acme"},
			remedy:    map[string][]string{"MEDIUM CI_VARIABLE `KUBE_TOKEN` of acme": {"of group acme", "`PUT /groups/acme/variables/KUBE_TOKEN?filter[environment_scope]=production`"}},
			notRemedy: gitlabOnly,
		},
		{
			name: "project access token without expiry, id known, nested project",
			build: func(f *fixture) {
				ci := f.secret("ci-bot", f.repo("acme/platform/api"), nil, func(c *ent.Credential) { c.Kind, c.CreatedAt = "PROJECT_ACCESS_TOKEN", at(-10*day) })
				ci.c.Key += "#42"
			},
			want: []string{"MEDIUM PROJECT_ACCESS_TOKEN `ci-bot` of acme/platform/api"},
			remedy: map[string][]string{"MEDIUM PROJECT_ACCESS_TOKEN `ci-bot` of acme/platform/api": {
				"with an expiry of at most a year", "in the project acme/platform/api open **Settings → Access tokens**",
				"`POST /projects/acme%2Fplatform%2Fapi/access_tokens/42/rotate` with `expires_at=YYYY-MM-DD`"}},
			notRemedy: gitlabOnly,
		},
		{
			name: "group access token last rotated long ago",
			build: func(f *fixture) {
				ci := f.secret("automation", nil, nil, func(c *ent.Credential) {
					c.Kind, c.CreatedAt, c.ExpiresAt = "GROUP_ACCESS_TOKEN", at(-200*day), at(100*day)
				})
				ci.c.Key += "#7"
			},
			want: []string{"MEDIUM GROUP_ACCESS_TOKEN `automation` of acme"},
			remedy: map[string][]string{"MEDIUM GROUP_ACCESS_TOKEN `automation` of acme": {
				"Rotate the group access token `automation`: in the group acme", "`POST /groups/acme/access_tokens/7/rotate`"}},
			notRemedy: append([]string{"expiry of at most a year"}, gitlabOnly...),
		},
		{
			name: "group deploy token expiring in two years",
			build: func(f *fixture) {
				ci := f.secret("registry", nil, nil, func(c *ent.Credential) {
					c.Kind, c.ExpiresAt, c.Permissions = "DEPLOY_TOKEN", at(730*day), []string{"read_registry"}
				})
				ci.c.Key += "#9"
			},
			want: []string{"MEDIUM DEPLOY_TOKEN `registry` of acme"},
			remedy: map[string][]string{"MEDIUM DEPLOY_TOKEN `registry` of acme": {
				"create a new one and revoke `registry`", "**Settings → Repository → Deploy tokens**",
				"`POST /groups/acme/deploy_tokens` with `name=registry&scopes[]=read_registry&expires_at=YYYY-MM-DD`",
				"`DELETE /groups/acme/deploy_tokens/9`"}},
			notRemedy: gitlabOnly,
		},
		{
			name: "deploy key with push access",
			build: func(f *fixture) {
				ci := f.secret("release-pusher", f.repo("acme/api"), nil, func(c *ent.Credential) { c.Kind, c.CreatedAt = "DEPLOY_KEY", at(-400*day) })
				ci.c.Key += "#5"
			},
			want: []string{"MEDIUM DEPLOY_KEY `release-pusher` of acme/api"},
			remedy: map[string][]string{"MEDIUM DEPLOY_KEY `release-pusher` of acme/api": {
				"`POST /projects/acme%2Fapi/deploy_keys` with `title`, `key`, `can_push=true`", "`DELETE /projects/acme%2Fapi/deploy_keys/5`"}},
			notRemedy: gitlabOnly,
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

// gitlabOnly: a GitLab remediation names no GitHub API and no placeholder
// for a path or id the scan read.
var gitlabOnly = []string{"/repos/", "/orgs/", "GitHub", ":id", ":token_id", "{"}

// githubOnly: a GitHub remediation names no GitLab API or menu, and no
// placeholder for a name the scan read.
var githubOnly = []string{"GitLab", "/projects/", "/groups/", "access_tokens", "{owner}", "{org}", "{repo}", "{key_id}", ":id"}

func TestCredentialNotRotatedGitHub(t *testing.T) {
	old := func(c *ent.Credential) { c.UpdatedAt = at(-200 * day) }
	runRuleCases(t, "GITHUB", checkNotRotated, []ruleCase{
		{
			name: "organization, repository and environment secrets",
			build: func(f *fixture) {
				r := f.repo("acme/api")
				f.secret("NPM_TOKEN", nil, nil, old)
				f.secret("SONAR_TOKEN", r, nil, old)
				f.secret("KUBE", nil, f.env(r, "production"), old)
			},
			want: []string{
				"MEDIUM ACTIONS_SECRET `KUBE` of environment `production` in acme/api",
				"MEDIUM ACTIONS_SECRET `NPM_TOKEN` of acme",
				"MEDIUM ACTIONS_SECRET `SONAR_TOKEN` of acme/api",
			},
			remedy: map[string][]string{
				"MEDIUM ACTIONS_SECRET `NPM_TOKEN` of acme": {
					"**Organization settings → Secrets and variables → Actions** of acme",
					"`PUT /orgs/acme/actions/secrets/NPM_TOKEN`", "`GET /orgs/acme/actions/secrets/public-key`", "keeping its `visibility`"},
				"MEDIUM ACTIONS_SECRET `SONAR_TOKEN` of acme/api": {
					"**Settings → Secrets and variables → Actions** of acme/api", "`PUT /repos/acme/api/actions/secrets/SONAR_TOKEN`"},
				"MEDIUM ACTIONS_SECRET `KUBE` of environment `production` in acme/api": {
					"**Settings → Environments → production → Environment secrets** of acme/api",
					"`PUT /repos/acme/api/environments/production/secrets/KUBE`"},
			},
			notRemedy: githubOnly,
		},
		{
			name: "Dependabot secrets",
			build: func(f *fixture) {
				f.secret("NPM_READ", nil, nil, old, func(c *ent.Credential) { c.Kind = "DEPENDABOT_SECRET" })
				f.secret("NPM_READ", f.repo("acme/app"), nil, old, func(c *ent.Credential) { c.Kind = "DEPENDABOT_SECRET" })
			},
			want: []string{"MEDIUM DEPENDABOT_SECRET `NPM_READ` of acme", "MEDIUM DEPENDABOT_SECRET `NPM_READ` of acme/app"},
			remedy: map[string][]string{
				"MEDIUM DEPENDABOT_SECRET `NPM_READ` of acme":     {"Secrets and variables → Dependabot** of acme", "`PUT /orgs/acme/dependabot/secrets/NPM_READ`"},
				"MEDIUM DEPENDABOT_SECRET `NPM_READ` of acme/app": {"`PUT /repos/acme/app/dependabot/secrets/NPM_READ`"},
			},
			notRemedy: append([]string{"/actions/secrets"}, githubOnly...),
		},
		{
			name: "read-only deploy key: add a new key, then delete the old one by id",
			build: func(f *fixture) {
				ci := f.secret("argocd", f.repo("acme/api"), nil, func(c *ent.Credential) { c.Kind, c.CreatedAt, c.ReadOnly = "DEPLOY_KEY", at(-400*day), true })
				ci.c.Key += "#77"
			},
			want: []string{"MEDIUM DEPLOY_KEY `argocd` of acme/api"},
			remedy: map[string][]string{"MEDIUM DEPLOY_KEY `argocd` of acme/api": {
				"**Settings → Deploy keys → Add deploy key**", "`POST /repos/acme/api/keys` with `title`, `key` and `read_only: true`",
				"then delete the old key (`DELETE /repos/acme/api/keys/77`)"}},
			notRemedy: githubOnly,
		},
	})
}

func TestCredentialNotRotatedJenkins(t *testing.T) {
	runRuleCases(t, "LOCAL", checkNotRotated, []ruleCase{{
		name: "Jenkins credential with a known update date",
		build: func(f *fixture) {
			f.secret("deploy-creds", f.repo("shop"), nil, func(c *ent.Credential) {
				c.Kind, c.Scope, c.UpdatedAt = "JENKINS_CREDENTIAL", "REPOSITORY", at(-100*day)
			})
		},
		want: []string{"MEDIUM JENKINS_CREDENTIAL `deploy-creds` of shop"},
		remedy: map[string][]string{"MEDIUM JENKINS_CREDENTIAL `deploy-creds` of shop": {
			"Jenkins credentials store", "**Manage Jenkins → Credentials**", "keeping the id `deploy-creds`", "`credentials('deploy-creds')`"}},
		notRemedy: []string{"GitLab", "GitHub", "/repos/", "/projects/", "access_tokens"},
	}})
}

// TestRotateFixOtherKinds covers the kinds the rule does not select today
// (app installations: their tokens expire within the hour) and the
// fallback, through rotateFix itself.
func TestRotateFixOtherKinds(t *testing.T) {
	app := &credInfo{c: &ent.Credential{Kind: "APP_INSTALLATION", Name: "installation 12", Key: "k#12",
		Edges: ent.CredentialEdges{Identity: &ent.Identity{Name: "release-bot"}}}}
	if got := rotateFix(app, ""); !strings.Contains(got, "GitHub Apps → release-bot → Private keys") || strings.Contains(got, "GitLab") {
		t.Errorf("app installation remediation = %q", got)
	}
	other := &credInfo{c: &ent.Credential{Kind: "EXTERNAL_SECRET", Name: "vault-db"}}
	if got, want := rotateFix(other, ""), "Rotate `vault-db`: issue a new value, store it in the same place, and revoke the old one."; got != want {
		t.Errorf("fallback = %q, want %q", got, want)
	}
	if got := credentialID(&credInfo{c: &ent.Credential{Key: "repo:x|cred:DEPLOY_KEY:a#b"}}); got != "" {
		t.Errorf("credentialID of a name with # = %q, want \"\"", got)
	}
}
