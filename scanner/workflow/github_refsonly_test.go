package workflow

import "testing"

// TestGitHubProtectedRefsOnly checks the exact semantics written in
// github_refsonly.go: triggers that only run for named branches or tags, or
// a job if: that restricts github.ref on every path, and nothing else.
func TestGitHubProtectedRefsOnly(t *testing.T) {
	for _, c := range []struct {
		name string
		on   string
		if_  string
		want bool
	}{
		{"push to main", "on:\n  push:\n    branches: [main]\n", "", true},
		{"push tags", "on:\n  push:\n    tags: ['v*']\n", "", true},
		{"release and schedule", "on:\n  release:\n    types: [published]\n  schedule:\n    - cron: '0 0 * * *'\n", "", true},
		{"list of release", "on: [release]\n", "", true},
		{"push any branch", "on: push\n", "", false},
		{"push all branches pattern", "on:\n  push:\n    branches: ['**']\n", "", false},
		{"push ignore only", "on:\n  push:\n    branches-ignore: [dev]\n", "", false},
		{"push main and pull_request", "on:\n  push:\n    branches: [main]\n  pull_request:\n", "", false},
		{"push main and dispatch", "on:\n  push:\n    branches: [main]\n  workflow_dispatch:\n", "", false},
		{"if ref main", "on: [push, pull_request]\n", "github.ref == 'refs/heads/main'", true},
		{"if ref main in braces", "on: [push, pull_request]\n", "${{ github.ref == 'refs/heads/main' && github.event_name == 'push' }}", true},
		{"if tags", "on: [push, workflow_dispatch]\n", "startsWith(github.ref, 'refs/tags/')", true},
		{"if ref_type tag", "on: push\n", "github.ref_type == 'tag'", true},
		{"if main or tag", "on: push\n", "github.ref == 'refs/heads/main' || startsWith(github.ref, 'refs/tags/v')", true},
		{"if main or anything", "on: push\n", "github.ref == 'refs/heads/main' || github.event_name == 'workflow_dispatch'", false},
		{"if not main", "on: push\n", "github.ref != 'refs/heads/main'", false},
		{"if negated", "on: push\n", "!(github.ref == 'refs/heads/main')", false},
		{"if any branch prefix", "on: push\n", "startsWith(github.ref, 'refs/heads/')", false},
		{"if other context", "on: push\n", "github.repository == 'o/r'", false},
		{"if ref main under pull_request_target", "on: pull_request_target\n", "github.ref == 'refs/heads/main'", false},
		{"if unparsable", "on: push\n", "github.ref == ", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			wf := c.on + "jobs:\n  j:\n    runs-on: ubuntu-latest\n"
			if c.if_ != "" {
				wf += "    if: \"" + c.if_ + "\"\n"
			}
			wf += "    steps:\n      - run: echo\n"
			p := ParseGitHub(".github/workflows/x.yml", []byte(wf), nil)
			if len(p.Jobs) != 1 {
				t.Fatalf("jobs %d, errors %v", len(p.Jobs), p.Errors)
			}
			if got := p.Jobs[0].ProtectedRefsOnly; got != c.want {
				t.Errorf("ProtectedRefsOnly = %v, want %v", got, c.want)
			}
		})
	}
}
