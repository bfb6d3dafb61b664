// Package graphtest seeds test inventories shaped like real scans: an
// organization with teams, repositories, workflows, jobs in every stage,
// credentials with their analysis (needed by, exposed to, over-scope
// reasons), usages with file:line, findings, and scans with coverage gaps and
// changes. The dashboard, GraphQL and benchmark tests share it.
package graphtest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/ent/credential"
	"github.com/privgraph/privgraph/ent/finding"
	"github.com/privgraph/privgraph/ent/job"
	"github.com/privgraph/privgraph/ent/usage"
)

// Hostile is the name of a repository (and text in its workflow) that
// would run script if a page failed to escape it.
const Hostile = `acme/<script>document.title="pwned";window.pwned=1</script><img src=x onerror="window.pwned=2">`

// Now is the fixed clock of the seeded inventory.
var Now = time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)

// Inventory names what Seed created, for assertions.
type Inventory struct {
	Owner        *ent.Owner
	Team         *ent.Team // slug "payments"
	Repo         *ent.Repository
	HostileRepo  *ent.Repository
	AWSKey       *ent.Credential // over-scoped static cloud key (org secret)
	NPMToken     *ent.Credential // over-scoped repository secret
	Finding      *ent.Finding    // an OPEN HIGH finding on Repo (static-cloud-credential)
	InheritFind  *ent.Finding    // an OPEN secrets-inherit finding
	LatestScan   *ent.Scan
	PreviousScan *ent.Scan
	Jobs         int
	Credentials  int
}

// Seed writes the realistic inventory and n extra synthetic repositories
// (each with a workflow, three jobs, a secret, usages and a finding).
func Seed(t testing.TB, client *ent.Client, n int) *Inventory {
	t.Helper()
	inv, err := seed(context.Background(), client, n)
	if err != nil {
		t.Fatalf("seed inventory: %v", err)
	}
	return inv
}

func seed(ctx context.Context, client *ent.Client, n int) (*Inventory, error) {
	tx, err := client.Tx(ctx)
	if err != nil {
		return nil, err
	}
	s := &seeder{c: tx.Client(), ctx: ctx, inv: &Inventory{}}
	if err := s.guard(n); err != nil {
		_ = tx.Rollback()
		return nil, err
	}
	return s.inv, tx.Commit()
}

type seeder struct {
	c   *ent.Client
	ctx context.Context
	inv *Inventory
}

func (s *seeder) guard(n int) (err error) {
	defer func() {
		if v := recover(); v != nil {
			se, ok := v.(seedError)
			if !ok {
				panic(v)
			}
			err = se.err
		}
	}()
	s.run(n)
	return nil
}

// seedError carries a failed write out of the seeder to seed's recover.
type seedError struct{ err error }

// must returns v, or abandons the seeding when err is set (seed recovers
// and rolls back): it keeps the long list of writes readable.
func must[T any](v T, err error) T {
	if err != nil {
		panic(seedError{err})
	}
	return v
}

func (s *seeder) run(n int) {
	c, ctx := s.c, s.ctx
	owner := must(c.Owner.Create().SetKey("github:acme").SetPlatform("GITHUB").SetName("acme").
		SetURL("https://github.com/acme").SetDefaultWorkflowPermissions("write").Save(ctx))
	s.inv.Owner = owner
	payments := must(c.Team.Create().SetKey("github:acme/payments").SetName("Payments").SetSlug("payments").SetOwner(owner).Save(ctx))
	web := must(c.Team.Create().SetKey("github:acme/web").SetName("Web platform").SetSlug("web").SetOwner(owner).Save(ctx))
	s.inv.Team = payments

	aws := must(c.Credential.Create().SetKey("github:acme:org-secret:AWS_ACCESS_KEY_ID").SetKind("ACTIONS_SECRET").
		SetName("AWS_ACCESS_KEY_ID").SetScope("OWNER").SetVisibility("all").SetOwner(owner).SetStaticCloudKey(true).
		SetUpdatedAt(Now.AddDate(0, -14, 0)).SetNeededBy([]string{"DEPLOY"}).
		SetExposedTo([]string{"BUILD", "TEST", "DEPLOY"}).SetOverScoped(true).
		SetOverScopeReasons([]string{"Readable by BUILD and TEST jobs that never reference it.", "Visible to every repository of acme; referenced by 1."}).
		Save(ctx))
	s.inv.AWSKey = aws
	token := must(c.Credential.Create().SetKey("github:acme:github-token").SetKind("GITHUB_TOKEN").
		SetName("GITHUB_TOKEN").SetScope("REPOSITORY").SetOwner(owner).SetNeededBy([]string{"BUILD"}).
		SetExposedTo([]string{"BUILD", "TEST", "DEPLOY"}).Save(ctx))

	repo, jobs := s.repo(owner, "acme/payments-api", payments, "ci.yml", true)
	s.inv.Repo = repo
	npm := must(c.Credential.Create().SetKey("github:acme/payments-api:secret:NPM_TOKEN").SetKind("ACTIONS_SECRET").
		SetName("NPM_TOKEN").SetScope("REPOSITORY").SetOwner(owner).SetRepository(repo).
		SetNeededBy([]string{"BUILD"}).SetExposedTo([]string{"BUILD", "TEST", "DEPLOY"}).SetOverScoped(true).
		SetOverScopeReasons([]string{"Readable by TEST and DEPLOY jobs that never reference it."}).Save(ctx))
	s.inv.NPMToken = npm
	s.use(jobs[0], npm, ".github/workflows/ci.yml", 18, "${{ secrets.NPM_TOKEN }}", usage.ViaENV)
	s.use(jobs[2], aws, ".github/workflows/ci.yml", 41, "${{ secrets.AWS_ACCESS_KEY_ID }}", usage.ViaENV)
	s.use(jobs[0], token, ".github/workflows/ci.yml", 1, "GITHUB_TOKEN", usage.ViaIMPLICIT)
	s.expose(aws, jobs...)
	s.expose(npm, jobs...)
	s.expose(token, jobs...)

	front, fjobs := s.repo(owner, "acme/web-frontend", web, "release.yml", false)
	s.expose(aws, fjobs...)
	hostile, hjobs := s.repo(owner, Hostile, web, `deploy<script>window.pwned=3</script>.yml`, false)
	s.inv.HostileRepo = hostile
	s.expose(aws, hjobs...)

	s.inv.Finding = must(c.Finding.Create().SetRule("static-cloud-credential").SetSeverity("HIGH").
		SetTitle("AWS_ACCESS_KEY_ID is a long-lived AWS key where OIDC would do").
		SetDetail("The deploy job authenticates to AWS with a static access key.").
		SetEvidence(".github/workflows/ci.yml:41").SetFile(".github/workflows/ci.yml").SetLine(41).
		SetRemediation("Use `aws-actions/configure-aws-credentials` with `role-to-assume` and `permissions: id-token: write`.").
		SetFingerprint("static-cloud-credential:github:acme:org-secret:AWS_ACCESS_KEY_ID").
		SetRepository(repo).SetCredential(aws).SetJob(jobs[2]).SetOwner(owner).
		SetFirstSeen(Now.AddDate(0, 0, -7)).SetLastSeen(Now).Save(ctx))
	must(c.Finding.Create().SetRule("secret-exposed-beyond-need").SetSeverity("MEDIUM").
		SetTitle("NPM_TOKEN is readable by TEST and DEPLOY jobs that never use it").
		SetRemediation("Move NPM_TOKEN to an environment `publish` and set `environment: publish` on the build job.").
		SetFingerprint("secret-exposed-beyond-need:github:acme/payments-api:secret:NPM_TOKEN").
		SetRepository(repo).SetCredential(npm).SetOwner(owner).SetFirstSeen(Now).SetLastSeen(Now).Save(ctx))
	s.inv.InheritFind = must(c.Finding.Create().SetRule("secrets-inherit").SetSeverity("MEDIUM").
		SetTitle("release.yml passes every secret to a reusable workflow (secrets: inherit)").
		SetEvidence(".github/workflows/release.yml:12").SetFile(".github/workflows/release.yml").SetLine(12).
		SetRemediation("Replace `secrets: inherit` with the secrets the called workflow needs:\n\n```yaml\nsecrets:\n  NPM_TOKEN: ${{ secrets.NPM_TOKEN }}\n```").
		SetFingerprint("secrets-inherit:github:acme/web-frontend:release.yml:publish").
		SetRepository(front).SetJob(fjobs[2]).SetOwner(owner).SetFirstSeen(Now).SetLastSeen(Now).Save(ctx))
	must(c.Finding.Create().SetRule("secret-in-untrusted-trigger").SetSeverity("CRITICAL").
		SetTitle(`pull_request_target job "<b>triage</b>" runs PR code with secrets`).
		SetFingerprint("secret-in-untrusted-trigger:hostile").SetRepository(hostile).SetOwner(owner).
		SetFirstSeen(Now).SetLastSeen(Now).Save(ctx))
	must(c.Finding.Create().SetRule("token-permissions-unset").SetSeverity("LOW").SetStatus(finding.StatusACCEPTED).
		SetTitle("ci.yml sets no permissions").SetAcceptedReason("read-only repo default").
		SetAcceptedUntil(Now.AddDate(0, 3, 0)).SetAcceptedBy("alice").
		SetFingerprint("token-permissions-unset:payments").SetRepository(repo).SetOwner(owner).
		SetFirstSeen(Now).SetLastSeen(Now).Save(ctx))

	must(c.Identity.Create().SetKey("github:acme:app:release-bot").SetKind("GITHUB_APP").SetName("release-bot").
		SetPermissions([]string{"contents:write", "pull_requests:write"}).SetRepositorySelection("all").SetCanWrite(true).
		SetOwner(owner).Save(ctx))

	s.scans(owner)
	for i := range n {
		s.synthetic(owner, []*ent.Team{payments, web}[i%2], aws, i)
	}
	s.inv.Jobs = must(c.Job.Query().Count(ctx))
	s.inv.Credentials = must(c.Credential.Query().Count(ctx))
}

// repo creates a repository with one workflow of three jobs: build, test,
// deploy (to production when prod is set).
func (s *seeder) repo(owner *ent.Owner, name string, team *ent.Team, file string, prod bool) (*ent.Repository, []*ent.Job) {
	c, ctx := s.c, s.ctx
	r := must(c.Repository.Create().SetKey("github:" + name).SetPlatform("GITHUB").SetFullName(name).
		SetVisibility("private").SetDefaultBranch("main").SetOwner(owner).AddTeams(team).
		SetDefaultWorkflowPermissions("write").Save(ctx))
	env := must(c.Environment.Create().SetKey("github:" + name + ":env:production").SetName("production").
		SetProduction(true).SetProtected(prod).SetRequiredReviewers(map[bool][]string{true: {"acme/release-managers"}}[prod]).
		SetPreventSelfReview(prod).SetBranchPolicy("protected").SetRepository(r).Save(ctx))
	must(c.BranchProtection.Create().SetKey("github:" + name + ":bp:main").SetSource("CLASSIC").SetPattern("main").
		SetRequiredApprovals(1).SetCodeOwnerReview(prod).SetRepository(r).Save(ctx))
	must(c.CodeOwners.Create().SetKey("github:" + name + ":CODEOWNERS").SetPath(".github/CODEOWNERS").
		SetCoversPipelineDefinitions(prod).SetRepository(r).Save(ctx))
	p := must(c.Pipeline.Create().SetKey("github:" + name + ":.github/workflows/" + file).SetKind("GITHUB_ACTIONS").
		SetPath(".github/workflows/" + file).SetName("CI <release>").SetTriggers([]string{"push", "pull_request"}).
		SetPermissions([]string{"contents:read"}).SetRepository(r).Save(ctx))
	mk := func(key string, stage job.Stage, reason string, line int) *ent.Job {
		q := c.Job.Create().SetKey(p.Key + "#" + key).SetName(key).SetLine(line).SetStage(stage).SetStageReason(reason).
			SetPipeline(p).SetRunnerLabels([]string{"ubuntu-latest"}).SetPermissionsSource("workflow").
			SetPermissions([]string{"contents:write", "id-token:write"}).SetMinimalPermissions([]string{"contents:read"})
		if stage == job.StageDEPLOY {
			q.SetEnvironment(env).SetEnvironmentName("production").SetSecretsInherit(true)
		}
		return must(q.Save(ctx))
	}
	jobs := []*ent.Job{
		mk("build", job.StageBUILD, "runs `npm ci && npm run build`", 10),
		mk("test", job.StageTEST, "runs `npm test`", 25),
		mk("deploy", job.StageDEPLOY, "environment production; runs `aws s3 sync`", 35),
	}
	return r, jobs
}

func (s *seeder) use(j *ent.Job, cr *ent.Credential, file string, line int, expr string, via usage.Via) {
	if j == nil {
		return
	}
	must(s.c.Usage.Create().SetJob(j).SetCredential(cr).SetFile(file).SetLine(line).SetExpression(expr).SetVia(via).Save(s.ctx))
}

func (s *seeder) expose(cr *ent.Credential, jobs ...*ent.Job) {
	if len(jobs) == 0 {
		return
	}
	must(s.c.Credential.UpdateOne(cr).AddExposedJobs(jobs...).Save(s.ctx))
}

func (s *seeder) scans(owner *ent.Owner) {
	c, ctx := s.c, s.ctx
	prev := must(c.Scan.Create().SetPlatform("GITHUB").SetTarget("acme").SetStartedAt(Now.AddDate(0, 0, -7)).
		SetFinishedAt(Now.AddDate(0, 0, -7).Add(2 * time.Minute)).SetStatus("SUCCEEDED").SetAPIRequests(412).
		SetRepositories(2).SetPipelines(2).SetJobs(6).SetCredentials(3).SetUsages(3).SetFindings(3).SetOwner(owner).Save(ctx))
	last := must(c.Scan.Create().SetPlatform("GITHUB").SetTarget("acme").SetStartedAt(Now.Add(-time.Hour)).
		SetFinishedAt(Now.Add(-time.Hour + 90*time.Second)).SetStatus("PARTIAL").SetAPIRequests(380).SetAPINotModified(301).
		SetCoverageGaps([]string{"GitHub answered 403 for organization secrets of acme; the token needs the `admin:org` read scope (Secrets: read)."}).
		SetRepositories(3).SetPipelines(3).SetJobs(9).SetCredentials(4).SetUsages(3).SetFindings(4).SetOwner(owner).Save(ctx))
	s.inv.PreviousScan, s.inv.LatestScan = prev, last
	must(c.Change.Create().SetScan(last).SetEntity("Repository").SetEntityKey("github:" + Hostile).SetKind("ADDED").
		SetSummary("repository " + Hostile + " added").SetCreatedAt(Now).Save(ctx))
	must(c.Change.Create().SetScan(last).SetEntity("Environment").SetEntityKey("github:acme/web-frontend:env:production").
		SetKind("MODIFIED").SetSummary("required reviewers removed from environment production of acme/web-frontend").
		SetBefore(`{"required_reviewers":["acme/release-managers"]}`).SetAfter(`{"required_reviewers":[]}`).SetCreatedAt(Now).Save(ctx))
	must(c.Change.Create().SetScan(last).SetEntity("Credential").SetEntityKey(s.inv.AWSKey.Key).
		SetKind("MODIFIED").SetSummary("AWS_ACCESS_KEY_ID visibility changed from selected to all").SetCreatedAt(Now).Save(ctx))
	must(c.Change.Create().SetScan(prev).SetEntity("Credential").SetEntityKey(s.inv.AWSKey.Key).
		SetKind("ADDED").SetSummary("organization secret AWS_ACCESS_KEY_ID added").SetCreatedAt(Now.AddDate(0, 0, -7)).Save(ctx))
}

// synthetic adds one generated repository: a workflow with three jobs, a
// repository secret they all can read and only build uses, and a finding.
func (s *seeder) synthetic(owner *ent.Owner, team *ent.Team, org *ent.Credential, i int) {
	name := fmt.Sprintf("acme/service-%04d", i)
	r, jobs := s.repo(owner, name, team, "ci.yml", i%3 == 0)
	cr := must(s.c.Credential.Create().SetKey("github:" + name + ":secret:REGISTRY_TOKEN").SetKind("ACTIONS_SECRET").
		SetName("REGISTRY_TOKEN").SetScope(credential.ScopeREPOSITORY).SetOwner(owner).SetRepository(r).
		SetNeededBy([]string{"BUILD"}).SetExposedTo([]string{"BUILD", "TEST", "DEPLOY"}).SetOverScoped(i%2 == 0).
		SetOverScopeReasons([]string{"Readable by TEST and DEPLOY jobs that never reference it."}).Save(s.ctx))
	s.use(jobs[0], cr, ".github/workflows/ci.yml", 18, "${{ secrets.REGISTRY_TOKEN }}", usage.ViaENV)
	s.use(jobs[2], org, ".github/workflows/ci.yml", 41, "${{ secrets.AWS_ACCESS_KEY_ID }}", usage.ViaENV)
	s.expose(cr, jobs...)
	must(s.c.Finding.Create().SetRule("secrets-inherit").SetSeverity("MEDIUM").
		SetTitle("deploy passes every secret to a reusable workflow").SetFingerprint("secrets-inherit:" + name).
		SetRemediation("List the secrets the called workflow needs.").SetRepository(r).SetJob(jobs[2]).SetCredential(cr).
		SetOwner(owner).SetFirstSeen(Now).SetLastSeen(Now).Save(s.ctx))
}
