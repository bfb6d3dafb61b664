package local_test

import (
	"path/filepath"
	"testing"

	"github.com/privgraph/privgraph/migrations"
	"github.com/privgraph/privgraph/scanner"
	"github.com/privgraph/privgraph/scanner/local"
)

// BenchmarkScanCorpus scans testdata/corpus (8 repositories, 51 pipeline
// files) into a fresh SQLite file: read, parse, write; no analysis.
func BenchmarkScanCorpus(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		client, err := migrations.Open(b.Context(), filepath.Join(b.TempDir(), "bench.db"))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		s, err := scanner.Run(b.Context(), client, local.New(local.Options{}), scanner.RunOptions{Platform: scanner.Local, Target: "testdata/corpus"})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(s.Pipelines), "files/op")
		b.StopTimer()
		client.Close()
		b.StartTimer()
	}
}
