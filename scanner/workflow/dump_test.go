package workflow

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var dumpFile = flag.String("dump", "", "print the parse of testdata/<repo-dir>:<path> as JSON")

func TestDump(t *testing.T) {
	if *dumpFile == "" {
		t.Skip("no -dump")
	}
	repo, p, _ := cutColon(*dumpFile)
	c := corpusFile{repo: filepath.Join("testdata", repo), path: p}
	pl := parseCorpusFile(t, c)
	b, _ := json.MarshalIndent(pl, "", " ")
	os.Stdout.Write(b)
}

func cutColon(s string) (string, string, bool) {
	for i := range s {
		if s[i] == ':' {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}
