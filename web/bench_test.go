package web_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/privgraph/privgraph/graph/graphtest"
	"github.com/privgraph/privgraph/migrations/migratetest"
	"github.com/privgraph/privgraph/web"
)

// BenchmarkPages measures server time per page on the synthetic
// 1,000-repository inventory; p95-ms is the 95th percentile.
func BenchmarkPages(b *testing.B) {
	c := migratetest.Open(b)
	inv := graphtest.Seed(b, c, 1000)
	h := web.New(web.Options{Client: c, Now: func() time.Time { return graphtest.Now }})
	pages := []string{"/", "/credentials", "/credentials?over=1&stage=TEST", fmt.Sprintf("/credentials/%d", inv.AWSKey.ID),
		"/repositories", fmt.Sprintf("/repositories/%d", inv.Repo.ID), "/findings", "/findings?team=payments&severity=MEDIUM",
		"/teams/payments", "/scans", fmt.Sprintf("/scans/%d", inv.LatestScan.ID), "/identities"}
	for _, path := range pages {
		b.Run(path, func(b *testing.B) {
			var d []time.Duration
			for b.Loop() {
				req := httptest.NewRequest(http.MethodGet, "http://127.0.0.1:8080"+path, nil)
				rec := httptest.NewRecorder()
				start := time.Now()
				h.ServeHTTP(rec, req)
				d = append(d, time.Since(start))
				if rec.Code != http.StatusOK {
					b.Fatalf("GET %s = %d", path, rec.Code)
				}
			}
			b.ReportMetric(p95(d), "p95-ms")
		})
	}
}

// p95 returns the 95th percentile of d in milliseconds.
func p95(d []time.Duration) float64 {
	if len(d) == 0 {
		return 0
	}
	slices.Sort(d)
	return float64(d[(len(d)*95)/100-boolInt(len(d)*95%100 == 0 && len(d) > 1)]) / float64(time.Millisecond)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
