package analysis

import (
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"sort"
)

// SARIF 2.1.0, the subset privgraph writes.
type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool    sarifTool     `json:"tool"`
	Results []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	InformationURI string      `json:"informationUri,omitempty"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string         `json:"id"`
	Name                 string         `json:"name,omitempty"`
	ShortDescription     sarifText      `json:"shortDescription"`
	DefaultConfiguration sarifConfig    `json:"defaultConfiguration"`
	Properties           map[string]any `json:"properties,omitempty"`
}

type sarifText struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifResult struct {
	RuleID     string          `json:"ruleId"`
	RuleIndex  int             `json:"ruleIndex"`
	Level      string          `json:"level"`
	Message    sarifText       `json:"message"`
	Locations  []sarifLocation `json:"locations,omitempty"`
	Properties map[string]any  `json:"properties,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine int `json:"startLine"`
}

const sarifSchema = "https://json.schemastore.org/sarif-2.1.0.json"

var sarifLevel = map[string]string{Critical: "error", High: "error", Medium: "warning", Low: "note", Info: "note"}

var securitySeverity = map[string]string{Critical: "9.5", High: "8.0", Medium: "5.5", Low: "3.0", Info: "0.0"}

// WriteSARIF writes items as a SARIF 2.1.0 log with one run: every rule of
// the catalogue, one result per item, at its file:line, or at sarifNoFile
// line 1 when the finding is about a setting.
func WriteSARIF(w io.Writer, items []ChecklistItem) error {
	rules, index := sarifRules()
	results := make([]sarifResult, 0, len(items))
	for _, it := range items {
		idx, ok := index[it.Rule]
		if !ok {
			continue
		}
		results = append(results, sarifResultOf(it, idx))
	}
	log := sarifLog{Schema: sarifSchema, Version: "2.1.0", Runs: []sarifRun{{
		Tool:    sarifTool{Driver: sarifDriver{Name: "privgraph", InformationURI: "https://github.com/privgraph/privgraph", Rules: rules}},
		Results: results,
	}}}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(log); err != nil {
		return fmt.Errorf("write sarif report: %w", err)
	}
	return nil
}

func sarifRules() ([]sarifRule, map[string]int) {
	infos := Rules()
	sort.Slice(infos, func(i, j int) bool { return infos[i].ID < infos[j].ID })
	out := make([]sarifRule, len(infos))
	index := map[string]int{}
	for i, r := range infos {
		index[r.ID] = i
		out[i] = sarifRule{
			ID: r.ID, Name: r.ID, ShortDescription: sarifText{Text: r.Description},
			DefaultConfiguration: sarifConfig{Level: sarifLevel[r.Severity]},
			Properties:           map[string]any{"security-severity": securitySeverity[r.Severity], "tags": []string{"security", "ci-cd"}},
		}
	}
	return out, index
}

func sarifResultOf(it ChecklistItem, idx int) sarifResult {
	res := sarifResult{
		RuleID: it.Rule, RuleIndex: idx, Level: sarifLevel[it.Severity],
		Message: sarifText{Text: oneLine(it.Title) + evidenceSuffix(it), Markdown: it.Remediation},
		Properties: map[string]any{
			"severity": it.Severity, "status": it.Status, "security-severity": securitySeverity[it.Severity],
		},
	}
	if it.Repository != "" {
		res.Properties["repository"] = it.Repository
	}
	// GitHub code scanning rejects a result without a location whose uri is
	// set ("locationFromSarifResult: expected at least one location"), so a
	// finding about a setting points at a path that says so, on line 1.
	file, line := it.File, it.Line
	if file == "" {
		file, line = sarifNoFile, 1
		res.Properties["file"] = "none"
	}
	uri := (&url.URL{Path: file}).EscapedPath() // a uri-reference, relative to the repository root
	loc := sarifLocation{PhysicalLocation: sarifPhysical{ArtifactLocation: sarifArtifact{URI: uri}}}
	if line > 0 {
		loc.PhysicalLocation.Region = &sarifRegion{StartLine: line}
	}
	res.Locations = []sarifLocation{loc}
	return res
}

// sarifNoFile is the location of a finding that has no file: a setting of
// the repository, organization or group.
const sarifNoFile = "no file associated with this finding"

func evidenceSuffix(it ChecklistItem) string {
	if it.Evidence == "" {
		return ""
	}
	return " (" + oneLine(it.Evidence) + ")"
}
