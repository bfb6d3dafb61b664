package analysis

import (
	"path/filepath"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/ent/enttest"
	"github.com/privgraph/privgraph/ent/job"
	"github.com/privgraph/privgraph/ent/migrate"
	entscan "github.com/privgraph/privgraph/ent/scan"
	"github.com/privgraph/privgraph/ent/schema"
	"github.com/privgraph/privgraph/scanner/workflow"
)

// openDB opens a fresh SQLite file with the schema migrated.
func openDB(t testing.TB) *ent.Client {
	t.Helper()
	dsn := "file:" + filepath.Join(t.TempDir(), "t.db") + "?_fk=1"
	client := enttest.Open(t, "sqlite3", dsn, enttest.WithMigrateOptions(migrate.WithForeignKeys(true)))
	t.Cleanup(func() { client.Close() })
	return client
}

// org is a seeded GitHub organization.
type org struct {
	owner                   *ent.Owner
	repo                    *ent.Repository
	scan                    *ent.Scan
	deploy, build, prTarget *ent.Job
	prod                    *ent.Environment
	deployKey, npmToken     *ent.Credential
}

// seedOrg writes a realistic organization: acme/api with a CI workflow (build
// and test), a release workflow deploying to production with OIDC, a
// pull_request_target workflow that checks out the PR head with a secret,
// repo secrets and an org secret, and a SUCCEEDED scan.
func seedOrg(t testing.TB, c *ent.Client) org {
	t.Helper()
	ctx := t.Context()
	o := c.Owner.Create().SetKey("github:acme").SetPlatform("GITHUB").SetName("acme").SetDefaultWorkflowPermissions("read").SaveX(ctx)
	r := c.Repository.Create().SetKey("github:acme/api").SetPlatform("GITHUB").SetFullName("acme/api").
		SetVisibility("private").SetDefaultBranch("main").SetDefaultWorkflowPermissions("read").SetOwner(o).SaveX(ctx)
	c.BranchProtection.Create().SetKey("github:acme/api:main").SetSource("RULESET").SetPattern("main").
		SetRequiredApprovals(1).SetCodeOwnerReview(true).SetEnforceAdmins(true).SetRepository(r).ExecX(ctx)
	c.CodeOwners.Create().SetKey("github:acme/api:CODEOWNERS").SetPath(".github/CODEOWNERS").SetCoversPipelineDefinitions(true).
		SetRules([]schema.CodeOwnersRule{{Pattern: "/.github/", Owners: []string{"@acme/platform"}, Line: 1}}).SetRepository(r).ExecX(ctx)
	prod := c.Environment.Create().SetKey("github:acme/api:env:production").SetName("production").SetProduction(true).SetProtected(true).
		SetRequiredReviewers([]string{"acme/release-managers"}).SetRequiredApprovals(1).SetPreventSelfReview(true).
		SetBranchPolicy("protected").SetRepository(r).SaveX(ctx)

	ci := c.Pipeline.Create().SetKey("github:acme/api:.github/workflows/ci.yml").SetKind("GITHUB_ACTIONS").SetPath(".github/workflows/ci.yml").
		SetTriggers([]string{"push", "pull_request"}).SetPermissions([]string{"contents:read"}).SetPermissionsRaw("map").SetRepository(r).SaveX(ctx)
	build := jobCreate(c, ci, "build", "BUILD", 9).SetDetail(&workflow.JobDetail{Steps: []workflow.Step{
		{Line: 12, Uses: "actions/checkout", Ref: "b4ffde65f46336ab88eb53be808477a3936bae11", Pinned: true, With: map[string]string{"persist-credentials": "false"}},
		{Line: 15, Run: "go build ./..."},
	}}).SaveX(ctx)
	jobCreate(c, ci, "test", "TEST", 20).ExecX(ctx)

	rel := c.Pipeline.Create().SetKey("github:acme/api:.github/workflows/release.yml").SetKind("GITHUB_ACTIONS").SetPath(".github/workflows/release.yml").
		SetTriggers([]string{"push"}).SetPermissions([]string{"contents:read"}).SetPermissionsRaw("map").SetRepository(r).SaveX(ctx)
	deploy := jobCreate(c, rel, "deploy", "DEPLOY", 10).SetEnvironment(prod).SetEnvironmentName("production").SetOidc(true).
		SetPermissions([]string{"contents:read", "id-token:write"}).SetPermissionsSource("job").
		SetMinimalPermissions([]string{"contents:read", "id-token:write"}).SaveX(ctx)

	prt := c.Pipeline.Create().SetKey("github:acme/api:.github/workflows/preview.yml").SetKind("GITHUB_ACTIONS").SetPath(".github/workflows/preview.yml").
		SetTriggers([]string{"pull_request_target"}).SetUntrustedTrigger(true).SetPermissions([]string{"contents:read"}).SetPermissionsRaw("map").SetRepository(r).SaveX(ctx)
	prTarget := jobCreate(c, prt, "preview", "STAGE", 8).SetUntrustedCheckout(true).SetDetail(&workflow.JobDetail{
		UntrustedTriggers: []string{"pull_request_target"},
		Steps: []workflow.Step{{Line: 11, Uses: "actions/checkout", Ref: "b4ffde65f46336ab88eb53be808477a3936bae11", Pinned: true,
			With: map[string]string{"ref": "${{ github.event.pull_request.head.sha }}", "persist-credentials": "false"}}},
	}).SaveX(ctx)

	npm := c.Credential.Create().SetKey("github:acme/api:secret:NPM_TOKEN").SetKind("ACTIONS_SECRET").SetName("NPM_TOKEN").
		SetScope("REPOSITORY").SetRepository(r).SetOwner(o).SaveX(ctx)
	c.Usage.Create().SetFile(".github/workflows/preview.yml").SetLine(14).SetExpression("${{ secrets.NPM_TOKEN }}").SetVia("ENV").
		SetJob(prTarget).SetCredential(npm).ExecX(ctx)
	dk := c.Credential.Create().SetKey("github:acme/api:deploykey:ci").SetKind("DEPLOY_KEY").SetName("ci").SetScope("REPOSITORY").
		SetReadOnly(false).SetRepository(r).SetOwner(o).SaveX(ctx)
	sc := c.Scan.Create().SetPlatform("GITHUB").SetTarget("acme").SetStatus("SUCCEEDED").SetOwner(o).SaveX(ctx)
	return org{owner: o, repo: r, scan: sc, deploy: deploy, build: build, prTarget: prTarget, prod: prod, deployKey: dk, npmToken: npm}
}

func jobCreate(c *ent.Client, p *ent.Pipeline, name, stage string, line int) *ent.JobCreate {
	return c.Job.Create().SetKey(p.Key + "#" + name).SetName(name).SetStage(job.Stage(stage)).SetLine(line).SetStageReason("seeded").
		SetPermissions([]string{"contents:read"}).SetPermissionsSource("workflow").SetMinimalPermissions([]string{"contents:read"}).SetPipeline(p)
}

// rescan records a new scan of the same owner.
func rescan(t testing.TB, c *ent.Client, o *ent.Owner, status string, gaps ...string) *ent.Scan {
	t.Helper()
	return c.Scan.Create().SetPlatform("GITHUB").SetTarget(o.Name).SetStatus(entscan.Status(status)).SetCoverageGaps(gaps).
		SetStartedAt(testNow.Add(time.Hour)).SetOwner(o).SaveX(t.Context())
}
