package web_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/google/go-cmp/cmp"

	"github.com/privgraph/privgraph/ent/scan"
	"github.com/privgraph/privgraph/graph/graphtest"
	"github.com/privgraph/privgraph/migrations/migratetest"
)

// TestOverviewTrendPerTarget checks that the trend chart draws one line per
// scan target, with a legend, and bounds the number of lines.
func TestOverviewTrendPerTarget(t *testing.T) {
	c := migratetest.Open(t)
	graphtest.Seed(t, c, 0) // GITHUB acme: 3 then 4 open findings
	ctx := t.Context()
	addScan := func(platform, target string, ago time.Duration, findings int) {
		t.Helper()
		c.Scan.Create().SetPlatform(scan.Platform(platform)).SetTarget(target).SetStartedAt(graphtest.Now.Add(-ago)).
			SetFinishedAt(graphtest.Now.Add(-ago + time.Minute)).SetStatus("SUCCEEDED").SetFindings(findings).ExecX(ctx)
	}
	addScan("GITLAB", "acme-group", 72*time.Hour, 9)
	addScan("GITLAB", "acme-group", 30*time.Minute, 2)
	h := newServer(t, c, false)

	_, doc := get(t, h, "/")
	type line struct {
		Name, Class string
		Dots        int
		Svg         bool
	}
	var got []line
	doc.Find(`[data-testid="trend-series"]`).Each(func(_ int, s *goquery.Selection) {
		cls, _ := s.Attr("class")
		got = append(got, line{Name: s.ChildrenFiltered("title").Text(), Class: cls, Dots: s.Find("circle").Length(),
			Svg: s.ParentFiltered("svg").Length() == 1 && s.Find("polyline").Length() == 1})
	})
	want := []line{
		{Name: "GITLAB acme-group", Class: "series s0", Dots: 2, Svg: true}, // scanned most recently
		{Name: "GITHUB acme", Class: "series s1", Dots: 2, Svg: true},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("trend lines (-want +got):\n%s", diff)
	}
	var legend []string
	doc.Find(`[data-testid="trend-legend-item"]`).Each(func(_ int, s *goquery.Selection) {
		cls, _ := s.Find(".swatch").Attr("class")
		legend = append(legend, cls+" "+strings.Join(strings.Fields(s.Text()), " "))
	})
	wantLegend := []string{"swatch s0 GITLAB acme-group (2 open findings)", "swatch s1 GITHUB acme (4 open findings)"}
	if diff := cmp.Diff(wantLegend, legend); diff != "" {
		t.Errorf("legend (-want +got):\n%s", diff)
	}
	// The GitLab line starts left of the GitHub line's last point: x is time
	// order across targets, and its 9 findings are the chart's top (y = 10).
	if pts, _ := doc.Find(`[data-testid="trend-series"].s0 polyline`).Attr("points"); !strings.Contains(pts, ",10 ") {
		t.Errorf("GitLab points = %q, want its 9-finding scan at the top (y=10)", pts)
	}
	if doc.Find(`[data-testid="trend"] script, script`).Length() != 0 {
		t.Error("the overview carries script")
	}
	if doc.Find(`[data-testid="trend-hidden"]`).Length() != 0 {
		t.Error("two targets: none should be hidden")
	}

	for i := range 6 {
		addScan("LOCAL", fmt.Sprintf("/src/r%d", i), time.Duration(i+1)*time.Minute, i)
	}
	_, doc = get(t, h, "/")
	if n := doc.Find(`[data-testid="trend-series"]`).Length(); n != 6 {
		t.Errorf("%d lines for 8 targets, want 6", n)
	}
	if n := doc.Find(`[data-testid="trend-legend-item"]`).Length(); n != 6 {
		t.Errorf("%d legend items, want 6", n)
	}
	if got := doc.Find(`[data-testid="trend-hidden"]`).Text(); !strings.HasPrefix(got, "2 more scan targets") {
		t.Errorf("hidden note = %q, want it to count 2 targets left out", got)
	}
}
