package githubtest

import (
	"embed"
	"io/fs"
	"strings"
	"time"
)

// demoFiles are the demo repositories' files: demo/<repo>/<path>.
//
//go:embed all:demo
var demoFiles embed.FS

// DemoOrg returns a fresh copy of the bundled demo organization "demo":
// thirteen repositories showing the patterns privgraph exists for, good
// (OIDC deploys behind protected environments, pinned actions, keyless
// signing, rulesets) and bad (static cloud keys, pull_request_target with
// secrets, secrets: inherit, write-all tokens, org secrets visible to every
// repository, an unprotected default branch, CODEOWNERS that miss the
// workflows, a runner group open to public repositories, an app with write
// access on all repositories), plus ops-dashboard, whose workflow text
// carries HTML and script for escaping tests. docs-site narrows the
// organization's allowed actions to local_only (read only with
// github.Options.RepoActionsPolicy).
func DemoOrg() *Org {
	d := func(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 10, 0, 0, 0, time.UTC) }
	old, recent := d(2022, time.March, 3), d(2025, time.September, 20)
	lastUsed := d(2025, time.October, 30)
	org := &Org{
		Login: "demo", Name: "Demo Corp", ID: 4200,
		DefaultWorkflowPermissions: "write", CanApprovePullRequests: true,
		AllowedActions: "all",
		Secrets: []OrgSecret{
			{Name: "SLACK_WEBHOOK_URL", Visibility: "all", CreatedAt: old, UpdatedAt: recent},
			{Name: "NPM_TOKEN", Visibility: "all", CreatedAt: old, UpdatedAt: old},
			{Name: "PROD_AWS_SECRET_ACCESS_KEY", Visibility: "all", CreatedAt: old, UpdatedAt: old},
			{Name: "DOCKERHUB_TOKEN", Visibility: "selected", Selected: []string{"legacy-billing", "release-tools"}, CreatedAt: old, UpdatedAt: recent},
			{Name: "SONAR_TOKEN", Visibility: "private", CreatedAt: recent, UpdatedAt: recent},
		},
		DependabotSecrets: []OrgSecret{
			{Name: "NPM_READ_TOKEN", Visibility: "private", CreatedAt: recent, UpdatedAt: recent},
		},
		Variables: []OrgVariable{
			{Name: "AWS_REGION", Value: "eu-west-1", Visibility: "all"},
			{Name: "STAGING_DEPLOY_ROLE_ARN", Value: "arn:aws:iam::111122223333:role/gha-staging", Visibility: "private"},
			{Name: "PROD_DEPLOY_ROLE_ARN", Value: "arn:aws:iam::444455556666:role/gha-prod", Visibility: "selected", Selected: []string{"payments-api"}},
		},
		Installations: []Installation{
			{ID: 51001, AppID: 9001, AppSlug: "deploy-bot", Selection: "all",
				Permissions: map[string]string{"contents": "write", "administration": "write", "actions": "write", "metadata": "read", "pull_requests": "write"}},
			{ID: 51002, AppID: 9002, AppSlug: "renovate", Selection: "selected",
				Repos:       []string{"web-frontend", "go-service", "payments-api"},
				Permissions: map[string]string{"contents": "write", "pull_requests": "write", "metadata": "read", "workflows": "write"}},
			{ID: 51003, AppID: 9003, AppSlug: "slack", Selection: "all",
				Permissions: map[string]string{"metadata": "read", "issues": "read"}},
		},
		RunnerGroups: []RunnerGroup{
			{ID: 1, Name: "Default", Visibility: "all", Default: true, AllowsPublicRepositories: true,
				Runners: []Runner{
					{ID: 11, Name: "build-01", OS: "linux", Status: "online", Labels: []string{"self-hosted", "linux", "X64"}},
					{ID: 12, Name: "build-02", OS: "linux", Status: "offline", Labels: []string{"self-hosted", "linux", "X64"}},
				}},
			{ID: 2, Name: "prod-runners", Visibility: "selected", Repos: []string{"payments-api", "infra-terraform"},
				RestrictedToWorkflows: true, SelectedWorkflows: []string{"demo/payments-api/.github/workflows/deploy.yml@refs/heads/main"},
				Runners: []Runner{
					{ID: 21, Name: "deploy-01", OS: "linux", Status: "online", Labels: []string{"self-hosted", "linux", "production"}},
				}},
		},
		Teams: []Team{
			{ID: 301, Name: "Platform leads", Slug: "platform-leads", Repos: map[string]string{
				"payments-api": "admin", "infra-terraform": "admin", "shared-workflows": "admin", "ops-dashboard": "admin", "legacy-billing": "admin"}},
			{ID: 302, Name: "Payments", Slug: "payments", Repos: map[string]string{"payments-api": "maintain", "legacy-billing": "push"}},
			{ID: 303, Name: "Frontend", Slug: "frontend", Repos: map[string]string{"web-frontend": "maintain", "docs-site": "maintain", "mobile-app": "push"}},
			{ID: 304, Name: "Data", Slug: "data", Repos: map[string]string{"data-pipeline": "admin", "ml-models": "admin"}},
			{ID: 305, Name: "Release managers", Slug: "release-managers", Repos: map[string]string{"release-tools": "maintain", "go-service": "maintain"}},
			{ID: 306, Name: "Backend", Slug: "backend", Repos: map[string]string{"go-service": "push", "hello-fork": "push"}},
			{ID: 307, Name: "Security", Slug: "security", Repos: map[string]string{"web-frontend": "pull", "infra-terraform": "pull", "release-tools": "pull"}},
			{ID: 308, Name: "Mobile", Slug: "mobile", Repos: map[string]string{"mobile-app": "admin"}},
		},
		Rulesets: []Ruleset{
			{ID: 7001, Name: "protect default branch", Include: []string{"~DEFAULT_BRANCH"},
				RepositoryNames:   []string{"go-service", "release-tools"},
				RequiredApprovals: 1, CodeOwnerReview: true, DismissStale: true, BlockForcePush: true, BlockDeletion: true,
				StatusChecks: []string{"ci / test"},
				BypassActors: []string{"team:release-managers", "app:deploy-bot"}},
		},
	}
	org.Repos = []Repo{
		{Name: "payments-api", Visibility: "private",
			Secrets: []Secret{{Name: "SLACK_WEBHOOK_URL", CreatedAt: recent, UpdatedAt: recent}},
			Environments: []Environment{
				{Name: "staging", BranchPolicy: "protected"},
				{Name: "production", Reviewers: []string{"team:platform-leads", "user:alice"}, PreventSelfReview: true, WaitTimer: 10,
					BranchPolicy: "custom", BranchPatterns: []string{"main", "release/*"}},
			},
			Protection: &Protection{RequiredApprovals: 2, CodeOwnerReview: true, DismissStale: true, EnforceAdmins: true,
				StatusChecks: []string{"test", "build"}, BypassPullRequest: []string{"team:platform-leads"}},
			DeployKeys: []DeployKey{{ID: 801, Title: "argocd (read-only)", ReadOnly: true, CreatedAt: old, LastUsed: &lastUsed}},
			Runners:    []Runner{{ID: 31, Name: "payments-perf-01", OS: "linux", Status: "online", Labels: []string{"self-hosted", "linux", "perf"}}},
		},
		{Name: "legacy-billing", Visibility: "private", DefaultBranch: "master",
			Secrets: []Secret{
				{Name: "AWS_ACCESS_KEY_ID", CreatedAt: old, UpdatedAt: old},
				{Name: "AWS_SECRET_ACCESS_KEY", CreatedAt: old, UpdatedAt: old},
				{Name: "DEPLOY_PAT", CreatedAt: old, UpdatedAt: old},
				{Name: "UNUSED_FTP_PASSWORD", CreatedAt: old, UpdatedAt: old},
			},
			DeployKeys: []DeployKey{{ID: 802, Title: "jenkins-legacy", ReadOnly: false, CreatedAt: old}},
		},
		{Name: "web-frontend", Visibility: "public",
			Secrets: []Secret{{Name: "VERCEL_TOKEN", CreatedAt: recent, UpdatedAt: recent}},
			Environments: []Environment{
				{Name: "npm", Reviewers: []string{"team:frontend"}, Secrets: []Secret{{Name: "NPM_TOKEN", CreatedAt: recent, UpdatedAt: recent}}},
			},
			Protection: &Protection{RequiredApprovals: 1, EnforceAdmins: false, AllowForcePush: true},
		},
		{Name: "shared-workflows", Visibility: "internal",
			Secrets: []Secret{{Name: "KUBECONFIG_DATA", CreatedAt: old, UpdatedAt: recent}},
			Environments: []Environment{
				{Name: "production", Reviewers: []string{"team:platform-leads"}, BranchPolicy: "protected",
					Secrets: []Secret{{Name: "KUBECONFIG_DATA", CreatedAt: recent, UpdatedAt: recent}}},
			},
			Protection: &Protection{RequiredApprovals: 1, CodeOwnerReview: true},
		},
		{Name: "mobile-app", Visibility: "private",
			Secrets: []Secret{
				{Name: "GH_PAT", CreatedAt: old, UpdatedAt: old},
				{Name: "PLAY_SERVICE_ACCOUNT_JSON", CreatedAt: old, UpdatedAt: recent},
				{Name: "KUBECONFIG_DATA", CreatedAt: old, UpdatedAt: old},
			},
			DependabotSecrets: []Secret{{Name: "NPM_READ_TOKEN", CreatedAt: recent, UpdatedAt: recent}},
			Protection:        &Protection{RequiredApprovals: 1},
		},
		{Name: "infra-terraform", Visibility: "private",
			Secrets: []Secret{{Name: "GCP_SA_KEY", CreatedAt: old, UpdatedAt: old}},
			Environments: []Environment{
				{Name: "production", Secrets: []Secret{{Name: "PROD_DB_PASSWORD", CreatedAt: old, UpdatedAt: old}}},
			},
			Protection: &Protection{RequiredApprovals: 1, CodeOwnerReview: true, EnforceAdmins: true},
		},
		{Name: "docs-site", Visibility: "public", AllowedActions: "local_only", // narrower than the organization's "all"
			Secrets:    []Secret{{Name: "ALGOLIA_ADMIN_KEY", CreatedAt: old, UpdatedAt: old}},
			Protection: &Protection{RequiredApprovals: 1},
		},
		{Name: "data-pipeline", Visibility: "internal",
			Secrets: []Secret{
				{Name: "SNOWFLAKE_PASSWORD", CreatedAt: old, UpdatedAt: old},
				{Name: "SALESFORCE_TOKEN", CreatedAt: old, UpdatedAt: recent},
			},
			Environments: []Environment{
				{Name: "production-warehouse", BranchPolicy: "protected", CustomRules: []string{"datadog-deploy-gate"}},
			},
			Protection: &Protection{RequiredApprovals: 1, DismissStale: true},
		},
		{Name: "release-tools", Visibility: "public", DefaultWorkflowPermissions: "read",
			Environments: []Environment{
				{Name: "release", Reviewers: []string{"team:release-managers"}, PreventSelfReview: true, BranchPolicy: "custom", BranchPatterns: []string{"v*.*.*"}},
			},
		},
		{Name: "ml-models", Visibility: "private", Archived: true,
			Secrets: []Secret{
				{Name: "ML_AWS_ACCESS_KEY_ID", CreatedAt: old, UpdatedAt: old},
				{Name: "ML_AWS_SECRET_ACCESS_KEY", CreatedAt: old, UpdatedAt: old},
				{Name: "HF_TOKEN", CreatedAt: old, UpdatedAt: old},
			},
		},
		{Name: "hello-fork", Visibility: "public", Fork: true, DefaultWorkflowPermissions: "read"},
		{Name: "ops-dashboard", Visibility: "private",
			Secrets: []Secret{{Name: "OPS_API_KEY", CreatedAt: recent, UpdatedAt: recent}},
			Environments: []Environment{
				{Name: "ops-<script>env</script>", Reviewers: []string{"user:mallory"}, BranchPolicy: "custom",
					BranchPatterns: []string{"release/<script>alert(1)</script>", "<img src=x onerror=alert(2)>"}},
			},
			CodeOwnersErrors: []CodeOwnersError{{Path: "CODEOWNERS", Line: 2, Column: 9, Kind: "Invalid owner", Source: "*.rb    docs@",
				Message: "Invalid owner on line 2:\n\n  *.rb    docs@\n          ^"}},
		},
		{Name: "go-service", Visibility: "private", DefaultWorkflowPermissions: "read",
			Environments: []Environment{
				{Name: "production", Reviewers: []string{"team:release-managers"}, PreventSelfReview: false, BranchPolicy: "protected"},
			},
		},
	}
	for i := range org.Repos {
		org.Repos[i].ID = int64(700100 + i)
		org.Repos[i].Files = demoRepoFiles(org.Repos[i].Name)
	}
	return org
}

// demoRepoFiles reads demo/<repo>/ into a path -> content map.
func demoRepoFiles(repo string) map[string]string {
	out := map[string]string{}
	root := "demo/" + repo
	_ = fs.WalkDir(demoFiles, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		b, err := demoFiles.ReadFile(p)
		if err == nil {
			out[strings.TrimPrefix(p, root+"/")] = string(b)
		}
		return nil
	})
	return out
}
