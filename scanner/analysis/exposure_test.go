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
