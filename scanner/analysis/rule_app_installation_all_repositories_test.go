package analysis

import (
	"testing"

	"github.com/privgraph/privgraph/ent"
)

func TestAppInstallationAllRepositories(t *testing.T) {
	runRuleCases(t, "GITHUB", checkAppAllRepos, []ruleCase{
		{
			name: "write app on all repositories",
			build: func(f *fixture) {
				f.s.idents = append(f.s.idents, &ent.Identity{Key: "id:renovate", Kind: "GITHUB_APP", Name: "renovate",
					RepositorySelection: "all", CanWrite: true, Permissions: []string{"contents:write", "metadata:read"}})
			},
			want: []string{"MEDIUM app installation `renovate`: repository_selection = all, permissions contents:write"},
		},
		{
			name: "read-only app on all, or write app on selected",
			build: func(f *fixture) {
				f.s.idents = append(f.s.idents,
					&ent.Identity{Key: "id:a", Kind: "GITHUB_APP", Name: "a", RepositorySelection: "all", Permissions: []string{"metadata:read"}},
					&ent.Identity{Key: "id:b", Kind: "GITHUB_APP", Name: "b", RepositorySelection: "selected", CanWrite: true})
			},
			want: []string{},
		},
	})
}
