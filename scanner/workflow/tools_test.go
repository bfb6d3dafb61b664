package workflow

// Review tools, skipped unless their flag is given, e.g.
//   go test ./scanner/workflow -run TestDump -v -args -dump github/cli__cli:.github/workflows/deployment.yml

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
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

var listJobs = flag.Bool("jobs", false, "print every corpus job with its stage")

func TestListJobs(t *testing.T) {
	if !*listJobs {
		t.Skip("no -jobs")
	}
	for _, c := range corpus(t) {
		p := parseCorpusFile(t, c)
		for _, j := range p.Jobs {
			fmt.Printf("%s\t%s\t%s\t%s\n", c.id(), j.Key, j.Stage, j.StageReason)
		}
	}
}

var summarize = flag.String("summary", "", "print a reading summary of corpus jobs whose id contains this")

func TestSummary(t *testing.T) {
	if *summarize == "" {
		t.Skip("no -summary")
	}
	for _, c := range corpus(t) {
		if !strings.Contains(c.id(), *summarize) {
			continue
		}
		p := parseCorpusFile(t, c)
		for _, j := range p.Jobs {
			fmt.Printf("### %s :: %s (%s) env=%q gl=%q calls=%q trig=%v\n", c.id(), j.Key, j.Name, j.Environment, j.Detail.GitLabStage, j.Calls, p.Triggers)
			n := 0
			for _, st := range j.Detail.Steps {
				if st.File != "" || n > 7 {
					continue
				}
				n++
				if st.Uses != "" {
					fmt.Printf("   U %s %v\n", st.Uses, st.With["args"])
				}
				k := 0
				for _, l := range strings.Split(st.Run, "\n") {
					l = strings.TrimSpace(l)
					if l != "" && !strings.HasPrefix(l, "#") && !strings.HasPrefix(l, "echo") && k < 2 {
						k++
						fmt.Printf("   R %.90s\n", l)
					}
				}
			}
		}
	}
}

var showErrors = flag.Bool("errors", false, "print the parse errors of every corpus file")

func TestCorpusErrors(t *testing.T) {
	if !*showErrors {
		t.Skip("no -errors")
	}
	for _, c := range corpus(t) {
		for _, e := range parseCorpusFile(t, c).Errors {
			fmt.Printf("%s: %v\n", c.id(), e)
		}
	}
}
