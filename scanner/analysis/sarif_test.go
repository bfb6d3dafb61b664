package analysis

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/privgraph/privgraph/ent"
)

// sarifValidator compiles the SARIF 2.1.0 schema in testdata (see
// testdata/NOTICE) with format assertions on.
func sarifValidator(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "sarif-2.1.0-rtm.5.json"))
	if err != nil {
		t.Fatalf("open SARIF schema: %v", err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatalf("read SARIF schema: %v", err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	const loc = "file:///testdata/sarif-2.1.0-rtm.5.json"
	if err := c.AddResource(loc, doc); err != nil {
		t.Fatalf("add SARIF schema: %v", err)
	}
	sch, err := c.Compile(loc)
	if err != nil {
		t.Fatalf("compile SARIF schema: %v", err)
	}
	return sch
}

func validateSARIF(t *testing.T, sch *jsonschema.Schema, data []byte) error {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("SARIF is not JSON: %v", err)
	}
	return sch.Validate(v)
}

// TestWriteSARIFValidates validates WriteSARIF's output against the SARIF
// 2.1.0 schema: no results, hand-made items (a path with a space, an
// owner-level finding, an unknown rule), and the checklist of an analysed
// organization.
func TestWriteSARIFValidates(t *testing.T) {
	sch := sarifValidator(t)
	c := openDB(t)
	o := seedOrg(t, c)
	if _, err := analyzer(c, testNow).Run(t.Context(), o.scan.ID); err != nil {
		t.Fatalf("Run: %v", err)
	}
	analysed, err := Checklist(t.Context(), c, ChecklistFilter{})
	if err != nil {
		t.Fatalf("Checklist: %v", err)
	}
	if len(analysed) == 0 {
		t.Fatal("the seeded organization produced no checklist item")
	}
	tests := []struct {
		name  string
		items []ChecklistItem
	}{
		{"no results", nil},
		{"hand-made", []ChecklistItem{
			{Rule: "unpinned-action", Severity: "MEDIUM", Status: "OPEN", Title: "x not pinned", File: ".github/workflows/ci.yml", Line: 14, Remediation: "Pin it."},
			{Rule: "default-workflow-permissions-write", Severity: "HIGH", Status: "ACCEPTED", Title: "acme: write default", Repository: ""},
			{Rule: "no-such-rule", Severity: "LOW", Status: "OPEN", Title: "dropped"},
			{Rule: "secret-unused", Severity: "LOW", Status: "OPEN", Title: "y", File: "ci/my pipeline.yml", Line: 0, Repository: "acme/x"},
			{Rule: "injection-in-privileged-job", Severity: "CRITICAL", Status: "OPEN", Title: "z", File: "a/ü#?.yml", Line: 1, Evidence: "line\nbreak"},
		}},
		{"analysed organization", analysed},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := WriteSARIF(&b, tc.items); err != nil {
				t.Fatalf("WriteSARIF: %v", err)
			}
			if err := validateSARIF(t, sch, b.Bytes()); err != nil {
				t.Errorf("WriteSARIF output does not validate against the SARIF 2.1.0 schema:\n%v", err)
			}
			checkGitHubIngestion(t, b.Bytes())
		})
	}
}

// checkGitHubIngestion applies what GitHub code scanning demands beyond the
// schema: every result has a location with a non-empty uri (SARIF
// validator rule GH1001; GitHub answers "locationFromSarifResult: expected
// at least one location" otherwise).
func checkGitHubIngestion(t *testing.T, data []byte) {
	t.Helper()
	var log sarifLog
	if err := json.Unmarshal(data, &log); err != nil {
		t.Fatalf("SARIF is not JSON: %v", err)
	}
	for _, run := range log.Runs {
		for i, r := range run.Results {
			if len(r.Locations) == 0 || r.Locations[0].PhysicalLocation.ArtifactLocation.URI == "" {
				t.Errorf("result %d (%s) has no location with a uri: GitHub code scanning rejects the file", i, r.RuleID)
			}
		}
	}
}

// TestSARIFValidatorRejects proves the validator is live: outputs broken in
// ways the schema forbids fail.
func TestSARIFValidatorRejects(t *testing.T) {
	sch := sarifValidator(t)
	var b bytes.Buffer
	if err := WriteSARIF(&b, []ChecklistItem{{Rule: "unpinned-action", Severity: "MEDIUM", Status: "OPEN", Title: "x", File: "ci.yml", Line: 3}}); err != nil {
		t.Fatalf("WriteSARIF: %v", err)
	}
	good := b.String()
	tests := []struct{ name, from, to string }{
		{"unknown level", `"level": "warning"`, `"level": "severe"`},
		{"line 0", `"startLine": 3`, `"startLine": 0`},
		{"wrong version", `"version": "2.1.0"`, `"version": "2.0.0"`},
		{"unknown property", `"ruleId"`, `"ruleName": "x", "ruleId"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if !strings.Contains(good, tc.from) {
				t.Fatalf("output lacks %s", tc.from)
			}
			bad := strings.Replace(good, tc.from, tc.to, 1)
			var probe any
			if err := json.Unmarshal([]byte(bad), &probe); err != nil {
				t.Fatalf("mutated output is not JSON: %v", err)
			}
			if err := validateSARIF(t, sch, []byte(bad)); err == nil {
				t.Errorf("a SARIF log with %s validated", tc.name)
			}
		})
	}
}

// validateChecklistSARIF writes every finding of the DB as SARIF and
// validates it against the schema.
func validateChecklistSARIF(t *testing.T, c *ent.Client) {
	t.Helper()
	items, err := Checklist(t.Context(), c, ChecklistFilter{})
	if err != nil {
		t.Fatalf("Checklist: %v", err)
	}
	var b bytes.Buffer
	if err := WriteSARIF(&b, items); err != nil {
		t.Fatalf("WriteSARIF: %v", err)
	}
	if err := validateSARIF(t, sarifValidator(t), b.Bytes()); err != nil {
		t.Errorf("SARIF of %d findings does not validate against the SARIF 2.1.0 schema:\n%v", len(items), err)
	}
	checkGitHubIngestion(t, b.Bytes())
}
