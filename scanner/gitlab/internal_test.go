package gitlab

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func TestBranchMatch(t *testing.T) {
	tests := []struct {
		pattern, branch string
		want            bool
	}{
		{"main", "main", true},
		{"main", "main2", false},
		{"*", "main", true},
		{"release/*", "release/1.0", true},
		{"release/*", "main", false},
		{"*-stable", "16-stable", true},
		{"*-stable", "16-stable-x", false},
		{"ma*n", "main", true},
		{"a*b*c", "abc", true},
		{"a*b*c", "ac", false},
	}
	for _, tc := range tests {
		if got := branchMatch(tc.pattern, tc.branch); got != tc.want {
			t.Errorf("branchMatch(%q, %q) = %v, want %v", tc.pattern, tc.branch, got, tc.want)
		}
	}
}

func TestCILocation(t *testing.T) {
	tests := []struct {
		cfg                     string
		file, project, ref, err string
	}{
		{"", ".gitlab-ci.yml", "projects/9", "main", ""},
		{"ci/pipeline.yml", "ci/pipeline.yml", "projects/9", "main", ""},
		{"/ci/pipeline.yml", "ci/pipeline.yml", "projects/9", "main", ""},
		{".gitlab-ci.yml@acme/ci-templates", ".gitlab-ci.yml", "projects/acme%2Fci-templates", "HEAD", ""},
		{"pipelines/app.yml@acme/ci:v2", "pipelines/app.yml", "projects/acme%2Fci", "v2", ""},
		{"https://example.com/ci.yml", "", "", "", "a remote URL"},
		{"@acme/ci", "", "", "", "not a path@group/project"},
	}
	for _, tc := range tests {
		file, project, ref, err := ciLocation(apiProject{ID: 9, DefaultBranch: "main", CIConfigPath: tc.cfg})
		gotErr := ""
		if err != nil {
			gotErr = err.Error()
		}
		if file != tc.file || project != tc.project || ref != tc.ref || !strings.HasPrefix(gotErr, tc.err) || (tc.err == "") != (err == nil) {
			t.Errorf("ciLocation(%q) = %q %q %q %v; want %q %q %q %q", tc.cfg, file, project, ref, err, tc.file, tc.project, tc.ref, tc.err)
		}
	}
}

func TestRuleApplies(t *testing.T) {
	named := apiApprovalRule{RuleType: "regular", ProtectedBranches: []struct {
		Name string `json:"name"`
	}{{Name: "main"}}}
	tests := []struct {
		name string
		rule apiApprovalRule
		want bool
	}{
		{"all branches", apiApprovalRule{RuleType: "any_approver"}, true},
		{"all protected", apiApprovalRule{AppliesToAllProtectedBranches: true, ProtectedBranches: named.ProtectedBranches}, true},
		{"names the branch", named, true},
		{"report approver", apiApprovalRule{RuleType: "report_approver"}, false},
	}
	for _, tc := range tests {
		if got := ruleApplies(tc.rule, "main", "main"); got != tc.want {
			t.Errorf("%s: ruleApplies = %v, want %v", tc.name, got, tc.want)
		}
	}
	if ruleApplies(named, "develop", "develop") {
		t.Error("a rule for main applies to develop")
	}
}

func TestGapSentences(t *testing.T) {
	g := newGaps()
	for _, p := range []string{"a/f", "a/b", "a/c", "a/d", "a/e", "a/g"} {
		g.add(resVariables, 403, p, p)
	}
	g.add(resDeployKeys, 404, "a/b", "a/b")
	got := g.sentences()
	want := []string{
		"GitLab answered 403 for the CI/CD variables of 6 groups or projects (a/b, a/c, a/d, a/e, a/f and 1 more); reading them needs the Maintainer role on projects (Owner on groups).",
		"GitLab answered 404 for the deploy keys of a/b; reading them needs the Maintainer role.",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("sentences =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestValueShapes(t *testing.T) {
	tests := []struct {
		value           string
		cloud, personal bool
	}{
		{"AKIAABCDEFGHIJKLMNOP", true, false},
		{`{"type": "service_account", "project_id": "p", "private_key": "k"}`, true, false},
		{"apiVersion: v1\nkind: Config\nusers:\n- user:\n    token: t\n", true, false},
		{"glpat-abcdefghijklmnop", false, true},
		{"ghp_abcdefghijklmnop", false, true},
		{"hunter2", false, false},
		{"https://api.example.com", false, false},
	}
	for _, tc := range tests {
		if c, p := valueIsStaticCloudKey(tc.value), valueIsPersonalToken(tc.value); c != tc.cloud || p != tc.personal {
			t.Errorf("shape of value #%d = cloud %v personal %v, want %v %v", len(tc.value), c, p, tc.cloud, tc.personal)
		}
	}
}

func TestAPITime(t *testing.T) {
	var v struct {
		A, B, C, D apiTime
	}
	if err := json.Unmarshal([]byte(`{"A":"2021-01-31","B":"2022-03-15T11:05:42.437Z","C":null,"D":"soon"}`), &v); err != nil {
		t.Fatal(err)
	}
	if v.A.t == nil || v.A.t.Format("2006-01-02") != "2021-01-31" || v.B.t == nil || v.B.t.Hour() != 11 || v.C.t != nil || v.D.t != nil {
		t.Errorf("apiTime = %v %v %v %v", v.A.t, v.B.t, v.C.t, v.D.t)
	}
}

func TestBounded(t *testing.T) {
	if got := bounded("héllo", 2); got != "h" {
		t.Errorf("bounded cut a rune: %q", got)
	}
	if got := bounded("abc", 5); got != "abc" {
		t.Errorf("bounded = %q", got)
	}
}

func TestVariablePageDropsValues(t *testing.T) {
	p := &variablePage{}
	body := `[{"key":"A","value":"SENTINEL-x","masked":true},{"key":"B","value":null,"hidden":true},{"key":"","value":"v"}]`
	if err := json.Unmarshal([]byte(body), p); err != nil {
		t.Fatal(err)
	}
	if len(p.items) != 2 || p.items[0].Fingerprint != "" || !p.items[0].Masked || !p.items[1].Hidden {
		t.Errorf("items = %+v (no fingerprinter: no fingerprint; the keyless entry dropped)", p.items)
	}
	if strings.Contains(strings.ReplaceAll(strings.ReplaceAll(fmtAll(p.items), " ", ""), "\n", ""), "SENTINEL") {
		t.Error("a value survived decoding")
	}
}

func fmtAll(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// TestUnreachableErrorHidesURLCredentials: a library caller's base URL with
// credentials or a query never reaches the message.
func TestUnreachableErrorHidesURLCredentials(t *testing.T) {
	e := &unreachableError{Base: "https://user:hunter2@gitlab.example.com/?private_token=glpat-x", Err: errors.New("dial tcp: refused")}
	m := e.Error()
	for _, bad := range []string{"hunter2", "user", "glpat-x", "private_token"} {
		if strings.Contains(m, bad) {
			t.Errorf("message %q contains %q", m, bad)
		}
	}
	if !strings.Contains(m, "https://gitlab.example.com/") {
		t.Errorf("message %q lost the host", m)
	}
}
