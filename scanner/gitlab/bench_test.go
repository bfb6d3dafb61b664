package gitlab_test

import (
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/privgraph/privgraph/scanner/gitlab"
	"github.com/privgraph/privgraph/scanner/gitlabtest"
)

// BenchmarkScan1000Projects scans a synthetic group of 1,000 projects (10
// subgroups) through the shared transport against the fake with 20 ms of
// latency per request, at the default concurrency (8). It reports requests
// per project, wall time and the peak heap in use during the scan.
func BenchmarkScan1000Projects(b *testing.B) {
	const projects = 1000
	r := newRig(b, gitlabtest.Synthetic(projects), func(o *gitlab.Options) { o.Concurrency = 0 })
	r.srv.SetLatency(20 * time.Millisecond)
	b.ResetTimer()
	for range b.N {
		r.srv.ResetLog()
		var peak atomic.Uint64
		stop := make(chan struct{})
		done := make(chan struct{})
		go func() {
			defer close(done)
			var ms runtime.MemStats
			t := time.NewTicker(20 * time.Millisecond)
			defer t.Stop()
			for {
				runtime.ReadMemStats(&ms)
				if ms.HeapInuse > peak.Load() {
					peak.Store(ms.HeapInuse)
				}
				select {
				case <-stop:
					return
				case <-t.C:
				}
			}
		}()
		start := time.Now()
		f, err := r.scanner.Scan(b.Context(), "bench")
		wall := time.Since(start)
		close(stop)
		<-done
		if err != nil {
			b.Fatal(err)
		}
		if len(f.Repositories) != projects {
			b.Fatalf("scanned %d projects, want %d", len(f.Repositories), projects)
		}
		b.ReportMetric(float64(r.srv.Count("*"))/projects, "requests/project")
		b.ReportMetric(wall.Seconds(), "wall-s")
		b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MB")
	}
}
