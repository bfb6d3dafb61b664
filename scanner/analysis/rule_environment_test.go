package analysis

import (
	"testing"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/scanner/workflow"
)

func TestEnvironmentUnprotected(t *testing.T) {
	runRuleCases(t, "GITHUB", checkEnvironmentUnprotected, []ruleCase{
		{
			name: "production without reviewers",
			build: func(f *fixture) {
				f.env(f.repo("acme/api"), "production", func(e *ent.Environment) { e.Production, e.BranchPolicy = true, "protected" })
			},
			want: []string{"HIGH acme/api environment `production`"},
		},
		{
			name: "production with reviewers; staging without",
			build: func(f *fixture) {
				r := f.repo("acme/api")
				f.env(r, "production", func(e *ent.Environment) { e.Production, e.RequiredReviewers = true, []string{"acme/sre"} })
				f.env(r, "staging")
			},
			want: []string{},
		},
		{
			name: "local scan knows no environment rules",
			build: func(f *fixture) {
				r := f.repo("shop", func(r *ent.Repository) { r.Platform = "LOCAL" })
				f.env(r, "production", func(e *ent.Environment) { e.Production = true })
			},
			want: []string{},
		},
	})
}

func TestEnvironmentUnprotectedGitLab(t *testing.T) {
	runRuleCases(t, "GITLAB", checkEnvironmentUnprotected, []ruleCase{
		{
			name: "production not a protected environment",
			build: func(f *fixture) {
				f.env(f.repo("acme/api"), "production", func(e *ent.Environment) { e.Production = true })
			},
			want: []string{"HIGH acme/api environment `production`"},
		},
		{
			name: "protected environment",
			build: func(f *fixture) {
				f.env(f.repo("acme/api"), "production", func(e *ent.Environment) { e.Production, e.Protected = true, true })
			},
			want: []string{},
		},
	})
}

func TestDeploySelfReviewAllowed(t *testing.T) {
	runRuleCases(t, "GITHUB", checkSelfReview, []ruleCase{
		{
			name: "reviewers without prevent self-review",
			build: func(f *fixture) {
				f.env(f.repo("acme/api"), "production", func(e *ent.Environment) { e.Production, e.RequiredReviewers = true, []string{"acme/dev"} })
			},
			want: []string{"MEDIUM acme/api environment `production`: prevent_self_review = false"},
		},
		{
			name: "self-review prevented, or no reviewers at all",
			build: func(f *fixture) {
				r := f.repo("acme/api")
				f.env(r, "production", func(e *ent.Environment) { e.RequiredReviewers, e.PreventSelfReview = []string{"acme/sre"}, true })
				f.env(r, "preview")
			},
			want: []string{},
		},
	})
}

func TestEnvironmentAnyBranch(t *testing.T) {
	runRuleCases(t, "GITHUB", checkAnyBranch, []ruleCase{
		{
			name: "production from any branch",
			build: func(f *fixture) {
				f.env(f.repo("acme/api"), "production", func(e *ent.Environment) { e.Production, e.BranchPolicy = true, "any" })
			},
			want: []string{"MEDIUM acme/api environment `production`: deployment_branch_policy = any"},
		},
		{
			name: "protected branches only; unknown policy; non-production",
			build: func(f *fixture) {
				r := f.repo("acme/api")
				f.env(r, "production", func(e *ent.Environment) { e.Production, e.BranchPolicy = true, "protected" })
				f.env(r, "prod-eu", func(e *ent.Environment) { e.Production = true })
				f.env(r, "preview", func(e *ent.Environment) { e.BranchPolicy = "any" })
			},
			want: []string{},
		},
	})
}

func TestDeployWithoutEnvironment(t *testing.T) {
	runRuleCases(t, "GITHUB", checkDeployWithoutEnvironment, []ruleCase{
		{
			name: "npm publish without environment",
			build: func(f *fixture) {
				f.job(f.pipeline(f.repo("acme/lib"), ".github/workflows/publish.yml", "release"), "publish", "DEPLOY")
			},
			want: []string{"HIGH .github/workflows/publish.yml:10 job `publish`"},
		},
		{
			name: "trusted publishing in an environment (pallets/flask shape), and a reusable-workflow call",
			build: func(f *fixture) {
				r := f.repo("acme/lib")
				f.env(r, "pypi")
				p := f.pipeline(r, ".github/workflows/publish.yml", "push")
				f.job(p, "publish", "DEPLOY", onEnv("pypi"), with(func(j *ent.Job) { j.Oidc = true }))
				f.job(p, "release", "DEPLOY", with(func(j *ent.Job) { j.Calls = "./.github/workflows/release.yml" }))
			},
			want: []string{},
		},
	})
}

func TestSecretsWholeContext(t *testing.T) {
	runRuleCases(t, "GITHUB", checkSecretsWholeContext, []ruleCase{
		{
			name: "toJSON(secrets) in a push workflow",
			build: func(f *fixture) {
				f.job(f.pipeline(f.repo("acme/ci"), ".github/workflows/build.yaml", "workflow_call"), "build", "BUILD",
					with(func(j *ent.Job) { j.SecretsWholeContext = true }))
			},
			want: []string{"MEDIUM .github/workflows/build.yaml:10 job `build`"},
		},
		{
			name: "under issue_comment: high",
			build: func(f *fixture) {
				f.job(f.pipeline(f.repo("acme/ci"), ".github/workflows/cmd.yaml", "issue_comment"), "cmd", "UNKNOWN",
					with(func(j *ent.Job) { j.SecretsWholeContext = true }))
			},
			want: []string{"HIGH .github/workflows/cmd.yaml:10 job `cmd`"},
		},
		{
			name: "named secrets only",
			build: func(f *fixture) {
				r := f.repo("acme/ci")
				f.use(f.job(f.pipeline(r, ".github/workflows/b.yaml", "push"), "b", "BUILD"), f.secret("X", r, nil), 12)
			},
			want: []string{},
		},
	})
}

func TestCheckoutPersistsCredentials(t *testing.T) {
	checkout := workflow.Step{Line: 12, Uses: "actions/checkout", Ref: "v4"}
	runRuleCases(t, "GITHUB", checkPersistCredentials, []ruleCase{
		{
			name: "checkout then upload-artifact: medium",
			build: func(f *fixture) {
				f.job(f.pipeline(f.repo("acme/api"), ".github/workflows/ci.yml", "push"), "build", "BUILD",
					steps(checkout, workflow.Step{Line: 20, Uses: "actions/upload-artifact", With: map[string]string{"path": "."}}))
			},
			want: []string{"MEDIUM .github/workflows/ci.yml:12 `actions/checkout` without `persist-credentials: false`"},
		},
		{
			name: "checkout then a third-party action: low",
			build: func(f *fixture) {
				f.job(f.pipeline(f.repo("acme/api"), ".github/workflows/ci.yml", "push"), "lint", "TEST",
					steps(checkout, workflow.Step{Line: 18, Uses: "golangci/golangci-lint-action", Ref: "v6"}))
			},
			want: []string{"LOW .github/workflows/ci.yml:12 `actions/checkout` without `persist-credentials: false`"},
		},
		{
			name: "persist-credentials false; or only first-party steps after",
			build: func(f *fixture) {
				p := f.pipeline(f.repo("acme/api"), ".github/workflows/ci.yml", "push")
				safe := checkout
				safe.With = map[string]string{"persist-credentials": "false"}
				f.job(p, "a", "BUILD", steps(safe, workflow.Step{Line: 20, Uses: "actions/upload-artifact"}))
				f.job(p, "b", "TEST", steps(checkout, workflow.Step{Line: 30, Uses: "actions/setup-go"}, workflow.Step{Line: 31, Run: "go test ./..."}))
			},
			want: []string{},
		},
	})
}
