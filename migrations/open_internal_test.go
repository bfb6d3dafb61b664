package migrations

import "testing"

// TestPostgresDSNConnectTimeout: an unreachable server must fail in seconds,
// so a URL without connect_timeout gets one; a user's own value is kept.
func TestPostgresDSNConnectTimeout(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"postgres://u:p@db:5432/inv", "postgres://u:p@db:5432/inv?connect_timeout=10"},
		{"postgres://u@db/inv?sslmode=require", "postgres://u@db/inv?connect_timeout=10&sslmode=require"},
		{"postgresql://db/inv?connect_timeout=3", "postgresql://db/inv?connect_timeout=3"},
	} {
		if got := postgresDSN(tc.in); got != tc.want {
			t.Errorf("postgresDSN(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
