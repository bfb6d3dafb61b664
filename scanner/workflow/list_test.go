package workflow

import (
	"flag"
	"fmt"
	"testing"
)

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
