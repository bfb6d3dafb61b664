package analysis

import (
	"testing"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/scanner/workflow"
)

var writeAll = []string{"actions:write", "attestations:write", "checks:write", "contents:write", "deployments:write", "discussions:write",
	"id-token:write", "issues:write", "packages:write", "pages:write", "pull-requests:write", "security-events:write", "statuses:write"}

func TestTokenPermissionsWriteAll(t *testing.T) {
	runRuleCases(t, "GITHUB", checkWriteAll, []ruleCase{
		{
			name: "workflow-level write-all",
			build: func(f *fixture) {
				p := f.pipeline(f.repo("acme/api"), ".github/workflows/ci.yml", "push")
				p.p.PermissionsRaw, p.p.Permissions = "write-all", writeAll
				f.job(p, "build", "BUILD", perms("workflow", writeAll...))
			},
			want: []string{"HIGH .github/workflows/ci.yml: top-level `permissions: write-all`"},
		},
		{
			name: "job-level write-all",
			build: func(f *fixture) {
				p := f.pipeline(f.repo("acme/api"), ".github/workflows/release.yml", "push")
				f.job(p, "release", "DEPLOY", perms("job", writeAll...))
			},
			want: []string{"HIGH .github/workflows/release.yml:10 job `release` sets `permissions: write-all`"},
		},
		{
			name: "explicit scopes with a few writes",
			build: func(f *fixture) {
				p := f.pipeline(f.repo("acme/api"), ".github/workflows/release.yml", "push")
				f.job(p, "release", "DEPLOY", perms("job", "contents:write", "packages:write", "id-token:write"))
			},
			want: []string{},
		},
	})
}

func TestTokenPermissionsUnset(t *testing.T) {
	runRuleCases(t, "GITHUB", checkPermissionsUnset, []ruleCase{
		{
			name: "no block, repository default write: high",
			build: func(f *fixture) {
				r := f.repo("acme/api", func(r *ent.Repository) { r.DefaultWorkflowPermissions = "write" })
				f.job(f.pipeline(r, ".github/workflows/ci.yml", "push"), "test", "TEST", perms("default", "contents:write"))
			},
			want: []string{"HIGH .github/workflows/ci.yml:10 job `test`"},
		},
		{
			name: "no block, default unknown (local scan): medium",
			build: func(f *fixture) {
				f.job(f.pipeline(f.repo("acme/api"), ".github/workflows/ci.yml", "push"), "test", "TEST", perms("unknown"))
			},
			want: []string{"MEDIUM .github/workflows/ci.yml:10 job `test`"},
		},
		{
			name: "organization forces read: medium even if the repository says write",
			build: func(f *fixture) {
				f.owner().DefaultWorkflowPermissions = "read"
				r := f.repo("acme/api", func(r *ent.Repository) { r.DefaultWorkflowPermissions = "write" })
				f.job(f.pipeline(r, ".github/workflows/ci.yml", "push"), "test", "TEST", perms("default", "contents:read"))
			},
			want: []string{"MEDIUM .github/workflows/ci.yml:10 job `test`"},
		},
		{
			name: "workflow block set",
			build: func(f *fixture) {
				p := f.pipeline(f.repo("acme/api"), ".github/workflows/ci.yml", "push")
				p.p.PermissionsRaw = "map"
				f.job(p, "test", "TEST")
			},
			want: []string{},
		},
		{
			name: "GitLab jobs have no GITHUB_TOKEN",
			build: func(f *fixture) {
				r := f.repo("acme/api", func(r *ent.Repository) { r.Platform = "GITLAB" })
				f.job(f.pipeline(r, ".gitlab-ci.yml", "push"), "test", "TEST", perms("unknown"))
			},
			want: []string{},
		},
	})
}

func TestTokenPermissionsExcessive(t *testing.T) {
	runRuleCases(t, "GITHUB", checkPermissionsExcessive, []ruleCase{
		{
			name: "workflow grants pull-requests write the job never uses (cli/cli prauto shape)",
			build: func(f *fixture) {
				p := f.pipeline(f.repo("acme/cli"), ".github/workflows/prauto.yml", "pull_request_target")
				f.job(p, "pr-auto", "UNKNOWN", perms("workflow", "issues:write", "pull-requests:write"), needs())
			},
			want: []string{"MEDIUM .github/workflows/prauto.yml:10 job `pr-auto`"},
		},
		{
			name: "needs match the block",
			build: func(f *fixture) {
				p := f.pipeline(f.repo("acme/api"), ".github/workflows/release.yml", "push")
				f.job(p, "release", "DEPLOY", perms("job", "contents:write", "id-token:write"), needs("contents:write", "id-token:write"))
			},
			want: []string{},
		},
		{
			name: "unknown steps: no verdict",
			build: func(f *fixture) {
				p := f.pipeline(f.repo("acme/api"), ".github/workflows/release.yml", "push")
				f.job(p, "release", "DEPLOY", perms("job", "contents:write"), needs(), with(func(j *ent.Job) { j.UnknownSteps = []string{"vendor/custom-action"} }))
			},
			want: []string{},
		},
		{
			name: "a script handed the token: no verdict",
			build: func(f *fixture) {
				p := f.pipeline(f.repo("acme/api"), ".github/workflows/label.yml", "pull_request")
				f.job(p, "label", "UNKNOWN", perms("job", "pull-requests:write"), needs(),
					steps(workflow.Step{Line: 14, Run: "gh pr edit --add-label x", Token: true}))
			},
			want: []string{},
		},
	})
}

func TestDefaultWorkflowPermissionsWrite(t *testing.T) {
	yes := true
	runRuleCases(t, "GITHUB", checkDefaultWorkflowPermissions, []ruleCase{
		{
			name: "organization default write and Actions may approve",
			build: func(f *fixture) {
				f.owner().DefaultWorkflowPermissions, f.owner().CanApprovePullRequests = "write", &yes
				f.repo("acme/api", func(r *ent.Repository) { r.DefaultWorkflowPermissions = "write" })
			},
			want: []string{
				"HIGH acme: Actions setting `can_approve_pull_request_reviews` = true",
				"HIGH acme: Actions setting `default_workflow_permissions` = write",
			},
		},
		{
			name: "repository opts into write under a read organization",
			build: func(f *fixture) {
				f.owner().DefaultWorkflowPermissions = "read"
				f.repo("acme/api", func(r *ent.Repository) { r.DefaultWorkflowPermissions = "write" })
			},
			want: []string{"HIGH acme/api: Actions setting `default_workflow_permissions` = write"},
		},
		{
			name: "read defaults",
			build: func(f *fixture) {
				f.owner().DefaultWorkflowPermissions = "read"
				f.repo("acme/api", func(r *ent.Repository) { r.DefaultWorkflowPermissions = "read" })
			},
			want: []string{},
		},
	})
}
