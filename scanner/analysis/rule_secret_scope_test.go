package analysis

import (
	"strings"
	"testing"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/scanner/workflow"
)

// releaseRepo is a repository with a CI workflow (build, test) and a release
// workflow whose deploy job runs in environment production.
func releaseRepo(f *fixture, name string) (r *repoInfo, build, deploy *jobInfo) {
	r = f.repo(name)
	f.env(r, "production", func(e *ent.Environment) {
		e.Production, e.Protected, e.RequiredReviewers = true, true, []string{"acme/release"}
	})
	ci := f.pipeline(r, ".github/workflows/ci.yml", "push", "pull_request")
	build = f.job(ci, "build", "BUILD")
	f.job(ci, "test", "TEST")
	deploy = f.job(f.pipeline(r, ".github/workflows/release.yml", "push"), "deploy", "DEPLOY", onEnv("production"))
	return r, build, deploy
}

func TestSecretExposedBeyondNeed(t *testing.T) {
	runRuleCases(t, "GITHUB", checkExposedBeyondNeed, []ruleCase{
		{
			name: "repository secret used by deploy and build: readable by test too",
			build: func(f *fixture) {
				r, build, deploy := releaseRepo(f, "acme/api")
				npm := f.secret("NPM_TOKEN", r, nil)
				f.use(deploy, npm, 20)
				f.use(build, npm, 12)
			},
			want: []string{"MEDIUM ACTIONS_SECRET `NPM_TOKEN` of acme/api"},
		},
		{
			name: "read by a job running pull-request code: high",
			build: func(f *fixture) {
				r := f.repo("acme/web")
				j := f.job(f.pipeline(r, ".github/workflows/preview.yml", "pull_request_target"), "preview", "STAGE",
					with(func(j *ent.Job) { j.UntrustedCheckout = true }))
				f.use(j, f.secret("NETLIFY_TOKEN", r, nil), 14)
			},
			want: []string{"HIGH ACTIONS_SECRET `NETLIFY_TOKEN` of acme/web"},
		},
		{
			name: "only used in one environment: left to secret-should-be-environment-scoped",
			build: func(f *fixture) {
				r, _, deploy := releaseRepo(f, "acme/api")
				f.use(deploy, f.secret("KUBE_TOKEN", r, nil), 20)
			},
			want: []string{},
		},
		{
			name: "environment secret used by its deploy job",
			build: func(f *fixture) {
				r, _, deploy := releaseRepo(f, "acme/api")
				f.use(deploy, f.secret("KUBE_TOKEN", nil, r.envNamed("production")), 20)
			},
			want: []string{},
		},
		{
			name: "local scan: unknown scope assumed repository-wide",
			build: func(f *fixture) {
				r, build, _ := releaseRepo(f, "acme/api")
				f.use(build, f.secret("SONAR_TOKEN", r, nil, func(c *ent.Credential) { c.Scope = "UNKNOWN" }), 15)
			},
			want: []string{"MEDIUM `SONAR_TOKEN` referenced at .github/workflows/ci.yml:15 (scope unknown)"},
		},
		{
			name: "secret input of a reusable workflow: judged at the callers",
			build: func(f *fixture) {
				r := f.repo("acme/shared")
				p := f.pipeline(r, ".github/workflows/publish.yml", "workflow_call")
				p.p.Reusable = true
				f.job(p, "build", "BUILD")
				j := f.job(p, "publish", "DEPLOY")
				f.use(j, f.secret("PYPI_TOKEN", r, nil, func(c *ent.Credential) { c.Scope = "UNKNOWN" }), 30)
			},
			want: []string{},
		},
	})
}

func TestSecretShouldBeEnvironmentScoped(t *testing.T) {
	runRuleCases(t, "GITHUB", checkShouldBeEnvironmentScoped, []ruleCase{
		{
			name: "repository secret used only by the production deploy",
			build: func(f *fixture) {
				r, _, deploy := releaseRepo(f, "acme/api")
				f.use(deploy, f.secret("KUBE_TOKEN", r, nil), 20)
			},
			want: []string{"MEDIUM ACTIONS_SECRET `KUBE_TOKEN` of acme/api"},
		},
		{
			name: "organization secret used only by one environment of one repository",
			build: func(f *fixture) {
				_, _, deploy := releaseRepo(f, "acme/api")
				f.use(deploy, f.secret("SLACK_WEBHOOK", nil, nil), 22)
			},
			want: []string{"MEDIUM ACTIONS_SECRET `SLACK_WEBHOOK` of acme"},
		},
		{
			name: "already an environment secret",
			build: func(f *fixture) {
				r, _, deploy := releaseRepo(f, "acme/api")
				f.use(deploy, f.secret("KUBE_TOKEN", nil, r.envNamed("production")), 20)
			},
			want: []string{},
		},
		{
			name: "used outside the environment too",
			build: func(f *fixture) {
				r, build, deploy := releaseRepo(f, "acme/api")
				c := f.secret("NPM_TOKEN", r, nil)
				f.use(deploy, c, 20)
				f.use(build, c, 12)
			},
			want: []string{},
		},
		{
			name: "unknown scope (local scan): may already be an environment secret",
			build: func(f *fixture) {
				r, _, deploy := releaseRepo(f, "acme/api")
				f.use(deploy, f.secret("KUBE_TOKEN", r, nil, func(c *ent.Credential) { c.Scope = "UNKNOWN" }), 20)
			},
			want: []string{},
		},
	})
}

func TestSecretShouldBeEnvironmentScopedGitLab(t *testing.T) {
	runRuleCases(t, "GITLAB", checkShouldBeEnvironmentScoped, []ruleCase{
		{
			name: "project variable with scope * used only by the production job",
			build: func(f *fixture) {
				r := f.repo("acme/api")
				p := f.pipeline(r, ".gitlab-ci.yml", "push")
				f.job(p, "build", "BUILD")
				j := f.job(p, "deploy", "DEPLOY", onEnv("production"))
				f.use(j, f.secret("KUBE_TOKEN", r, nil, func(c *ent.Credential) { c.EnvironmentScope = "*" }), 40)
			},
			want: []string{"MEDIUM CI_VARIABLE `KUBE_TOKEN` of acme/api"},
		},
		{
			name: "variable scoped to production",
			build: func(f *fixture) {
				r := f.repo("acme/api")
				j := f.job(f.pipeline(r, ".gitlab-ci.yml", "push"), "deploy", "DEPLOY", onEnv("production"))
				f.use(j, f.secret("KUBE_TOKEN", r, nil, func(c *ent.Credential) { c.EnvironmentScope = "production" }), 40)
			},
			want: []string{},
		},
	})
}

func TestOrgSecretVisibilityTooBroad(t *testing.T) {
	runRuleCases(t, "GITHUB", checkOrgVisibility, []ruleCase{
		{
			name: "visibility all, one of five repositories uses it",
			build: func(f *fixture) {
				c := f.secret("NPM_TOKEN", nil, nil, func(c *ent.Credential) { c.Visibility = "all" })
				for i, n := range []string{"acme/a", "acme/b", "acme/c", "acme/d", "acme/e"} {
					j := f.job(f.pipeline(f.repo(n), ".github/workflows/ci.yml", "push"), "build", "BUILD")
					if i == 0 {
						f.use(j, c, 12)
					}
				}
			},
			want: []string{`MEDIUM ACTIONS_SECRET ` + "`NPM_TOKEN`" + ` of acme (visibility "all")`},
		},
		{
			name: "selected repositories that all use it",
			build: func(f *fixture) {
				c := f.secret("NPM_TOKEN", nil, nil, func(c *ent.Credential) { c.Visibility, c.SelectedRepositories = "selected", []string{"a", "b"} })
				for _, n := range []string{"acme/a", "acme/b", "acme/c", "acme/d", "acme/e"} {
					j := f.job(f.pipeline(f.repo(n), ".github/workflows/ci.yml", "push"), "build", "BUILD")
					if n == "acme/a" || n == "acme/b" {
						f.use(j, c, 12)
					}
				}
			},
			want: []string{},
		},
		{
			name: "visibility private skips public repositories",
			build: func(f *fixture) {
				c := f.secret("NPM_TOKEN", nil, nil, func(c *ent.Credential) { c.Visibility = "private" })
				for i, n := range []string{"acme/a", "acme/b", "acme/c", "acme/d", "acme/e"} {
					r := f.repo(n, func(r *ent.Repository) { r.Visibility = "public" })
					if i == 0 {
						r.r.Visibility = "private"
					}
					j := f.job(f.pipeline(r, ".github/workflows/ci.yml", "push"), "build", "BUILD")
					if i == 0 {
						f.use(j, c, 12)
					}
				}
			},
			want: []string{},
		},
	})
}

func TestSecretUnused(t *testing.T) {
	runRuleCases(t, "GITHUB", checkSecretUnused, []ruleCase{
		{
			name: "repository secret nobody references",
			build: func(f *fixture) {
				r, _, _ := releaseRepo(f, "acme/api")
				f.secret("OLD_DEPLOY_KEY", r, nil)
			},
			want: []string{"LOW ACTIONS_SECRET `OLD_DEPLOY_KEY` of acme/api"},
		},
		{
			name: "referenced",
			build: func(f *fixture) {
				r, build, _ := releaseRepo(f, "acme/api")
				f.use(build, f.secret("NPM_TOKEN", r, nil), 12)
			},
			want: []string{},
		},
		{
			name: "dependabot secrets are read by Dependabot, not workflows",
			build: func(f *fixture) {
				r, _, _ := releaseRepo(f, "acme/api")
				f.secret("NPM_TOKEN", r, nil, func(c *ent.Credential) { c.Kind = "DEPENDABOT_SECRET" })
			},
			want: []string{},
		},
	})
}

func TestSecretUnusedGitLab(t *testing.T) {
	runRuleCases(t, "GITLAB", checkSecretUnused, []ruleCase{
		{
			name: "group variable nobody references",
			build: func(f *fixture) {
				f.job(f.pipeline(f.repo("acme/api"), ".gitlab-ci.yml", "push"), "build", "BUILD")
				f.secret("LEGACY_PASSWORD", nil, nil)
			},
			want: []string{"LOW CI_VARIABLE `LEGACY_PASSWORD` of acme"},
		},
		{
			name: "variable tools read from the environment (AWS CLI)",
			build: func(f *fixture) {
				f.job(f.pipeline(f.repo("acme/api"), ".gitlab-ci.yml", "push"), "build", "BUILD")
				f.secret("AWS_SECRET_ACCESS_KEY", nil, nil)
			},
			want: []string{},
		},
	})
}

func TestSecretsInherit(t *testing.T) {
	runRuleCases(t, "GITHUB", checkSecretsInherit, []ruleCase{
		{
			name: "call with secrets: inherit (rapidsai/rmm shape)",
			build: func(f *fixture) {
				f.job(f.pipeline(f.repo("acme/rmm"), ".github/workflows/build.yaml", "push"), "upload-conda", "DEPLOY", with(func(j *ent.Job) {
					j.Calls, j.SecretsInherit = "acme/shared-workflows/.github/workflows/conda-upload-packages.yaml@main", true
				}))
			},
			want: []string{"MEDIUM .github/workflows/build.yaml:10 job `upload-conda`"},
		},
		{
			name: "explicit secrets mapping",
			build: func(f *fixture) {
				f.job(f.pipeline(f.repo("acme/rmm"), ".github/workflows/build.yaml", "push"), "upload", "DEPLOY",
					with(func(j *ent.Job) { j.Calls = "./.github/workflows/upload.yaml" }))
			},
			want: []string{},
		},
	})
}

func TestInheritFixListsCalleeSecrets(t *testing.T) {
	f := newFixture("GITHUB")
	r := f.repo("acme/app")
	caller := f.job(f.pipeline(r, ".github/workflows/release.yml", "push"), "publish", "DEPLOY",
		with(func(j *ent.Job) { j.Calls, j.SecretsInherit = "./.github/workflows/publish.yml", true }))
	callee := f.job(f.pipeline(r, ".github/workflows/publish.yml", "workflow_call"), "npm", "DEPLOY")
	f.use(callee, f.secret("NPM_TOKEN", r, nil), 20)
	f.finish()
	want := "```yaml\n    secrets:\n      NPM_TOKEN: ${{ secrets.NPM_TOKEN }}\n```"
	if got := inheritFix(caller); !strings.Contains(got, want) {
		t.Errorf("inheritFix = %q, want it to contain %q", got, want)
	}
}

func TestCredentialSharedAcrossStages(t *testing.T) {
	runRuleCases(t, "GITHUB", checkSharedAcrossStages, []ruleCase{
		{
			name: "one token builds and deploys: high",
			build: func(f *fixture) {
				r, build, deploy := releaseRepo(f, "acme/api")
				c := f.secret("DOCKERHUB_TOKEN", r, nil)
				f.use(build, c, 12)
				f.use(deploy, c, 20)
			},
			want: []string{"HIGH ACTIONS_SECRET `DOCKERHUB_TOKEN` of acme/api"},
		},
		{
			name: "signing key also read by tests: medium",
			build: func(f *fixture) {
				r := f.repo("acme/cli")
				p := f.pipeline(r, ".github/workflows/release.yml", "push")
				c := f.secret("GPG_KEY", r, nil)
				f.use(f.job(p, "test", "TEST"), c, 12)
				f.use(f.job(p, "sign", "SIGN"), c, 22)
			},
			want: []string{"MEDIUM ACTIONS_SECRET `GPG_KEY` of acme/cli"},
		},
		{
			name: "build and test share a test credential",
			build: func(f *fixture) {
				r := f.repo("acme/e2e")
				p := f.pipeline(r, ".github/workflows/e2e.yml", "push")
				c := f.secret("E2E_API_KEY", r, nil)
				f.use(f.job(p, "build", "BUILD"), c, 12)
				f.use(f.job(p, "e2e", "TEST"), c, 22)
			},
			want: []string{},
		},
		{
			name: "unknown stage does not count",
			build: func(f *fixture) {
				r, _, deploy := releaseRepo(f, "acme/api")
				c := f.secret("SLACK", r, nil)
				f.use(deploy, c, 20)
				f.use(f.job(f.pipeline(r, ".github/workflows/notify.yml", "issues"), "notify", "UNKNOWN"), c, 9)
			},
			want: []string{},
		},
	})
}

func TestStaticCloudCredential(t *testing.T) {
	runRuleCases(t, "GITHUB", checkStaticCloud, []ruleCase{
		{
			name: "AWS key pair by name (rust-lang/rustup shape)",
			build: func(f *fixture) {
				r, _, deploy := releaseRepo(f, "acme/api")
				f.use(deploy, f.secret("AWS_ACCESS_KEY_ID", r, nil), 21)
				f.use(deploy, f.secret("AWS_SECRET_ACCESS_KEY", r, nil), 22)
			},
			want: []string{"HIGH ACTIONS_SECRET `AWS_ACCESS_KEY_ID` of acme/api", "HIGH ACTIONS_SECRET `AWS_SECRET_ACCESS_KEY` of acme/api"},
		},
		{
			name: "odd name passed to AWS variables (duckdb shape)",
			build: func(f *fixture) {
				r, _, _ := releaseRepo(f, "acme/db")
				j := f.job(f.pipeline(r, ".github/workflows/upload.yml", "push"), "upload", "DEPLOY", steps(workflow.Step{
					Line: 30, Run: "aws s3 cp x s3://bucket", Env: []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"},
					Secrets: []string{"S3_STAGING_ID", "S3_STAGING_KEY"}}))
				f.use(j, f.secret("S3_STAGING_ID", r, nil), 31)
				f.use(j, f.secret("S3_STAGING_KEY", r, nil), 32)
			},
			want: []string{"HIGH ACTIONS_SECRET `S3_STAGING_ID` of acme/db", "HIGH ACTIONS_SECRET `S3_STAGING_KEY` of acme/db"},
		},
		{
			name: "GCP key passed as credentials_json",
			build: func(f *fixture) {
				r, _, _ := releaseRepo(f, "acme/web")
				j := f.job(f.pipeline(r, ".github/workflows/release.yml", "push"), "release", "DEPLOY", steps(workflow.Step{
					Line: 60, Uses: "google-github-actions/auth", With: map[string]string{"credentials_json": "${{ secrets.RELEASE_SA }}"}}))
				f.use(j, f.secret("RELEASE_SA", r, nil), 61)
			},
			want: []string{"HIGH ACTIONS_SECRET `RELEASE_SA` of acme/web"},
		},
		{
			name: "OIDC role ARN is not a key",
			build: func(f *fixture) {
				r, _, deploy := releaseRepo(f, "acme/api")
				f.use(deploy, f.secret("AWS_ROLE_ARN", r, nil), 21)
			},
			want: []string{},
		},
		{
			name: "an R2 key flagged by the scanner's name heuristic but no cloud evidence",
			build: func(f *fixture) {
				r, _, deploy := releaseRepo(f, "acme/api")
				f.use(deploy, f.secret("MIRROR_R2_ACCESS_KEY_ID", r, nil, func(c *ent.Credential) { c.StaticCloudKey = true }), 21)
			},
			want: []string{},
		},
	})
}

func TestPersonalTokenInPipeline(t *testing.T) {
	runRuleCases(t, "GITHUB", checkPersonalToken, []ruleCase{
		{
			name: "named PAT",
			build: func(f *fixture) {
				r, _, deploy := releaseRepo(f, "acme/cli")
				f.use(deploy, f.secret("HOMEBREW_PR_PAT", r, nil), 30)
			},
			want: []string{"HIGH ACTIONS_SECRET `HOMEBREW_PR_PAT` of acme/cli"},
		},
		{
			name: "passed as the checkout token",
			build: func(f *fixture) {
				r := f.repo("acme/site")
				j := f.job(f.pipeline(r, ".github/workflows/sync.yml", "schedule"), "sync", "DEPLOY", steps(workflow.Step{
					Line: 12, Uses: "actions/checkout", With: map[string]string{"token": "${{ secrets.SYNC_TOKEN }}"}}))
				f.use(j, f.secret("SYNC_TOKEN", r, nil), 15)
			},
			want: []string{"HIGH ACTIONS_SECRET `SYNC_TOKEN` of acme/site"},
		},
		{
			name: "a service token whose name the scanner guessed",
			build: func(f *fixture) {
				r, _, deploy := releaseRepo(f, "acme/omnibus")
				f.use(deploy, f.secret("STAGING_REPO_TOKEN", r, nil, func(c *ent.Credential) { c.PersonalToken = true }), 30)
			},
			want: []string{},
		},
	})
}
