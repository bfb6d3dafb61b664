package web

import "testing"

func TestSharePct(t *testing.T) {
	tests := []struct{ part, total, want int }{
		{0, 0, 0}, {0, 10, 0}, {4, 6, 67}, {1, 3, 33}, {1, 1000, 1}, {999, 1000, 99}, {10, 10, 100},
	}
	for _, tc := range tests {
		if got := sharePct(tc.part, tc.total); got != tc.want {
			t.Errorf("sharePct(%d, %d) = %d, want %d", tc.part, tc.total, got, tc.want)
		}
	}
}
