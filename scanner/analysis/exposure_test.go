package analysis

import (
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/privgraph/privgraph/ent"
)

type exposureWant struct {
	Exposed   []string // repo:job
	NeededBy  []string
	ExposedTo []string
	Reasons   int
	Assumed   bool
}

func exposureOf(ci *credInfo) exposureWant {
	var jobs []string
	for _, j := range ci.exposed {
		jobs = append(jobs, j.repo.r.FullName+":"+j.j.Name)
	}
	sort.Strings(jobs)
	return exposureWant{jobs, sortStages(stagesOf(ci.needing)), sortStages(stagesOf(ci.exposed)), len(ci.reasons), ci.scopeAssumed}
}

func TestExposureGitHub(t *testing.T) {
	tests := []struct {
		name  string
		build func(f *fixture) *credInfo
		want  exposureWant
	}{
		{
			name: "org secret with selected repositories",
			build: func(f *fixture) *credInfo {
				c := f.secret("NPM_TOKEN", nil, nil, func(c *ent.Credential) { c.Visibility, c.SelectedRepositories = "selected", []string{"web"} })
				f.use(f.job(f.pipeline(f.repo("acme/web"), ".github/workflows/ci.yml", "push"), "publish", "DEPLOY"), c, 12)
				f.job(f.pipeline(f.repo("acme/api"), ".github/workflows/ci.yml", "push"), "build", "BUILD")
				return c
			},
			want: exposureWant{[]string{"acme/web:publish"}, []string{"DEPLOY"}, []string{"DEPLOY"}, 0, false},
		},
		{
			name: "environment secret: only jobs of that environment (and expression environments)",
			build: func(f *fixture) *credInfo {
				r, build, deploy := releaseRepo(f, "acme/api")
				f.job(f.pipeline(r, ".github/workflows/dyn.yml", "workflow_dispatch"), "dyn", "DEPLOY", onEnv("${{ inputs.env }}"))
				c := f.secret("KUBE", nil, r.envNamed("production"))
				f.use(deploy, c, 20)
				_ = build
				return c
			},
			want: exposureWant{[]string{"acme/api:deploy", "acme/api:dyn"}, []string{"DEPLOY"}, []string{"DEPLOY"}, 1, false},
		},
		{
			name: "secrets: inherit hands the caller's secrets to another repository's workflow",
			build: func(f *fixture) *credInfo {
				app := f.repo("acme/app")
				caller := f.job(f.pipeline(app, ".github/workflows/release.yml", "push"), "release", "DEPLOY",
					with(func(j *ent.Job) { j.Calls, j.SecretsInherit = "acme/shared/.github/workflows/deploy.yml@main", true }))
				f.job(f.pipeline(f.repo("acme/shared"), ".github/workflows/deploy.yml", "workflow_call"), "deploy", "DEPLOY")
				c := f.secret("KUBE", app, nil)
				f.use(caller, c, 9)
				return c
			},
			want: exposureWant{[]string{"acme/app:release", "acme/shared:deploy"}, []string{"DEPLOY"}, []string{"DEPLOY"}, 1, false},
		},
		{
			name: "unknown scope: every job of the repository, assumed",
			build: func(f *fixture) *credInfo {
				r, build, _ := releaseRepo(f, "acme/api")
				c := f.secret("TOKEN", r, nil, func(c *ent.Credential) { c.Scope = "UNKNOWN" })
				f.use(build, c, 12)
				return c
			},
			want: exposureWant{[]string{"acme/api:build", "acme/api:deploy", "acme/api:test"}, []string{"BUILD"}, []string{"BUILD", "TEST", "DEPLOY"}, 1, true},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture("GITHUB")
			ci := tc.build(f)
			f.finish()
			if diff := cmp.Diff(tc.want, exposureOf(ci)); diff != "" {
				t.Errorf("exposure (-want +got):\n%s\nreasons: %q", diff, ci.reasons)
			}
		})
	}
}

func TestExposureGitLab(t *testing.T) {
	build := func(f *fixture) (*repoInfo, *repoInfo) {
		sub := &ent.Owner{ID: 2, Key: "gitlab:acme/platform", Name: "acme/platform", Platform: "GITLAB", ParentKey: "owner:acme"}
		f.s.owners = append(f.s.owners, sub)
		f.s.ownerByID[2], f.s.ownerIDs = sub, append(f.s.ownerIDs, 2)
		top := f.repo("acme/site")
		p := f.pipeline(top, ".gitlab-ci.yml", "push")
		f.job(p, "build", "BUILD")
		f.job(p, "review", "STAGE", onEnv("review/$CI_COMMIT_REF_SLUG"))
		nested := f.repo("acme/platform/api")
		nested.owner = sub
		q := f.pipeline(nested, ".gitlab-ci.yml", "push")
		f.job(q, "test", "TEST")
		f.job(q, "deploy", "DEPLOY", onEnv("production"))
		return top, nested
	}
	tests := []struct {
		name  string
		scope string
		want  []string
	}{
		{"group variable reaches subgroup projects", "*", []string{"acme/platform/api:deploy", "acme/platform/api:test", "acme/site:build", "acme/site:review"}},
		{"environment scope production", "production", []string{"acme/platform/api:deploy"}},
		{"wildcard scope matches a templated environment", "review/*", []string{"acme/site:review"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture("GITLAB")
			build(f)
			ci := f.secret("TOKEN", nil, nil, func(c *ent.Credential) { c.EnvironmentScope = tc.scope })
			f.finish()
			if diff := cmp.Diff(tc.want, exposureOf(ci).Exposed); diff != "" {
				t.Errorf("exposed jobs (-want +got):\n%s", diff)
			}
		})
	}
}

func TestMatchEnvScope(t *testing.T) {
	tests := []struct {
		scope, env string
		want       bool
	}{
		{"production", "production", true},
		{"review/*", "review/feature-1", true},
		{"review/*", "production", false},
		{"*-prod", "eu-prod", true},
		{"production", "", false},
		{"review/*", "review/$CI_COMMIT_REF_SLUG", true},
		{"production", "review/${CI_COMMIT_REF_SLUG}", false},
	}
	for _, tc := range tests {
		if got := matchEnvScope(tc.scope, tc.env); got != tc.want {
			t.Errorf("matchEnvScope(%q, %q) = %v, want %v", tc.scope, tc.env, got, tc.want)
		}
	}
}

// TestExposureGitLabProtected: `protected` keeps a variable from pipelines
// of unprotected branches, not from the other jobs of a pipeline on a
// protected branch or tag. A job with no rules (protected_refs_only false)
// runs on the default branch too, where GitLab hands it every protected
// variable, so it stays exposed; what changes is the reason, and which
// fixes apply.
func TestExposureGitLabProtected(t *testing.T) {
	protectedOnly := with(func(j *ent.Job) { j.ProtectedRefsOnly = true })
	tests := []struct {
		name      string
		protected bool
		scope     string
		want      exposureWant
		reasons   []string // substrings, one per reason, in order
	}{
		{
			name: "unprotected: every job, and branch pipelines",
			want: exposureWant{[]string{"acme/shop:build", "acme/shop:publish", "acme/shop:test"}, []string{"DEPLOY"}, []string{"BUILD", "TEST", "DEPLOY"}, 2, false},
			reasons: []string{
				"readable by 2 job(s) that never reference it (stages BUILD, TEST): `build`",
				"not protected: pipelines of unprotected branches can read it too",
			},
		},
		{
			name:      "protected: the same jobs, in pipelines of protected refs only",
			protected: true,
			want:      exposureWant{[]string{"acme/shop:build", "acme/shop:publish", "acme/shop:test"}, []string{"DEPLOY"}, []string{"BUILD", "TEST", "DEPLOY"}, 1, false},
			reasons:   []string{"readable by 2 job(s) that never reference it (stages BUILD, TEST) in pipelines of protected branches and tags, where every job receives it"},
		},
		{
			name:      "protected and scoped to the environment: only the deploy job",
			protected: true,
			scope:     "production",
			want:      exposureWant{[]string{"acme/shop:publish"}, []string{"DEPLOY"}, []string{"DEPLOY"}, 0, false},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture("GITLAB")
			r := f.repo("acme/shop")
			p := f.pipeline(r, ".gitlab-ci.yml", "push")
			f.job(p, "build", "BUILD")
			f.job(p, "test", "TEST")
			publish := f.job(p, "publish", "DEPLOY", onEnv("production"), protectedOnly)
			ci := f.secret("NPM_TOKEN", r, nil, func(c *ent.Credential) { c.Protected, c.EnvironmentScope = tc.protected, tc.scope })
			f.use(publish, ci, 30)
			f.finish()
			if diff := cmp.Diff(tc.want, exposureOf(ci)); diff != "" {
				t.Errorf("exposure (-want +got):\n%s\nreasons: %q", diff, ci.reasons)
			}
			for i, want := range tc.reasons {
				if i >= len(ci.reasons) || !strings.Contains(ci.reasons[i], want) {
					t.Errorf("reason %d = %q, want it to contain %q (reasons %q)", i, nth(ci.reasons, i), want, ci.reasons)
				}
			}
		})
	}
}

func nth(s []string, i int) string {
	if i < len(s) {
		return s[i]
	}
	return ""
}

// exposureCase is one credential's exposure with its over-scope reasons,
// compared whole and in order.
type exposureCase struct {
	name     string
	platform string
	build    func(f *fixture) *credInfo
	want     exposureWant
	reasons  []string
}

func runExposureCases(t *testing.T, cases []exposureCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(tc.platform)
			ci := tc.build(f)
			f.finish()
			tc.want.Reasons = len(tc.reasons)
			if diff := cmp.Diff(tc.want, exposureOf(ci)); diff != "" {
				t.Errorf("exposure (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.reasons, ci.reasons); diff != "" {
				t.Errorf("over-scope reasons (-want +got):\n%s", diff)
			}
		})
	}
}

// TestExposureWorkflowEnv: a secret in a workflow-level `env:` reaches every
// job of that workflow, and the parser gives each job a reference to it (at
// the env line), so each counts as needing it: no gap is reported inside the
// workflow (README: "counted as referenced by every job of that workflow").
// Jobs of the repository's other workflows can read the repository secret
// too and never reference it.
func TestExposureWorkflowEnv(t *testing.T) {
	runExposureCases(t, []exposureCase{{
		name:     "workflow env: every job of the workflow needs it, other workflows do not",
		platform: "GITHUB",
		build: func(f *fixture) *credInfo {
			r := f.repo("acme/api")
			c := f.secret("KUBE_TOKEN", r, nil)
			p := f.pipeline(r, ".github/workflows/release.yml", "push")
			for _, j := range []*jobInfo{f.job(p, "build", "BUILD"), f.job(p, "deploy", "DEPLOY")} {
				f.use(j, c, 5) // env: at the top of release.yml
			}
			f.job(f.pipeline(r, ".github/workflows/lint.yml", "pull_request"), "lint", "TEST")
			return c
		},
		want: exposureWant{Exposed: []string{"acme/api:build", "acme/api:deploy", "acme/api:lint"},
			NeededBy: []string{"BUILD", "DEPLOY"}, ExposedTo: []string{"BUILD", "TEST", "DEPLOY"}},
		reasons: []string{"readable by 1 job(s) that never reference it (stages TEST): `lint` (.github/workflows/lint.yml:10)"},
	}})
}

// TestExposureOrgSecretVisibility: `all` reaches every repository of the
// organization; `private` reaches private and internal ones, never a public
// repository's jobs.
func TestExposureOrgSecretVisibility(t *testing.T) {
	build := func(visibility string) func(f *fixture) *credInfo {
		return func(f *fixture) *credInfo {
			c := f.secret("SONAR_TOKEN", nil, nil, func(c *ent.Credential) { c.Visibility = visibility })
			for _, name := range []string{"pub", "priv", "int"} {
				r := f.repo("acme/"+name, func(r *ent.Repository) {
					r.Visibility = map[string]string{"pub": "public", "priv": "private", "int": "internal"}[name]
				})
				j := f.job(f.pipeline(r, ".github/workflows/ci.yml", "push"), "scan", "TEST")
				if name == "priv" {
					f.use(j, c, 14)
				}
			}
			return c
		}
	}
	runExposureCases(t, []exposureCase{
		{
			name: "visibility all", platform: "GITHUB", build: build("all"),
			want: exposureWant{Exposed: []string{"acme/int:scan", "acme/priv:scan", "acme/pub:scan"}, NeededBy: []string{"TEST"}, ExposedTo: []string{"TEST"}},
			reasons: []string{
				"readable by 2 job(s) that never reference it (stages TEST): `scan` (.github/workflows/ci.yml:10), `scan` (.github/workflows/ci.yml:10)",
				"reaches 2 repositories that never reference it: acme/pub, acme/int",
			},
		},
		{
			name: "visibility private: not the public repository", platform: "GITHUB", build: build("private"),
			want: exposureWant{Exposed: []string{"acme/int:scan", "acme/priv:scan"}, NeededBy: []string{"TEST"}, ExposedTo: []string{"TEST"}},
			reasons: []string{
				"readable by 1 job(s) that never reference it (stages TEST): `scan` (.github/workflows/ci.yml:10)",
				"reaches 1 repositories that never reference it: acme/int",
			},
		},
	})
}

// TestExposureUntrustedTrigger: under pull_request_target a job that checks
// out the pull request's code runs outsiders' code with what it can read.
// It counts as an untrusted reader of a secret when it reads it (references
// it or the whole secrets context), of the GITHUB_TOKEN when its token can
// write or it reads the whole secrets context; a job that only could read
// it, or checks out nothing, does not. Jobs of a push workflow in the same
// repository are exposed but not to outsiders.
func TestExposureUntrustedTrigger(t *testing.T) {
	prCode := with(func(j *ent.Job) { j.UntrustedCheckout = true })
	repo := func(f *fixture) (r *repoInfo, test, lint, label, dump *jobInfo) {
		r = f.repo("acme/web")
		p := f.pipeline(r, ".github/workflows/pr.yml", "pull_request_target")
		test = f.job(p, "test-pr", "TEST", prCode)
		lint = f.job(p, "lint-pr", "TEST", prCode, perms("job", "contents:read", "pull-requests:write"))
		label = f.job(p, "label", "UNKNOWN", perms("job", "issues:write"))
		dump = f.job(p, "dump", "TEST", prCode, with(func(j *ent.Job) { j.SecretsWholeContext = true }))
		f.job(f.pipeline(r, ".github/workflows/ci.yml", "push"), "build", "BUILD")
		return r, test, lint, label, dump
	}
	runExposureCases(t, []exposureCase{
		{
			name: "repository secret referenced by a job that runs PR code", platform: "GITHUB",
			build: func(f *fixture) *credInfo {
				r, test, _, _, _ := repo(f)
				c := f.secret("NPM_TOKEN", r, nil)
				f.use(test, c, 21)
				return c
			},
			want: exposureWant{Exposed: []string{"acme/web:build", "acme/web:dump", "acme/web:label", "acme/web:lint-pr", "acme/web:test-pr"},
				NeededBy: []string{"TEST"}, ExposedTo: []string{"BUILD", "TEST", "UNKNOWN"}},
			reasons: []string{
				"readable by 4 job(s) that never reference it (stages BUILD, TEST, UNKNOWN): `build` (.github/workflows/ci.yml:10), `lint-pr` (.github/workflows/pr.yml:20), `label` (.github/workflows/pr.yml:30), `dump` (.github/workflows/pr.yml:40)",
				"read by jobs that run pull-request code under pull_request_target: `test-pr` (.github/workflows/pr.yml:10), `dump` (.github/workflows/pr.yml:40)",
			},
		},
		{
			name: "GITHUB_TOKEN: the PR-code job whose token can write", platform: "GITHUB",
			build: func(f *fixture) *credInfo {
				r, _, lint, _, _ := repo(f)
				c := f.secret("GITHUB_TOKEN", r, nil, func(c *ent.Credential) { c.Kind = "GITHUB_TOKEN" })
				f.use(lint, c, 25)
				return c
			},
			want: exposureWant{Exposed: []string{"acme/web:build", "acme/web:dump", "acme/web:label", "acme/web:lint-pr", "acme/web:test-pr"},
				NeededBy: []string{"TEST"}, ExposedTo: []string{"BUILD", "TEST", "UNKNOWN"}},
			// dump reads it too: toJSON(secrets) includes secrets.GITHUB_TOKEN.
			// test-pr checks out PR code with a read-only token: not listed.
			reasons: []string{
				"read by jobs that run pull-request code under pull_request_target: `lint-pr` (.github/workflows/pr.yml:20), `dump` (.github/workflows/pr.yml:40)",
				"job `lint-pr` (.github/workflows/pr.yml:20) holds pull-requests: write beyond what its steps need",
				"job `label` (.github/workflows/pr.yml:30) holds issues: write beyond what its steps need",
			},
		},
	})
}

// TestExposureJenkinsCredential: a Jenkins credential id is needed by the
// stages that bind it (credentials('id'), withCredentials). A local scan
// cannot see the credentials store, so its scope is assumed: every stage of
// the repository's pipelines could bind it.
func TestExposureJenkinsCredential(t *testing.T) {
	build := func(f *fixture) (r *repoInfo, b, test, deploy *jobInfo) {
		r = f.repo("billing")
		p := f.pipeline(r, "Jenkinsfile")
		p.p.Kind = "JENKINS"
		return r, f.job(p, "Build", "BUILD"), f.job(p, "Test", "TEST"), f.job(p, "Deploy", "DEPLOY")
	}
	jenkins := func(c *ent.Credential) { c.Kind, c.Scope = "JENKINS_CREDENTIAL", "UNKNOWN" }
	runExposureCases(t, []exposureCase{
		{
			name: "used by the deploy stage only", platform: "LOCAL",
			build: func(f *fixture) *credInfo {
				r, _, _, deploy := build(f)
				c := f.secret("prod-kubeconfig", r, nil, jenkins)
				f.use(deploy, c, 31)
				return c
			},
			want: exposureWant{Exposed: []string{"billing:Build", "billing:Deploy", "billing:Test"},
				NeededBy: []string{"DEPLOY"}, ExposedTo: []string{"BUILD", "TEST", "DEPLOY"}, Assumed: true},
			reasons: []string{"readable by 2 job(s) that never reference it (stages BUILD, TEST): `Build` (Jenkinsfile:10), `Test` (Jenkinsfile:20)"},
		},
		{
			name: "bound in every stage: needed by all, no gap", platform: "LOCAL",
			build: func(f *fixture) *credInfo {
				r, b, test, deploy := build(f)
				c := f.secret("nexus", r, nil, jenkins)
				for i, j := range []*jobInfo{b, test, deploy} {
					f.use(j, c, 12+10*i)
				}
				return c
			},
			want: exposureWant{Exposed: []string{"billing:Build", "billing:Deploy", "billing:Test"},
				NeededBy: []string{"BUILD", "TEST", "DEPLOY"}, ExposedTo: []string{"BUILD", "TEST", "DEPLOY"}, Assumed: true},
		},
	})
}
