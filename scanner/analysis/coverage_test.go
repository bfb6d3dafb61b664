package analysis

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestBlindSpots(t *testing.T) {
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
