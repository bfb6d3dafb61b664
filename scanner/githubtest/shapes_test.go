package githubtest_test

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/privgraph/privgraph/scanner/githubtest"
)

// TestShapesMatchOpenAPIExamples checks that the fake serves every field
// GitHub's own examples carry (two levels deep: the levels the scanner
// reads), so that a scanner tested here reads real responses.
func TestShapesMatchOpenAPIExamples(t *testing.T) {
	srv := githubtest.NewServer(t, githubtest.DemoOrg())
	tests := []struct {
		file, path string
		skip       []string // fields the fake leaves out on purpose
	}{
		{"orgs__get", "orgs/demo", []string{"plan", "billing_email", "twitter_username", "private_gists", "disk_usage", "collaborators",
			"owned_private_repos", "public_gists", "followers", "following", "events_url", "issues_url", "public_members_url",
			"default_repository_settings", "members_can_create_public_repositories", "members_can_create_private_repositories",
			"members_can_create_internal_repositories", "members_can_fork_private_repositories", "web_commit_signoff_required",
			"members_can_create_pages", "members_can_create_public_pages", "members_can_create_private_pages", "archived_at",
			"deploy_keys_enabled_for_repositories", "*_enabled", "*_for_new_repositories", "*_custom_link", "default_repository_branch",
			"members_can_invite_outside_collaborators", "members_can_create_teams", "members_can_delete_issues",
			"members_can_view_dependency_insights", "members_can_change_repo_visibility", "readers_can_create_discussions",
			"members_can_delete_repositories"}},
		{"actions__get-github-actions-permissions-organization", "orgs/demo/actions/permissions", []string{"selected_repositories_url"}},
		{"actions__get-github-actions-default-workflow-permissions-organization", "orgs/demo/actions/permissions/workflow", nil},
		{"actions__get-github-actions-default-workflow-permissions-repository", "repos/demo/payments-api/actions/permissions/workflow", nil},
		{"actions__get-github-actions-permissions-repository", "repos/demo/payments-api/actions/permissions", nil},
		{"actions__list-org-secrets", "orgs/demo/actions/secrets", nil},
		{"actions__list-org-variables", "orgs/demo/actions/variables", nil},
		{"actions__list-repo-secrets", "repos/demo/legacy-billing/actions/secrets", nil},
		{"actions__list-environment-secrets", "repos/demo/infra-terraform/environments/production/secrets", nil},
		{"orgs__list-app-installations", "orgs/demo/installations", []string{"installations.permissions.*"}},
		{"actions__list-self-hosted-runner-groups-for-org", "orgs/demo/actions/runner-groups", nil},
		{"actions__list-self-hosted-runners-for-repo", "repos/demo/payments-api/actions/runners", nil},
		{"teams__list", "orgs/demo/teams", nil},
		{"repos__get-all-environments", "repos/demo/payments-api/environments", []string{"environments.protection_rules.*"}},
		{"repos__list-deployment-branch-policies", "repos/demo/payments-api/environments/production/deployment-branch-policies", nil},
		{"repos__get-branch-protection", "repos/demo/payments-api/branches/main/protection", []string{"required_status_checks.enforcement_level", "required_status_checks.contexts_url", "restrictions", "required_pull_request_reviews.dismissal_restrictions", "name", "protection_url"}},
		{"repos__get-repo-rulesets", "repos/demo/go-service/rulesets", nil},
		{"repos__get-branch-rules", "repos/demo/go-service/rules/branches/main", []string{"parameters.*"}},
		{"repos__list-deploy-keys", "repos/demo/payments-api/keys", nil},
		{"repos__get-content", "repos/demo/payments-api/contents/.github/CODEOWNERS", []string{"target", "submodule_git_url", "_links", "git_url"}},
		{"repos__codeowners-errors", "repos/demo/ops-dashboard/codeowners/errors", nil},
		{"repos__list-for-org", "orgs/demo/repos", []string{"*_url", "homepage", "language", "forks_count", "stargazers_count", "watchers_count",
			"size", "open_issues_count", "is_template", "topics", "has_issues", "has_projects", "has_wiki", "has_pages", "has_downloads",
			"has_discussions", "mirror_url", "license", "forks", "open_issues", "watchers", "security_and_analysis", "node_id",
			"code_of_conduct", "delete_branch_on_merge", "subscribers_count", "network_count", "template_repository", "temp_clone_token",
			"clone_url", "git_url", "ssh_url", "svn_url", "allow_forking", "web_commit_signoff_required", "custom_properties", "owner.*"}},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			b, err := os.ReadFile("testdata/openapi/" + tc.file + ".json")
			if err != nil {
				t.Fatal(err)
			}
			var example any
			if err := json.Unmarshal(b, &example); err != nil {
				t.Fatal(err)
			}
			req, _ := http.NewRequest(http.MethodGet, srv.APIURL+tc.path, nil)
			req.Header.Set("Authorization", "Bearer test")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("GET %s = %d %s", tc.path, resp.StatusCode, body)
			}
			var got any
			if err := json.Unmarshal(body, &got); err != nil {
				t.Fatal(err)
			}
			for _, m := range missing(example, got, "", 2) {
				if !skipped(tc.skip, m) {
					t.Errorf("GET %s lacks %s, which GitHub's example has", tc.path, m)
				}
			}
		})
	}
}

func skipped(skip []string, field string) bool {
	return slices.ContainsFunc(skip, func(s string) bool {
		switch {
		case strings.HasPrefix(s, "*"):
			return strings.HasSuffix(field, strings.TrimPrefix(s, "*"))
		case strings.HasSuffix(s, ".*"):
			return strings.HasPrefix(field, strings.TrimSuffix(s, "*"))
		}
		return field == s
	})
}

// missing lists the keys of want absent from got, depth levels deep
// (arrays compare their first elements).
func missing(want, got any, prefix string, depth int) []string {
	if depth < 0 {
		return nil
	}
	switch w := want.(type) {
	case []any:
		g, ok := got.([]any)
		if !ok {
			return []string{prefix + " (not a list)"}
		}
		if len(w) == 0 || len(g) == 0 {
			return nil
		}
		return missing(w[0], g[0], prefix, depth)
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			if got == nil {
				return nil
			}
			return []string{prefix + " (not an object)"}
		}
		var out []string
		for k, v := range w {
			name := strings.TrimPrefix(prefix+"."+k, ".")
			gv, ok := g[k]
			if !ok {
				out = append(out, name)
				continue
			}
			out = append(out, missing(v, gv, name, depth-1)...)
		}
		return out
	}
	return nil
}
