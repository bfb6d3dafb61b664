package analysis

import (
	"testing"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/ent/schema"
	"github.com/privgraph/privgraph/scanner/workflow"
)

func withCodeOwners(r *repoInfo, path string, rules ...schema.CodeOwnersRule) {
	r.r.Edges.CodeOwners = append(r.r.Edges.CodeOwners, &ent.CodeOwners{Key: r.r.Key + "|co:" + path, Path: path, Rules: rules})
}

func TestPipelineDefinitionsUnowned(t *testing.T) {
	runRuleCases(t, "GITHUB", checkPipelinesUnowned, []ruleCase{
		{
			name: "no CODEOWNERS file",
			build: func(f *fixture) {
				f.job(f.pipeline(f.repo("acme/api"), ".github/workflows/ci.yml", "push"), "build", "BUILD")
			},
			want: []string{"MEDIUM acme/api: no CODEOWNERS file"},
		},
		{
			name: "CODEOWNERS covers docs only",
			build: func(f *fixture) {
				r := f.repo("acme/api")
				f.job(f.pipeline(r, ".github/workflows/ci.yml", "push"), "build", "BUILD")
				withCodeOwners(r, ".github/CODEOWNERS", schema.CodeOwnersRule{Pattern: "/docs/", Owners: []string{"@acme/docs"}, Line: 1})
			},
			want: []string{"MEDIUM .github/CODEOWNERS: no rule with owners covers `.github/workflows/ci.yml`"},
		},
		{
			name: "a later rule without owners unsets ownership",
			build: func(f *fixture) {
				r := f.repo("acme/api")
				f.job(f.pipeline(r, ".github/workflows/ci.yml", "push"), "build", "BUILD")
				withCodeOwners(r, "CODEOWNERS", schema.CodeOwnersRule{Pattern: "*", Owners: []string{"@acme/dev"}, Line: 1},
					schema.CodeOwnersRule{Pattern: "/.github/workflows/", Line: 2})
			},
			want: []string{"MEDIUM CODEOWNERS: no rule with owners covers `.github/workflows/ci.yml`"},
		},
		{
			name: "covered by a directory rule, a catch-all, and a GitLab rule",
			build: func(f *fixture) {
				a := f.repo("acme/a")
				f.job(f.pipeline(a, ".github/workflows/ci.yml", "push"), "build", "BUILD")
				withCodeOwners(a, ".github/CODEOWNERS", schema.CodeOwnersRule{Pattern: "/.github/workflows/", Owners: []string{"@acme/platform"}, Line: 3})
				b := f.repo("acme/b")
				f.job(f.pipeline(b, ".github/workflows/ci.yml", "push"), "build", "BUILD")
				withCodeOwners(b, "CODEOWNERS", schema.CodeOwnersRule{Pattern: "*", Owners: []string{"@alice"}, Line: 1})
				c := f.repo("acme/c")
				f.job(f.pipeline(c, ".gitlab-ci.yml", "push"), "build", "BUILD")
				withCodeOwners(c, ".gitlab/CODEOWNERS", schema.CodeOwnersRule{Pattern: ".gitlab-ci.yml", Owners: []string{"@acme/platform"}, Line: 2})
			},
			want: []string{},
		},
	})
}

func TestOwnersOfPipelineFiles(t *testing.T) {
	tests := []struct {
		pattern, file string
		want          bool
	}{
		{"*", ".github/workflows/ci.yml", true},
		{"/.github/", ".github/workflows/ci.yml", true},
		{".github/workflows/", ".github/workflows/ci.yml", true},
		{"/.github/workflows/*.yml", ".github/workflows/ci.yml", true},
		{"*.yml", ".github/workflows/ci.yml", true},
		{"**/workflows/", ".github/workflows/ci.yml", true},
		{"/.github/workflows", ".github/workflows/ci.yml", true},
		{"/docs/", ".github/workflows/ci.yml", false},
		{"/ci.yml", ".github/workflows/ci.yml", false},
		{"*.md", ".gitlab-ci.yml", false},
		{"/.gitlab-ci.yml", ".gitlab-ci.yml", true},
		{"Jenkinsfile", "Jenkinsfile", true},
	}
	for _, tc := range tests {
		if got := len(ownersOf([]schema.CodeOwnersRule{{Pattern: tc.pattern, Owners: []string{"@acme/x"}}}, tc.file)) > 0; got != tc.want {
			t.Errorf("ownersOf(%q, %q) non-empty = %v, want %v", tc.pattern, tc.file, got, tc.want)
		}
	}
}

func TestDefaultBranchUnprotected(t *testing.T) {
	runRuleCases(t, "GITHUB", checkBranchUnprotected, []ruleCase{
		{
			name:  "no protection",
			build: func(f *fixture) { f.repo("acme/api") },
			want:  []string{"HIGH acme/api: branch `main` has no protection rule or ruleset"},
		},
		{
			name: "ruleset, archived repository, local folder",
			build: func(f *fixture) {
				r := f.repo("acme/api")
				r.r.Edges.BranchProtections = []*ent.BranchProtection{{Source: "RULESET", Pattern: "~DEFAULT_BRANCH", RequiredApprovals: 1}}
				f.repo("acme/old", func(r *ent.Repository) { r.Archived = true })
				f.repo("shop", func(r *ent.Repository) { r.Platform = "LOCAL" })
			},
			want: []string{},
		},
	})
}

func TestBranchProtectionWeak(t *testing.T) {
	runRuleCases(t, "GITHUB", checkProtectionWeak, []ruleCase{
		{
			name: "classic protection without reviews, admins bypass",
			build: func(f *fixture) {
				r := f.repo("acme/api")
				r.r.Edges.BranchProtections = []*ent.BranchProtection{{Source: "CLASSIC", Pattern: "main", StatusChecks: []string{"ci"}}}
			},
			want: []string{"MEDIUM acme/api default-branch protection: requires no approving review, does not require code-owner review, lets administrators bypass it"},
		},
		{
			name: "classic and ruleset add up",
			build: func(f *fixture) {
				r := f.repo("acme/api")
				r.r.Edges.BranchProtections = []*ent.BranchProtection{
					{Source: "CLASSIC", Pattern: "main", AllowForcePush: true, EnforceAdmins: true},
					{Source: "RULESET", Pattern: "~DEFAULT_BRANCH", RequiredApprovals: 2, CodeOwnerReview: true},
				}
			},
			want: []string{},
		},
	})
}

func TestUnpinnedAction(t *testing.T) {
	runRuleCases(t, "GITHUB", checkUnpinned, []ruleCase{
		{
			name: "third-party action on a tag, a reusable workflow on a branch, each once per file",
			build: func(f *fixture) {
				p := f.pipeline(f.repo("acme/api"), ".github/workflows/ci.yml", "push")
				tag := workflow.Step{Line: 14, Uses: "docker/login-action", Ref: "v3"}
				f.job(p, "build", "BUILD", steps(tag))
				tag.Line = 40
				f.job(p, "push", "BUILD", steps(tag))
				f.job(p, "shared", "BUILD", with(func(j *ent.Job) { j.Calls = "other/workflows/.github/workflows/x.yml@main" }))
			},
			want: []string{
				"MEDIUM .github/workflows/ci.yml:14 `docker/login-action@v3`",
				"MEDIUM .github/workflows/ci.yml:30 `other/workflows/.github/workflows/x.yml@main`",
			},
		},
		{
			name: "SHA-pinned, GitHub's own, the organization's own, local, and a broken call",
			build: func(f *fixture) {
				p := f.pipeline(f.repo("acme/api"), ".github/workflows/ci.yml", "push")
				f.job(p, "build", "BUILD", steps(
					workflow.Step{Line: 12, Uses: "docker/login-action", Ref: "74a5d142397b4f367a81961eba4e8cd7edddf772", Pinned: true},
					workflow.Step{Line: 13, Uses: "actions/checkout", Ref: "v4"},
					workflow.Step{Line: 14, Uses: "acme/setup", Ref: "main"},
					workflow.Step{Line: 15, Uses: "./.github/actions/build"},
				))
				f.job(p, "rel", "DEPLOY", with(func(j *ent.Job) { j.Calls = "$/.github/workflows/publish.yml" }))
			},
			want: []string{},
		},
	})
}

func TestSelfModifyingPipeline(t *testing.T) {
	runRuleCases(t, "GITHUB", checkSelfModifying, []ruleCase{
		{
			name: "generates a workflow and pushes",
			build: func(f *fixture) {
				f.job(f.pipeline(f.repo("acme/api"), ".github/workflows/gen.yml", "schedule"), "regen", "UNKNOWN", steps(
					workflow.Step{Line: 20, Run: "go run ./gen > .github/workflows/matrix.yml"},
					workflow.Step{Line: 22, Run: "git commit -am regen && git push"},
				))
			},
			want: []string{"HIGH .github/workflows/gen.yml:20 job `regen` writes pipeline definitions and pushes"},
		},
		{
			name: "reads workflows without pushing; pushes without writing them",
			build: func(f *fixture) {
				p := f.pipeline(f.repo("acme/api"), ".github/workflows/lint.yml", "push")
				f.job(p, "lint", "TEST", steps(workflow.Step{Line: 10, Run: "actionlint .github/workflows/*.yml"}))
				f.job(p, "bump", "UNKNOWN", steps(workflow.Step{Line: 20, Run: "echo 1 > VERSION && git push"}))
			},
			want: []string{},
		},
	})
}

func TestGitHubAppTokenOverscoped(t *testing.T) {
	runRuleCases(t, "GITHUB", checkAppToken, []ruleCase{
		{
			name: "token for every repository of the owner (external-secrets ok-to-test shape)",
			build: func(f *fixture) {
				f.job(f.pipeline(f.repo("acme/api"), ".github/workflows/ok.yml", "issue_comment"), "ok", "UNKNOWN", steps(workflow.Step{
					Line: 26, Uses: "actions/create-github-app-token",
					With: map[string]string{"app-id": "${{ vars.APP_ID }}", "private-key": "${{ secrets.PK }}", "owner": "${{ github.repository_owner }}"}}))
			},
			want: []string{"MEDIUM .github/workflows/ok.yml:26 `actions/create-github-app-token` reaches every repository of `${{ github.repository_owner }}`, keeps every permission of the app"},
		},
		{
			name: "limited to one repository and one permission",
			build: func(f *fixture) {
				f.job(f.pipeline(f.repo("acme/api"), ".github/workflows/ok.yml", "push"), "ok", "UNKNOWN", steps(workflow.Step{
					Line: 26, Uses: "actions/create-github-app-token",
					With: map[string]string{"app-id": "1", "private-key": "${{ secrets.PK }}", "repositories": "api", "permission-contents": "write"}}))
			},
			want: []string{},
		},
	})
}

func TestSelfHostedRunnerSharedWithUntrusted(t *testing.T) {
	selfHosted := func(labels ...string) func(*ent.Job, *workflow.JobDetail) {
		return with(func(j *ent.Job) { j.SelfHosted, j.RunnerLabels = true, labels })
	}
	runRuleCases(t, "GITHUB", checkRunnerShared, []ruleCase{
		{
			name: "pull requests and deploys on the same labels",
			build: func(f *fixture) {
				r := f.repo("acme/ml")
				f.job(f.pipeline(r, ".github/workflows/pr.yml", "pull_request"), "gpu-tests", "TEST", selfHosted("self-hosted", "gpu"))
				f.job(f.pipeline(r, ".github/workflows/release.yml", "push"), "deploy", "DEPLOY", selfHosted("gpu", "self-hosted"))
			},
			want: []string{"HIGH runs-on `gpu,self-hosted` at .github/workflows/pr.yml:10"},
		},
		{
			name: "public repository's pull requests on self-hosted runners (DeepSpeed shape)",
			build: func(f *fixture) {
				r := f.repo("acme/open", func(r *ent.Repository) { r.Visibility = "public" })
				f.job(f.pipeline(r, ".github/workflows/nv.yml", "pull_request"), "unit", "TEST", selfHosted("self-hosted", "v100"))
			},
			want: []string{"HIGH runs-on `self-hosted,v100` at .github/workflows/nv.yml:10"},
		},
		{
			name: "private repository, pull requests only; runner group allowing public repositories",
			build: func(f *fixture) {
				r := f.repo("acme/ml")
				f.job(f.pipeline(r, ".github/workflows/pr.yml", "pull_request"), "gpu-tests", "TEST", selfHosted("self-hosted", "gpu"))
				f.s.runners = append(f.s.runners, &ent.RunnerGroup{Key: "rg:gpu", Name: "gpu", AllowsPublicRepositories: true})
			},
			want: []string{"HIGH runner group `gpu`: allows_public_repositories = true"},
		},
	})
}
