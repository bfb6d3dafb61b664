package graph_test

import (
	"fmt"
	"testing"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/ent/codeowners"
	"github.com/privgraph/privgraph/ent/repository"
	"github.com/privgraph/privgraph/ent/schema"
	"github.com/privgraph/privgraph/graph"
	"github.com/privgraph/privgraph/graph/graphtest"
	"github.com/privgraph/privgraph/migrations/migratetest"
)

// TestTeamFiltersAreOwners checks that every GraphQL team filter uses the
// checklist's definition of a team's repositories (admin or maintain, or
// CODEOWNERS), not read access, and agrees with teams { checklist }.
func TestTeamFiltersAreOwners(t *testing.T) {
	migratetest.Each(t, func(t *testing.T, db migratetest.DB) { testTeamFiltersAreOwners(t, db.Client) })
}

func testTeamFiltersAreOwners(t *testing.T, c *ent.Client) {
	inv := graphtest.Seed(t, c, 2)
	ctx := t.Context()
	// readers can read acme/payments-api: that is not ownership.
	c.Team.Create().SetKey("github:acme/readers").SetName("Readers").SetSlug("readers").SetOwner(inv.Owner).
		SetRepositoryPermissions([]string{"acme/payments-api:pull"}).AddRepositories(inv.Repo).ExecX(ctx)
	// An organization-level finding: about the org secret, in no repository.
	c.Finding.Create().SetRule("org-secret-visibility-too-broad").SetSeverity("HIGH").SetTitle("AWS_ACCESS_KEY_ID is visible to all").
		SetFingerprint("org-secret-visibility-too-broad:aws").SetCredential(inv.AWSKey).SetOwner(inv.Owner).
		SetFirstSeen(graphtest.Now).SetLastSeen(graphtest.Now).ExecX(ctx)
	// release-managers owns acme/web-frontend through its CODEOWNERS (the
	// case of the slug differs; GitHub ignores it).
	c.Team.Create().SetKey("github:acme/release-managers").SetName("Release managers").SetSlug("release-managers").
		SetOwner(inv.Owner).ExecX(ctx)
	c.CodeOwners.Update().Where(codeowners.HasRepositoryWith(repository.FullName("acme/web-frontend"))).
		SetRules([]schema.CodeOwnersRule{{Pattern: "/.github/workflows/", Owners: []string{"@acme/Release-Managers"}, Line: 3}}).ExecX(ctx)
	cl := gql(t, c, graph.Options{}, nil)
	count := func(q string) int {
		t.Helper()
		var resp map[string]struct{ TotalCount int }
		if err := cl.Post(q, &resp); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		for _, v := range resp {
			return v.TotalCount
		}
		return -1
	}
	for _, tc := range []struct {
		query string
		want  int
	}{
		{`{repositories(where:{team: "readers"}){totalCount}}`, 0},
		{`{jobs(where:{team: "readers"}){totalCount}}`, 0},
		{`{credentials(where:{team: "readers"}){totalCount}}`, 0},
		{`{findings(where:{team: "readers"}){totalCount}}`, 0},
		{`{findings(where:{team: "no-such-team"}){totalCount}}`, 0},
		{`{repositories(where:{team: "no-such-team"}){totalCount}}`, 0},
		{`{repositories(where:{team: "payments"}){totalCount}}`, 2},
		{`{repositories(where:{team: "release-managers"}){totalCount}}`, 1},
		{`{findings(where:{team: "release-managers"}){totalCount}}`, 1},
		{`{findings(where:{organizationLevel: true}){totalCount}}`, 1},
		{`{findings(where:{organizationLevel: true, team: "payments"}){totalCount}}`, 0},
		{`{findings(where:{organizationLevel: false}){totalCount}}`, count(`{findings{totalCount}}`) - 1},
	} {
		if got := count(tc.query); got != tc.want {
			t.Errorf("%s = %d, want %d", tc.query, got, tc.want)
		}
	}
	// The team filter and the team's checklist agree, finding for finding.
	for _, slug := range []string{"payments", "web", "readers", "release-managers"} {
		var resp struct {
			Teams struct {
				Edges []struct {
					Node struct{ Checklist []struct{ FindingID string } }
				}
			}
		}
		if err := cl.Post(fmt.Sprintf(`{teams(where:{slug: %q}){edges{node{checklist{findingId}}}}}`, slug), &resp); err != nil {
			t.Fatal(err)
		}
		n := count(fmt.Sprintf(`{findings(where:{team: %q, statusIn: [OPEN, ACCEPTED]}){totalCount}}`, slug))
		if len(resp.Teams.Edges) != 1 || len(resp.Teams.Edges[0].Node.Checklist) != n {
			t.Errorf("team %s: checklist %+v, findings(where: {team}) %d", slug, resp.Teams.Edges, n)
		}
	}
}
