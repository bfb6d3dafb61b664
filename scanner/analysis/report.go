package analysis

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Report formats of `privgraph report`.
const (
	FormatMarkdown = "markdown"
	FormatJSON     = "json"
	FormatSARIF    = "sarif"
)

// JSONReport is the stable JSON shape of `privgraph report --format json`.
// Fields are only ever added.
type JSONReport struct {
	Version  int             `json:"version"` // 1
	Title    string          `json:"title"`
	Counts   map[string]int  `json:"counts"` // by severity, lower case
	Findings []ChecklistItem `json:"findings"`
}

// WriteJSON writes items as a JSONReport (indented, one trailing newline).
func WriteJSON(w io.Writer, title string, items []ChecklistItem) error {
	if items == nil {
		items = []ChecklistItem{}
	}
	counts := map[string]int{"critical": 0, "high": 0, "medium": 0, "low": 0, "info": 0}
	for _, it := range items {
		counts[strings.ToLower(it.Severity)]++
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(JSONReport{Version: 1, Title: title, Counts: counts, Findings: items}); err != nil {
		return fmt.Errorf("write json report: %w", err)
	}
	return nil
}

// ThresholdError says that findings at or above the --fail-on severity
// exist; the CLI maps it to exit code 1.
type ThresholdError struct {
	Severity string
	Count    int
}

func (e *ThresholdError) Error() string {
	return fmt.Sprintf("%d finding(s) at or above severity %s", e.Count, strings.ToLower(e.Severity))
}

// CheckFailOn returns a *ThresholdError when an OPEN item is at least as
// severe as min ("" disables the check; ACCEPTED findings never fail it).
func CheckFailOn(items []ChecklistItem, min string) error {
	if min == "" {
		return nil
	}
	if _, ok := severityRank[upper(min)]; !ok {
		return &ValidationError{Field: "fail-on", Reason: fmt.Sprintf("unknown severity %q (critical, high, medium, low or info)", min)}
	}
	n := 0
	for _, it := range items {
		if it.Status == "OPEN" && SeverityAtLeast(it.Severity, min) {
			n++
		}
	}
	if n > 0 {
		return &ThresholdError{Severity: upper(min), Count: n}
	}
	return nil
}

// Write writes items in format (markdown, json or sarif).
func Write(w io.Writer, format, title string, items []ChecklistItem) error {
	switch strings.ToLower(format) {
	case FormatMarkdown, "md", "":
		return WriteMarkdown(w, title, items)
	case FormatJSON:
		return WriteJSON(w, title, items)
	case FormatSARIF:
		return WriteSARIF(w, items)
	}
	return &ValidationError{Field: "format", Reason: fmt.Sprintf("unknown format %q (markdown, json or sarif)", format)}
}
