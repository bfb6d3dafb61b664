package github_test

import (
	"fmt"
	"log/slog"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/privgraph/privgraph/migrations/migratetest"
	"github.com/privgraph/privgraph/scanner/github"
	"github.com/privgraph/privgraph/scanner/githubtest"
	"github.com/privgraph/privgraph/scanner/transport"
)

// BenchmarkScanOrganization scans a synthetic organization of 1,000
// repositories (3 workflows and 2 environments each on average) served with
// 20 ms latency, then rescans it unchanged with the ETag cache the CLI uses
// (transport.NewEntCache on a fresh SQLite inventory). It reports
// requests per repository of the full scan, the share of the rescan
// answered 304, wall time of each and peak heap, and logs requests per
// endpoint.
func BenchmarkScanOrganization(b *testing.B) {
	const repos = 1000
	org := githubtest.Synthetic(githubtest.SyntheticOptions{Repos: repos, Teams: 10, OrgSecrets: 20})
	srv := githubtest.NewServer(b, org)
	srv.SetLatency(20 * time.Millisecond)
	for b.Loop() {
		cache := transport.NewEntCache(migratetest.Open(b))
		peak := watchHeap()
		var full, re transport.Stats
		var fullWall, reWall time.Duration
		for i := range 2 {
			s := github.New(github.Options{BaseURL: srv.APIURL, Token: transport.NewToken("bench"), Cache: cache,
				Logger: slog.New(slog.DiscardHandler)})
			start := time.Now()
			f, err := s.Scan(b.Context(), "synthetic")
			if err != nil {
				b.Fatal(err)
			}
			if len(f.Repositories) != repos || len(f.Gaps) != 0 {
				b.Fatalf("scanned %d repositories with gaps %v", len(f.Repositories), f.Gaps)
			}
			if i == 0 {
				full, fullWall = s.Stats(), time.Since(start)
			} else {
				re, reWall = s.Stats(), time.Since(start)
			}
		}
		peakMB := peak()
		b.ReportMetric(float64(full.Requests)/repos, "requests/repo")
		b.ReportMetric(100*float64(re.NotModified)/float64(re.Requests), "%304-rescan")
		b.ReportMetric(fullWall.Seconds(), "s-full-scan")
		b.ReportMetric(reWall.Seconds(), "s-rescan")
		b.ReportMetric(peakMB, "MB-peak-heap")
		b.Logf("full scan: %d requests (%.2f per repository) in %v; rescan: %d requests, %d answered 304 (%.1f%%) in %v; peak heap %.0f MB",
			full.Requests, float64(full.Requests)/repos, fullWall.Round(time.Millisecond), re.Requests, re.NotModified,
			100*float64(re.NotModified)/float64(re.Requests), reWall.Round(time.Millisecond), peakMB)
		// one line: go test shows only the first lines of a benchmark's log.
		b.Logf("requests per endpoint (full scan): %s", endpointTable(full.Endpoints, repos))
	}
}

// watchHeap samples the heap until the returned func is called, which
// returns the peak in MB.
func watchHeap() func() float64 {
	var peak atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapAlloc > peak.Load() {
				peak.Store(m.HeapAlloc)
			}
			select {
			case <-done:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	return func() float64 {
		close(done)
		wg.Wait()
		return float64(peak.Load()) / (1 << 20)
	}
}

func endpointTable(m map[string]int, repos int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return m[keys[i]] > m[keys[j]] || (m[keys[i]] == m[keys[j]] && keys[i] < keys[j]) })
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "%s %d (%.2f/repo); ", k, m[k], float64(m[k])/float64(repos))
	}
	return b.String()
}
