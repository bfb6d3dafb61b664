package scanner_test

import (
	"fmt"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/privgraph/privgraph/ent/scan"
	"github.com/privgraph/privgraph/migrations"
	"github.com/privgraph/privgraph/scanner"
	"github.com/privgraph/privgraph/scanner/workflow"
)

// syntheticOrg builds facts for an organization of n repositories with 3
// workflows of 3 jobs and 2 environments each, 10 org secrets and 4 repo
// secrets per repository.
func syntheticOrg(n int) *scanner.Facts {
	f := &scanner.Facts{Platform: scanner.GitHub, Target: "bench", Owner: scanner.Owner{Name: "bench"}}
	for i := range 10 {
		f.Credentials = append(f.Credentials, scanner.Credential{Kind: scanner.ActionsSecret, Name: fmt.Sprintf("ORG_SECRET_%d", i), Scope: scanner.ScopeOwner, Visibility: "all"})
	}
	for r := range n {
		repo := scanner.Repository{FullName: fmt.Sprintf("bench/repo-%04d", r), Visibility: "private", DefaultBranch: "main",
			Environments: []scanner.Environment{{Name: "staging"}, {Name: "production", Production: true, Protected: true, RequiredReviewers: []string{"@bench/sre"}}},
			Protections:  []scanner.BranchProtection{{Source: "CLASSIC", Pattern: "main", RequiredApprovals: 1}},
			CodeOwners:   []scanner.CodeOwnersFile{{Path: ".github/CODEOWNERS", Rules: []scanner.CodeOwnersRule{{Pattern: "*", Owners: []string{"@bench/dev"}, Line: 1}}}},
		}
		for s := range 4 {
			repo.Credentials = append(repo.Credentials, scanner.Credential{Kind: scanner.ActionsSecret, Name: fmt.Sprintf("REPO_SECRET_%d", s), Scope: scanner.ScopeRepository})
		}
		repo.Credentials = append(repo.Credentials, scanner.Credential{Kind: scanner.ActionsSecret, Name: "DEPLOY", Scope: scanner.ScopeEnvironment, Environment: "production"})
		for w := range 3 {
			p := workflow.Pipeline{Path: fmt.Sprintf(".github/workflows/w%d.yml", w), Kind: workflow.GitHubActions, Triggers: []string{"push"}}
			for j, stage := range []workflow.Stage{workflow.StageBuild, workflow.StageTest, workflow.StageDeploy} {
				job := workflow.Job{Key: fmt.Sprintf("j%d", j), Stage: stage, Effective: map[string]string{"contents": "read"}}
				job.References = []workflow.Reference{
					{Kind: workflow.RefSecret, Name: fmt.Sprintf("ORG_SECRET_%d", (r+j)%10), Line: 10 + j, Expression: "${{ secrets.X }}", Via: workflow.ViaEnv},
					{Kind: workflow.RefSecret, Name: fmt.Sprintf("REPO_SECRET_%d", j), Line: 20 + j, Expression: "${{ secrets.Y }}", Via: workflow.ViaWith},
				}
				if stage == workflow.StageDeploy {
					job.Environment = "production"
					job.References = append(job.References, workflow.Reference{Kind: workflow.RefSecret, Name: "DEPLOY", Line: 30, Via: workflow.ViaEnv})
				}
				p.Jobs = append(p.Jobs, job)
			}
			repo.Pipelines = append(repo.Pipelines, p)
		}
		f.Repositories = append(f.Repositories, repo)
	}
	return f
}

// BenchmarkIngest1000 writes a 1,000-repository organization, then rescans
// it unchanged (the common case), into an SQLite file.
func BenchmarkIngest1000(b *testing.B) {
	f := syntheticOrg(1000)
	for b.Loop() {
		b.StopTimer()
		client, err := migrations.Open(b.Context(), filepath.Join(b.TempDir(), "bench.db"))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		for range 2 {
			s := client.Scan.Create().SetPlatform(scan.PlatformGITHUB).SetTarget("bench").SetStatus(scan.StatusSUCCEEDED).SaveX(b.Context())
			if _, err := scanner.Ingest(b.Context(), client, s.ID, f); err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		b.ReportMetric(float64(ms.HeapAlloc)/(1<<20), "heap-MiB")
		client.Close()
		b.StartTimer()
	}
}
