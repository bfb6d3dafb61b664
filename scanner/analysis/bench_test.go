package analysis

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/ent/job"
	"github.com/privgraph/privgraph/scanner/workflow"
)

// bulk saves builders in chunks that stay under SQLite's variable limit.
func bulk[T any, B any](t testing.TB, builders []B, save func([]B) ([]T, error)) []T {
	t.Helper()
	var out []T
	for i := 0; i < len(builders); i += 400 {
		got, err := save(builders[i:min(i+400, len(builders))])
		if err != nil {
			t.Fatalf("seed: %v", err)
		}
		out = append(out, got...)
	}
	return out
}

// seedSynthetic writes an organization of n repositories, each with three
// workflows (build+test, release with a production deploy, a PR-triggered
// one), two environments, three repository secrets and two environment
// secrets, 20 organization secrets, and usages; half the repositories have
// branch protection and CODEOWNERS. It returns the scan to analyse.
func seedSynthetic(t testing.TB, c *ent.Client, n int) *ent.Scan {
	t.Helper()
	ctx := t.Context()
	o := c.Owner.Create().SetKey("github:big").SetPlatform("GITHUB").SetName("big").SetDefaultWorkflowPermissions("write").SaveX(ctx)
	var rb []*ent.RepositoryCreate
	for i := range n {
		rb = append(rb, c.Repository.Create().SetKey(fmt.Sprintf("github:big/r%d", i)).SetPlatform("GITHUB").
			SetFullName(fmt.Sprintf("big/r%d", i)).SetVisibility("private").SetDefaultBranch("main").SetOwnerID(o.ID))
	}
	repos := bulk(t, rb, func(b []*ent.RepositoryCreate) ([]*ent.Repository, error) {
		return c.Repository.CreateBulk(b...).Save(ctx)
	})
	var eb []*ent.EnvironmentCreate
	var pb []*ent.PipelineCreate
	for i, r := range repos {
		eb = append(eb, c.Environment.Create().SetKey(r.Key+"@env:production").SetName("production").SetProduction(true).
			SetProtected(i%2 == 0).SetRequiredReviewers(reviewers(i)).SetRepositoryID(r.ID),
			c.Environment.Create().SetKey(r.Key+"@env:staging").SetName("staging").SetRepositoryID(r.ID))
		for _, w := range []string{"ci", "release", "pr"} {
			pb = append(pb, c.Pipeline.Create().SetKey(r.Key+"#.github/workflows/"+w+".yml").SetKind("GITHUB_ACTIONS").
				SetPath(".github/workflows/"+w+".yml").SetTriggers(triggersOf(w)).SetRepositoryID(r.ID))
		}
	}
	envs := bulk(t, eb, func(b []*ent.EnvironmentCreate) ([]*ent.Environment, error) {
		return c.Environment.CreateBulk(b...).Save(ctx)
	})
	pipes := bulk(t, pb, func(b []*ent.PipelineCreate) ([]*ent.Pipeline, error) { return c.Pipeline.CreateBulk(b...).Save(ctx) })
	jobs := seedSyntheticJobs(t, c, pipes, envs)
	seedSyntheticCredentials(t, c, o, repos, envs, jobs)
	seedSyntheticGuards(t, c, repos)
	return c.Scan.Create().SetPlatform("GITHUB").SetTarget("big").SetStatus("SUCCEEDED").SetOwner(o).SaveX(ctx)
}

func reviewers(i int) []string {
	if i%2 == 0 {
		return []string{"big/sre"}
	}
	return nil
}

func triggersOf(w string) []string {
	switch w {
	case "pr":
		return []string{"pull_request_target"}
	case "release":
		return []string{"push"}
	}
	return []string{"push", "pull_request"}
}

// seedSyntheticJobs writes three jobs per pipeline; the release deploy runs in production.
func seedSyntheticJobs(t testing.TB, c *ent.Client, pipes []*ent.Pipeline, envs []*ent.Environment) []*ent.Job {
	ctx := t.Context()
	steps := &workflow.JobDetail{Steps: []workflow.Step{
		{Line: 10, Uses: "actions/checkout", Ref: "v4"}, {Line: 12, Uses: "docker/login-action", Ref: "v3"}, {Line: 15, Run: "make"},
	}}
	var jb []*ent.JobCreate
	for i, p := range pipes {
		stages := []job.Stage{"BUILD", "TEST", "UNKNOWN"}
		if i%3 == 1 {
			stages = []job.Stage{"BUILD", "STAGE", "DEPLOY"}
		}
		for k, st := range stages {
			b := c.Job.Create().SetKey(fmt.Sprintf("%s#j%d", p.Key, k)).SetName(fmt.Sprintf("j%d", k)).SetLine(5 + 20*k).
				SetStage(st).SetPermissionsSource("unknown").SetMinimalPermissions([]string{"contents:read"}).SetDetail(steps).SetPipelineID(p.ID)
			if st == "DEPLOY" {
				b.SetEnvironmentID(envs[2*(i/3)].ID).SetEnvironmentName("production")
			}
			if st == "STAGE" {
				b.SetEnvironmentID(envs[2*(i/3)+1].ID).SetEnvironmentName("staging")
			}
			jb = append(jb, b)
		}
	}
	return bulk(t, jb, func(b []*ent.JobCreate) ([]*ent.Job, error) { return c.Job.CreateBulk(b...).Save(ctx) })
}

func seedSyntheticCredentials(t testing.TB, c *ent.Client, o *ent.Owner, repos []*ent.Repository, envs []*ent.Environment, jobs []*ent.Job) {
	ctx := t.Context()
	var cb []*ent.CredentialCreate
	for k := range 20 {
		cb = append(cb, c.Credential.Create().SetKey(fmt.Sprintf("github:big|cred:ACTIONS_SECRET:ORG_%d", k)).SetKind("ACTIONS_SECRET").
			SetName(fmt.Sprintf("ORG_%d", k)).SetScope("OWNER").SetVisibility("all").SetOwnerID(o.ID))
	}
	for i, r := range repos {
		for _, name := range []string{"NPM_TOKEN", "DOCKER_PASSWORD", "AWS_SECRET_ACCESS_KEY"} {
			cb = append(cb, c.Credential.Create().SetKey(r.Key+"|cred:ACTIONS_SECRET:"+name).SetKind("ACTIONS_SECRET").
				SetName(name).SetScope("REPOSITORY").SetRepositoryID(r.ID).SetOwnerID(o.ID))
		}
		for e := range 2 {
			env := envs[2*i+e]
			cb = append(cb, c.Credential.Create().SetKey(env.Key+"|cred:ACTIONS_SECRET:KUBE").SetKind("ACTIONS_SECRET").
				SetName("KUBE").SetScope("ENVIRONMENT").SetRepositoryID(r.ID).SetEnvironmentID(env.ID).SetOwnerID(o.ID))
		}
	}
	creds := bulk(t, cb, func(b []*ent.CredentialCreate) ([]*ent.Credential, error) {
		return c.Credential.CreateBulk(b...).Save(ctx)
	})
	var ub []*ent.UsageCreate
	use := func(j *ent.Job, cr *ent.Credential) {
		ub = append(ub, c.Usage.Create().SetFile(".github/workflows/x.yml").SetLine(j.Line+3).
			SetExpression("${{ secrets."+cr.Name+" }}").SetVia("ENV").SetJobID(j.ID).SetCredentialID(cr.ID))
	}
	for i := range repos {
		rc := creds[20+5*i:]
		rj := jobs[9*i : 9*i+9] // ci: 0-2, release: 3-5, pr: 6-8
		use(rj[0], rc[0])
		use(rj[5], rc[0])
		use(rj[3], rc[1])
		use(rj[5], rc[2])
		use(rj[5], rc[3])
		use(rj[4], rc[4])
		use(rj[6], rc[1])
		if i%10 == 0 {
			use(rj[0], creds[i%20])
		}
	}
	bulk(t, ub, func(b []*ent.UsageCreate) ([]*ent.Usage, error) { return c.Usage.CreateBulk(b...).Save(ctx) })
}

func seedSyntheticGuards(t testing.TB, c *ent.Client, repos []*ent.Repository) {
	ctx := t.Context()
	var bb []*ent.BranchProtectionCreate
	for i, r := range repos {
		if i%2 == 0 {
			bb = append(bb, c.BranchProtection.Create().SetKey(r.Key+"|bp:RULESET::main").SetSource("RULESET").SetPattern("main").
				SetRequiredApprovals(1).SetRepositoryID(r.ID))
		}
	}
	bulk(t, bb, func(b []*ent.BranchProtectionCreate) ([]*ent.BranchProtection, error) {
		return c.BranchProtection.CreateBulk(b...).Save(ctx)
	})
}

// BenchmarkAnalyzeSynthetic1000 is the first analysis of a synthetic
// organization of 1,000 repositories (3 workflows, 9 jobs, 2 environments and
// 5 secrets each; 20 organization secrets): every finding is created. Seeding
// is not timed. peak-heap-MB samples the Go heap during the run.
func BenchmarkAnalyzeSynthetic1000(b *testing.B) {
	var res Result
	var peak uint64
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		c := openDB(b)
		sc := seedSynthetic(b, c, 1000)
		runtime.GC()
		stop := samplePeakHeap(&peak)
		b.StartTimer()
		var err error
		if res, err = New(c, Options{Now: func() time.Time { return testNow }}).Run(b.Context(), sc.ID); err != nil {
			b.Fatalf("Run: %v", err)
		}
		b.StopTimer()
		stop()
		c.Close()
	}
	b.ReportMetric(float64(res.Open), "findings")
	b.ReportMetric(float64(res.OverScoped), "over-scoped")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
}

// BenchmarkAnalyzeSynthetic1000Rescan re-analyses the same organization, as
// a rescan does: every finding is found again and updated.
func BenchmarkAnalyzeSynthetic1000Rescan(b *testing.B) {
	c := openDB(b)
	sc := seedSynthetic(b, c, 1000)
	a := New(c, Options{Now: func() time.Time { return testNow }})
	if _, err := a.Run(b.Context(), sc.ID); err != nil {
		b.Fatalf("Run: %v", err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := a.Run(b.Context(), sc.ID); err != nil {
			b.Fatalf("Run: %v", err)
		}
	}
}

// samplePeakHeap records the largest HeapAlloc seen until stop is called.
func samplePeakHeap(peak *uint64) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		var m runtime.MemStats
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for {
			runtime.ReadMemStats(&m)
			*peak = max(*peak, m.HeapAlloc)
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return func() { close(done); <-finished }
}
