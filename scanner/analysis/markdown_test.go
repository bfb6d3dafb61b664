package analysis

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
)

// TestWriteMarkdownHostileNames: names from the scanned side (a repository,
// a job, a triage reason) cannot add checklist items, HTML or terminal
// escapes to the checklist a team pastes into an issue.
func TestWriteMarkdownHostileNames(t *testing.T) {
	job := "deploy\n- [x] FORGED: nothing to do here <img src=https://evil.example/p.gif>\n1. [ ] forged too"
	items := []ChecklistItem{{
		Rule: "secret-in-untrusted-trigger", Severity: Critical, Status: "ACCEPTED",
		Repository:     "acme/evil\x1b]0;PWNED\x07\u009b31m\u202egpj.exe",
		Title:          "Job `" + job + "` runs <b>pull-request</b> code, `<kept>` in a span, `` ` `` tick",
		Evidence:       "ci.yml:3\r- [x] forged evidence",
		AcceptedBy:     "alice\n- [x] forged",
		AcceptedReason: "fine\n- [x] forged reason <details>",
		AcceptedUntil:  "2027-01-31",
		Remediation: "If job `" + job + "` must stay, set:\n\n```yaml\npermissions: {}\nuses: a/b@<sha>\n```\n\n" +
			"Then <a href=x>ask</a>.",
	}}
	var b bytes.Buffer
	if err := WriteMarkdown(&b, "Checklist\n- [x] forged title", items); err != nil {
		t.Fatal(err)
	}
	md := b.String()
	task := regexp.MustCompile(`(?m)^[ \t]*(?:[-*+]|\d+[.)])[ \t]+\[[ xX]\]`)
	if got := task.FindAllString(md, -1); len(got) != 1 || got[0] != "- [ ]" {
		t.Errorf("checklist items %q, want the one real item:\n%s", got, md)
	}
	for _, bad := range []string{"\x1b", "\x07", "\u009b", "\u202e", "\r", "<b>", "<details>", "<a href"} {
		if strings.Contains(md, bad) {
			t.Errorf("the checklist holds %q:\n%s", bad, md)
		}
	}
	for _, want := range []string{
		`## acme/evil\x1b]0;PWNED\x07\u009b31m\u202egpj.exe`, // shown, not sent (nor reordered)
		"`<kept>`",                  // a code span shows its text as written
		"    uses: a/b@<sha>\n",     // and so does a code block
		"&lt;b>pull-request&lt;/b>", // HTML outside spans is text
		"    Then &lt;a href=x>ask&lt;/a>.",
		"\n    \\- [x] FORGED: nothing to do here &lt;img", // a line of its own, but no item
		"\n    1\\. [ ] forged too",
		"`deploy - [x] FORGED: nothing to do here <img src=https://evil.example/p.gif> 1. [ ] forged too`", // on one line, in its span
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the checklist lacks %q:\n%s", want, md)
		}
	}
}

// TestWriteMarkdownOwnerGroups: organization-level items of a GitHub
// organization and a GitLab group with the same name get a heading each.
func TestWriteMarkdownOwnerGroups(t *testing.T) {
	items := []ChecklistItem{
		{Rule: "variable-unprotected", Severity: High, Status: "OPEN", Title: "gitlab one", Owner: "demo", Platform: "GITLAB"},
		{Rule: "org-secret-visibility-too-broad", Severity: Medium, Status: "OPEN", Title: "github one", Owner: "demo", Platform: "GITHUB"},
		{Rule: "secret-unused", Severity: Low, Status: "OPEN", Title: "github two", Owner: "demo", Platform: "GITHUB"},
		{Rule: "secret-unused", Severity: Low, Status: "OPEN", Title: "repo one", Repository: "demo/api"},
	}
	sortItems(items)
	var b bytes.Buffer
	if err := WriteMarkdown(&b, "x", items); err != nil {
		t.Fatal(err)
	}
	md := b.String()
	gh, gl, repo := strings.Index(md, "## demo (GitHub organization settings)"), strings.Index(md, "## demo (GitLab group settings)"), strings.Index(md, "## demo/api")
	if gh < 0 || gl < 0 || repo < 0 || strings.Count(md, "\n## ") != 3 {
		t.Fatalf("want one heading each for the GitHub organization, the GitLab group and the repository:\n%s", md)
	}
	if !(gh < strings.Index(md, "github one") && strings.Index(md, "github two") < gl && gl < strings.Index(md, "gitlab one")) {
		t.Errorf("items are not under their own heading:\n%s", md)
	}
}
