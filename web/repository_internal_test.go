package web

import (
	"slices"
	"testing"
)

// TestExcessIgnoresMetadata: a job's token permissions beyond what its steps
// need, as the repository page lists them. metadata: read is granted to
// every GITHUB_TOKEN, so it is never listed; other extras are.
func TestExcessIgnoresMetadata(t *testing.T) {
	for _, tc := range []struct {
		has, minimal, want []string
	}{
		{[]string{"contents:read", "metadata:read"}, []string{"contents:read"}, nil},
		{[]string{"contents:write", "metadata:read", "packages:write"}, []string{"contents:read"}, []string{"contents:write", "packages:write"}},
		{[]string{"contents:read", "issues:none"}, []string{"contents:write"}, nil},
		{[]string{"contents:read"}, nil, nil}, // minimal unknown: nothing is claimed
	} {
		if got := excess(tc.has, tc.minimal); !slices.Equal(got, tc.want) {
			t.Errorf("excess(%v, %v) = %v, want %v", tc.has, tc.minimal, got, tc.want)
		}
	}
}
