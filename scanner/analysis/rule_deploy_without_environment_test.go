package analysis

import (
	"testing"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/scanner/workflow"
)

// TestDeployWithoutEnvironmentByKind: the fix is written in the syntax of
// the pipeline the job is in.
func TestDeployWithoutEnvironmentByKind(t *testing.T) {
	runRuleCases(t, "GITLAB", checkDeployWithoutEnvironment, []ruleCase{{
		name: "GitLab job",
		build: func(f *fixture) {
			f.job(f.pipeline(f.repo("acme/platform/api"), ".gitlab-ci.yml", "push"), "deploy-prod", "DEPLOY")
		},
		want: []string{"HIGH .gitlab-ci.yml:10 job `deploy-prod`"},
		remedy: map[string][]string{"HIGH .gitlab-ci.yml:10 job `deploy-prod`": {
			"```yaml\ndeploy-prod:\n  environment:\n    name: production\n```", "**Settings → CI/CD → Protected environments**",
			"`POST /projects/acme%2Fplatform%2Fapi/protected_environments` with `name=production`"}},
		notRemedy: []string{"groovy", "/repos/", "\n    environment: production"},
	}})
	runRuleCases(t, "LOCAL", checkDeployWithoutEnvironment, []ruleCase{{
		name: "Jenkins stage",
		build: func(f *fixture) {
			p := f.pipeline(f.repo("billing"), "Jenkinsfile")
			p.p.Kind = "JENKINS"
			f.job(p, "Deploy", "DEPLOY")
		},
		want: []string{"HIGH Jenkinsfile:10 job `Deploy`"},
		remedy: map[string][]string{"HIGH Jenkinsfile:10 job `Deploy`": {
			"gate stage `Deploy` in `Jenkinsfile`", "```groovy\nstage('Deploy') {", "input { message 'Deploy to production?'; submitter 'release-managers' }",
			"withCredentials("}},
		notRemedy: []string{"```yaml", "environment: production", "/repos/", "/projects/", "Settings → Environments"},
	}})
}

func TestDeployWithoutEnvironment(t *testing.T) {
	runRuleCases(t, "GITHUB", checkDeployWithoutEnvironment, []ruleCase{
		{
			name: "npm publish without environment",
			build: func(f *fixture) {
				f.job(f.pipeline(f.repo("acme/lib"), ".github/workflows/publish.yml", "release"), "publish", "DEPLOY")
			},
			want: []string{"HIGH .github/workflows/publish.yml:10 job `publish`"},
			remedy: map[string][]string{"HIGH .github/workflows/publish.yml:10 job `publish`": {
				"Run job `publish` of `.github/workflows/publish.yml`", "```yaml\n    environment: production\n```",
				"`PUT /repos/acme/lib/environments/production` with `reviewers`"}},
			notRemedy: []string{"groovy", "name: production", "Protected environments"},
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
		{
			name: "a build classified DEPLOY that runs only for pull requests (rustup build-windows-pr shape)",
			build: func(f *fixture) {
				p := f.pipeline(f.repo("acme/tool"), ".github/workflows/ci.yaml", "push", "pull_request")
				f.job(p, "build-windows-pr", "DEPLOY", func(_ *ent.Job, d *workflow.JobDetail) { d.If = "github.event_name == 'pull_request'" })
				f.job(f.pipeline(f.repo("acme/lib"), ".github/workflows/pr.yaml", "pull_request"), "preview", "DEPLOY")
			},
			want: []string{},
		},
	})
}
