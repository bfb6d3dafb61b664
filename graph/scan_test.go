package graph_test

import (
	"context"
	"testing"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/graph"
	"github.com/privgraph/privgraph/graph/graphtest"
	"github.com/privgraph/privgraph/migrations/migratetest"
	"github.com/privgraph/privgraph/scanner"
	"github.com/privgraph/privgraph/scanner/analysis"
	"github.com/privgraph/privgraph/scanner/local"
)

// TestContractQueryOnScan runs the contract query over an inventory written
// by a real local scan and analysis of testdata/scan.
func TestContractQueryOnScan(t *testing.T) {
	c := migratetest.Open(t)
	_, err := scanner.Run(t.Context(), c, local.New(local.Options{}), scanner.RunOptions{
		Platform: scanner.Local, Target: "testdata/scan",
		Analyze: func(ctx context.Context, c *ent.Client, scanID int) error {
			_, err := analysis.New(c, analysis.Options{}).Run(ctx, scanID)
			return err
		},
	})
	if err != nil {
		t.Fatalf("scan local testdata/scan: %v", err)
	}
	var resp contractResp
	gql(t, c, graph.Options{}, nil).MustPost(ContractQuery, &resp)
	if resp.Jobs.TotalCount != 4 {
		t.Errorf("jobs = %d, want 4 (build, test, deploy, publish)", resp.Jobs.TotalCount)
	}
	if len(resp.Findings.Edges) == 0 || resp.Findings.Edges[0].Node.Repository == nil {
		t.Errorf("secrets-inherit findings = %+v, want the publish job's", resp.Findings.Edges)
	}
	stages := map[string]string{}
	usages := 0
	for _, e := range resp.Jobs.Edges {
		stages[e.Node.Key] = e.Node.Stage
		usages += len(e.Node.Usages)
		for _, u := range e.Node.Usages {
			if u.Line == 0 || u.File == "" || u.Credential.Name == "" {
				t.Errorf("usage %+v lacks file:line or credential", u)
			}
		}
	}
	if usages < 2 {
		t.Errorf("usages = %d, want the AWS and NPM references", usages)
	}
	for _, e := range resp.Credentials.Edges {
		if len(e.Node.ExposedTo) == 0 {
			t.Errorf("over-scoped %s has no exposedTo", e.Node.Name)
		}
	}
	t.Logf("stages %v; over-scoped credentials %d; secrets-inherit findings %d", stages, len(resp.Credentials.Edges), len(resp.Findings.Edges))
}

func TestTeamChecklist(t *testing.T) {
	c := migratetest.Open(t)
	graphtest.Seed(t, c, 2)
	var resp struct {
		Teams struct {
			Edges []struct {
				Node struct {
					Slug      string
					Checklist []struct {
						FindingID  string
						Rule       string
						Severity   string
						Status     string
						Repository string
						Done       bool
					}
				}
			}
		}
	}
	gql(t, c, graph.Options{}, nil).MustPost(`{teams(where: {slug: "payments"}) {edges {node {slug checklist {findingId rule severity status repository done}}}}}`, &resp)
	if len(resp.Teams.Edges) != 1 {
		t.Fatalf("teams = %+v", resp.Teams.Edges)
	}
	items := resp.Teams.Edges[0].Node.Checklist
	if len(items) < 3 || items[0].FindingID == "" {
		t.Fatalf("checklist = %+v", items)
	}
	for _, it := range items {
		if it.Repository != "acme/payments-api" && it.Repository != "acme/service-0000" {
			t.Errorf("payments checklist holds %+v", it)
		}
	}
}
