package analysis

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/privgraph/privgraph/ent/repository"
)

// TestRepositoryOwners checks the batch owner lookup against
// TeamRepositoryIDs: owners by admin permission and by CODEOWNERS, never by
// read access.
func TestRepositoryOwners(t *testing.T) {
	c := checklistFixture(t)
	ctx := t.Context()
	api := c.Repository.Query().Where(repository.FullName("acme/api")).OnlyX(ctx)
	web := c.Repository.Query().Where(repository.FullName("acme/web")).OnlyX(ctx)
	got, err := RepositoryOwners(ctx, c, repository.IDIn(api.ID, web.ID))
	if err != nil {
		t.Fatal(err)
	}
	want := map[int][]string{api.ID: {"platform"}, web.ID: {"frontend"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("RepositoryOwners (-want +got):\n%s", diff)
	}
	for slug, ids := range map[string][]int{"platform": {api.ID}, "frontend": {web.ID}, "readers": nil, "nobody": nil} {
		got, err := TeamRepositoryIDs(ctx, c, slug)
		if err != nil {
			t.Fatal(err)
		}
		if !cmp.Equal(ids, got) {
			t.Errorf("TeamRepositoryIDs(%s) = %v, want %v", slug, got, ids)
		}
	}
	if got, err := RepositoryOwners(ctx, c, repository.IDIn()); err != nil || len(got) != 0 {
		t.Errorf("RepositoryOwners(none) = %v, %v", got, err)
	}
}

// TestChecklistOrganizationLevel checks the organization-level checklist:
// the findings about no repository, on no team's checklist.
func TestChecklistOrganizationLevel(t *testing.T) {
	c := checklistFixture(t)
	ctx := t.Context()
	o := c.Owner.Query().OnlyX(ctx)
	c.Finding.Create().SetRule("default-workflow-permissions-write").SetSeverity("HIGH").
		SetTitle("acme: workflows get a GITHUB_TOKEN that can write by default").
		SetFingerprint("org-level:acme").SetOwner(o).ExecX(ctx)
	items, err := Checklist(ctx, c, ChecklistFilter{OrganizationLevel: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 1 || items[0].Rule != "default-workflow-permissions-write" || items[0].Repository != "" || items[0].Owner != "acme" {
		t.Errorf("organization-level checklist = %+v, want the one finding about no repository", items)
	}
	for _, slug := range []string{"platform", "frontend"} {
		items, err := Checklist(ctx, c, ChecklistFilter{Team: slug})
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range items {
			if it.Repository == "" {
				t.Errorf("team %s's checklist holds the organization-level %s", slug, it.Rule)
			}
		}
	}
}
