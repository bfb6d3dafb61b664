package workflow

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestKnowledgeBase checks the embedded data file: at least 60 actions,
// each with its documentation URL, known scopes and levels.
func TestKnowledgeBase(t *testing.T) {
	kb, err := knowledge()
	if err != nil {
		t.Fatal(err)
	}
	if len(kb) < 60 {
		t.Errorf("knowledge base has %d actions, want at least 60", len(kb))
	}
	valid := func(where string, perms map[string]string) {
		for k, v := range perms {
			if !slices.Contains(tokenScopes, k) || (v != "read" && v != "write" && v != "none") {
				t.Errorf("%s: bad permission %s: %s", where, k, v)
			}
		}
	}
	for name, a := range kb {
		if !strings.HasPrefix(a.Docs, "https://") {
			t.Errorf("%s: docs %q is not a URL", name, a.Docs)
		}
		if strings.Count(name, "/") < 1 || name != strings.ToLower(name) {
			t.Errorf("%s: want owner/name[/path] in lower case", name)
		}
		if a.None && len(a.Permissions) > 0 {
			t.Errorf("%s: none and permissions both set", name)
		}
		valid(name, a.Permissions)
		for _, c := range a.Conditions {
			if c.Input == "" || len(c.Permissions) == 0 {
				t.Errorf("%s: condition without input or permissions", name)
			}
			valid(name+" condition", c.Permissions)
		}
	}
}

func TestMinimalPermissions(t *testing.T) {
	tests := []struct {
		name    string
		steps   []Step
		want    map[string]string
		unknown int
	}{
		{"checkout", []Step{{Uses: "actions/checkout"}}, map[string]string{"contents": "read"}, 0},
		{"checkout with a PAT", []Step{{Uses: "actions/checkout", With: map[string]string{"token": "${{ secrets.PAT }}"}}}, map[string]string{}, 0},
		{"ghcr login with job token", []Step{{Uses: "docker/login-action", With: map[string]string{"registry": "ghcr.io", "password": "${{ secrets.GITHUB_TOKEN }}"}}}, map[string]string{"packages": "write"}, 0},
		{"ghcr login with a PAT", []Step{{Uses: "docker/login-action", With: map[string]string{"registry": "ghcr.io", "password": "${{ secrets.CR_PAT }}"}}}, map[string]string{}, 0},
		{"docker hub login", []Step{{Uses: "docker/login-action", With: map[string]string{"password": "${{ secrets.HUB }}"}}}, map[string]string{}, 0},
		{"aws oidc", []Step{{Uses: "aws-actions/configure-aws-credentials", With: map[string]string{"role-to-assume": "arn"}}}, map[string]string{"id-token": "write"}, 0},
		{"aws static keys", []Step{{Uses: "aws-actions/configure-aws-credentials", With: map[string]string{"aws-access-key-id": "x"}}}, map[string]string{}, 0},
		{"release and labeler", []Step{{Uses: "softprops/action-gh-release"}, {Uses: "actions/labeler"}}, map[string]string{"contents": "write", "pull-requests": "write"}, 0},
		{"scorecard publishing", []Step{{Uses: "ossf/scorecard-action", With: map[string]string{"publish_results": "true"}}}, map[string]string{"security-events": "write", "contents": "read", "actions": "read", "id-token": "write"}, 0},
		{"unknown action", []Step{{Uses: "someone/thing", Line: 7}}, map[string]string{}, 1},
		{"github-script, opaque", []Step{{Uses: "actions/github-script", With: map[string]string{"script": "await github.graphql(q)"}}}, map[string]string{}, 1},
		{"github-script, rest calls", []Step{{Uses: "actions/github-script", With: map[string]string{"script": "await github.rest.issues.addLabels({});\nconst p = await github.rest.pulls.get({})"}}}, map[string]string{"issues": "write", "pull-requests": "read"}, 0},
		{"script with token, gh release", []Step{{Run: "gh release create v1 dist/*", Token: true}}, map[string]string{"contents": "write"}, 0},
		{"script with token, gh pr and issue", []Step{{Run: "gh pr comment 1 -b x\ngh issue edit 2 --add-label y", Token: true}}, map[string]string{"pull-requests": "write", "issues": "write"}, 0},
		{"script with token, gh api", []Step{{Run: "gh api repos/o/r/releases", Token: true}}, map[string]string{}, 1},
		{"script with token, other tool", []Step{{Run: "./scripts/release.sh", Token: true}}, map[string]string{}, 1},
		{"keyless cosign", []Step{{Run: "cosign sign --yes $IMAGE"}}, map[string]string{"id-token": "write"}, 0},
		{"cosign with a key", []Step{{Run: "cosign sign --key env://KEY $IMAGE"}}, map[string]string{}, 0},
		{"npm provenance", []Step{{Run: "npm publish --provenance"}}, map[string]string{"id-token": "write"}, 0},
		{"script without token", []Step{{Run: "make"}}, map[string]string{}, 0},
		{"local action", []Step{{Uses: "./.github/actions/x"}}, map[string]string{}, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, unknown := MinimalPermissions(Job{Detail: JobDetail{Steps: tc.steps}})
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("MinimalPermissions (-want +got):\n%s", diff)
			}
			if len(unknown) != tc.unknown {
				t.Errorf("unknown steps = %v, want %d", unknown, tc.unknown)
			}
		})
	}
}

func TestExcessPermissions(t *testing.T) {
	j := Job{Effective: map[string]string{"contents": "write", "packages": "write"}, MinimalPermissions: map[string]string{"contents": "read"}}
	if diff := cmp.Diff(map[string]string{"contents": "write", "packages": "write"}, ExcessPermissions(j)); diff != "" {
		t.Errorf("ExcessPermissions (-want +got):\n%s", diff)
	}
	j.UnknownSteps = []string{"line 3: uses x/y"}
	if got := ExcessPermissions(j); got != nil {
		t.Errorf("ExcessPermissions with unknown steps = %v, want nil (unknown)", got)
	}
}

func TestLocalActions(t *testing.T) {
	files := map[string]string{
		".github/actions/setup/action.yml":    "runs:\n  using: composite\n  steps:\n    - uses: actions/setup-go@v5\n    - run: make deps\n      shell: bash\n",
		".github/actions/release/action.yml":  "runs:\n  using: composite\n  steps:\n    - uses: softprops/action-gh-release@v2\n",
		".github/actions/tokened/action.yaml": "inputs:\n  token:\n    default: ${{ github.token }}\nruns:\n  using: node20\n  main: index.js\n",
		".github/actions/node/action.yml":     "runs:\n  using: node20\n  main: index.js\n",
	}
	tests := []struct {
		uses    string
		want    map[string]string
		unknown bool
	}{
		{"./.github/actions/setup", map[string]string{}, false},
		{"./.github/actions/release", map[string]string{"contents": "write"}, false},
		{"./.github/actions/tokened", map[string]string{}, true},
		{"./.github/actions/node", map[string]string{}, false},
		{"./.github/actions/missing", map[string]string{}, true},
		{"$/.github/actions/release", map[string]string{"contents": "write"}, false}, // self-repository syntax
		{"$/.github/actions/setup", map[string]string{}, false},
	}
	for _, tc := range tests {
		t.Run(tc.uses, func(t *testing.T) {
			src := "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: " + tc.uses + "\n"
			j := jobByKey(t, parseGH(t, src, files), "a")
			if diff := cmp.Diff(tc.want, j.MinimalPermissions); diff != "" {
				t.Errorf("MinimalPermissions (-want +got):\n%s", diff)
			}
			if (len(j.UnknownSteps) > 0) != tc.unknown {
				t.Errorf("UnknownSteps = %v, want some: %v", j.UnknownSteps, tc.unknown)
			}
		})
	}
}
