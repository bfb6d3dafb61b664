package analysis

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestBlindSpotsFromGaps(t *testing.T) {
	f := newFixture("GITHUB")
	f.repo("acme/api")
	f.repo("acme/b")
	f.repo("acme/c")
	f.repo("acme/web")
	f.s.complete = false
	f.s.gaps = []string{
		"deploy keys of acme/api: GitHub answered 403; the token needs Administration: read",
		"organization secrets of acme: GitHub answered 403; the token needs the Secrets: read permission",
		"protected branches of 2 projects (acme/b, acme/c): GitLab answered 403; the token needs the Maintainer role",
		"members of acme: GitLab answered 403; the token needs the Reporter role",
	}
	b := f.s.blindSpots()
	tests := []struct {
		repo  string
		facts []string
		want  bool
	}{
		{"acme/api", []string{factTokens}, true},
		{"acme/web", []string{factTokens}, false},
		{"acme/web", []string{factSecrets}, true},
		{"acme/api", []string{factPipelines, factProtection}, false},
		{"", []string{factSettings}, false},
		{"acme/b", []string{factProtection}, true},
		{"acme/c", []string{factProtection}, true},
		{"acme/web", []string{factProtection}, false},
	}
	for _, tc := range tests {
		if got := b.hides(tc.repo, tc.facts); got != tc.want {
			t.Errorf("hides(%q, %v) = %v, want %v (blind spots %v)", tc.repo, tc.facts, got, tc.want, b)
		}
	}
	f.s.gaps = []string{"something unexpected happened"}
	if diff := cmp.Diff(blind{"": {"*": true}}, f.s.blindSpots()); diff != "" {
		t.Errorf("an unknown gap must hide everything (-want +got):\n%s", diff)
	}
}

// TestBlindSpotsFromUnread: Scan.unread is exact per repository; the gap
// sentences then only count for settings, which have no unread part.
func TestBlindSpotsFromUnread(t *testing.T) {
	type check struct {
		repo  string
		facts []string
		want  bool
	}
	tests := []struct {
		name   string
		unread []string
		gaps   []string
		checks []check
	}{
		{
			name:   "credentials of one repository",
			unread: []string{"credentials:acme/app"},
			// the sentence's words (environment, secrets, branch) no longer count
			gaps: []string{"acme/app: secrets of environment production on branch main: GitHub answered 403; the token needs Environments: read"},
			checks: []check{
				{"acme/app", []string{factSecrets}, true},
				{"acme/app", []string{factTokens}, true},
				{"acme/app", []string{factEnvironments, factProtection, factPipelines}, false},
				{"acme/web", []string{factSecrets, factTokens}, false},
				{"", []string{factSecrets}, true}, // an org secret's exposure spans repositories
				{"", []string{factSettings, factProtection}, false},
			},
		},
		{
			name:   "repository listing",
			unread: []string{"repositories"},
			checks: []check{
				{"acme/app", []string{factProtection}, true},
				{"acme/web", []string{factSettings}, true},
				{"", []string{factPipelines}, true},
				{"", []string{factSettings}, false},
			},
		},
		{
			name:   "owner level",
			unread: []string{"credentials", "runners", "teams"},
			checks: []check{
				{"acme/web", []string{factSecrets}, true},
				{"acme/web", []string{factRunners}, true},
				{"acme/web", []string{factPipelines, factProtection, factEnvironments, factCodeOwners, factSettings}, false},
				{"", []string{factTokens}, true},
			},
		},
		{
			name:   "instance and pipelines",
			unread: []string{"instance", "pipelines:acme/web"},
			checks: []check{
				{"acme/app", []string{factSecrets}, true},
				{"acme/app", []string{factPipelines}, false},
				{"acme/web", []string{factPipelines}, true},
				{"acme/app", []string{factTokens}, false},
			},
		},
		{
			name:   "settings still come from gap sentences",
			unread: []string{"protections:acme/app"},
			gaps: []string{
				"acme/app: only 100 of 120 rulesets were read",
				"acme/web: default workflow permissions: GitHub answered 403; the token needs Administration: read",
			},
			checks: []check{
				{"acme/app", []string{factProtection}, true},
				{"acme/app", []string{factSettings}, false},
				{"acme/web", []string{factSettings}, true},
				{"acme/web", []string{factProtection, factPipelines}, false},
				{"", []string{factSettings}, false},
			},
		},
		{
			name:   "a sentence no unread entry accounts for still counts",
			unread: []string{"codeowners:acme/app"},
			gaps: []string{
				"repositories of secret NPM_TOKEN: GitHub answered 403; the token needs admin:org read",
				"acme/web: .github/workflows/big.yml is larger than 1048576 bytes and was not read",
			},
			checks: []check{
				{"acme/app", []string{factSecrets}, true},
				{"", []string{factSecrets}, true},
				{"acme/web", []string{factPipelines}, true},
				{"acme/app", []string{factPipelines, factProtection, factEnvironments}, false},
			},
		},
		{
			name:   "only unread entries account for a sentence, not other sentences",
			unread: []string{"codeowners:acme/web"},
			gaps: []string{
				"acme/web: .github/workflows/big.yml is larger than 1048576 bytes and was not read",
				"acme/web: environments of .github/workflows/deploy.yml: GitHub answered 502 after retries",
			},
			checks: []check{
				{"acme/web", []string{factPipelines}, true},
				{"acme/web", []string{factEnvironments}, true},
				{"acme/app", []string{factPipelines, factEnvironments}, false},
			},
		},
		{
			name:   "a gap that names nothing known hides settings only",
			unread: []string{"codeowners:acme/app"},
			gaps:   []string{"organization acme: GitHub answered 403; the token needs admin:org read"},
			checks: []check{
				{"acme/web", []string{factSettings}, true},
				{"acme/web", []string{factPipelines, factSecrets}, false},
				{"acme/app", []string{factCodeOwners}, true},
			},
		},
		{
			name:   "an unknown part hides everything of its repository",
			unread: []string{"wikis:acme/app"},
			checks: []check{
				{"acme/app", []string{factPipelines}, true},
				{"acme/web", []string{factPipelines}, false},
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture("GITHUB")
			f.repo("acme/app")
			f.repo("acme/web")
			f.s.complete, f.s.unread, f.s.gaps = false, tc.unread, tc.gaps
			b := f.s.blindSpots()
			for _, c := range tc.checks {
				if got := b.hides(c.repo, c.facts); got != c.want {
					t.Errorf("hides(%q, %v) = %v, want %v (blind spots %v)", c.repo, c.facts, got, c.want, b)
				}
			}
		})
	}
}
