package workflow

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

func TestZZDump(t *testing.T) {
	if os.Getenv("ZZDUMP") == "" {
		t.Skip()
	}
	seen := map[string]bool{}
	for _, l := range stageLabels {
		seen[l.file+"|"+l.job] = true
	}
	for _, l := range stageLabelsHeldOut {
		seen[l.file+"|"+l.job] = true
	}
	var b strings.Builder
	for _, c := range corpus(t) {
		p := parseCorpusFile(t, c)
		for _, j := range p.Jobs {
			if seen[c.id()+"|"+j.Key] {
				continue
			}
			fmt.Fprintf(&b, "=== %s | %s | name=%q env=%q glstage=%q tier=%q needs=%v trig=%v calls=%s manual=%v if=%q\n", c.id(), j.Key, j.Name, j.Environment, j.Detail.GitLabStage, j.Detail.DeploymentTier, j.Needs, p.Triggers, j.Calls, j.Manual, j.Detail.If)
			for _, st := range j.Detail.Steps {
				if st.Uses != "" {
					fmt.Fprintf(&b, "   uses %s %v\n", st.Uses, st.With)
				}
				if st.Run != "" {
					r := strings.ReplaceAll(st.Run, "\n", " ⏎ ")
					if len(r) > 300 {
						r = r[:300]
					}
					fmt.Fprintf(&b, "   run %s\n", r)
				}
			}
			for _, cj := range j.Detail.CalledJobs {
				fmt.Fprintf(&b, "   called %s %s\n", cj.File, cj.Key)
			}
		}
	}
	os.WriteFile("/tmp/zzdump.txt", []byte(b.String()), 0o644)
}
