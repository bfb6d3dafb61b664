package workflow

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkParseCorpus parses every corpus file (GitHub workflows and
// GitLab configurations with their local includes) per iteration and
// reports files per second.
func BenchmarkParseCorpus(b *testing.B) {
	type file struct {
		c       corpusFile
		content []byte
	}
	var files []file
	for _, c := range corpus(b) {
		content, err := os.ReadFile(filepath.Join(c.repo, filepath.FromSlash(c.path)))
		if err != nil {
			b.Fatal(err)
		}
		files = append(files, file{c, content})
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, f := range files {
			Parse(f.c.path, f.content, repoReader(f.c.repo))
		}
	}
	b.ReportMetric(float64(len(files)*b.N)/b.Elapsed().Seconds(), "files/s")
}
