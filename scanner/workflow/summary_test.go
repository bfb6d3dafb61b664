package workflow

import (
	"flag"
	"fmt"
	"strings"
	"testing"
)

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
