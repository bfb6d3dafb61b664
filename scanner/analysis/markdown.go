package analysis

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// WriteMarkdown writes items as a checklist a team can paste into an issue:
// grouped by repository, most severe first, `- [ ]` items with the fix.
// Items should come from Checklist (already in that order).
func WriteMarkdown(w io.Writer, title string, items []ChecklistItem) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "# %s\n\n", oneLine(title))
	if len(items) == 0 {
		bw.WriteString("No open findings.\n")
		return bw.Flush()
	}
	fmt.Fprintf(bw, "%s\n", summary(items))
	group := "\x00"
	for _, it := range items {
		if g := groupKey(it); g != group {
			group = g
			fmt.Fprintf(bw, "\n## %s\n\n", groupTitle(it))
		}
		writeItem(bw, it)
	}
	return bw.Flush()
}

// groupKey: items of one repository, or of one organization or group's
// own settings, go under one heading.
func groupKey(it ChecklistItem) string {
	if it.Repository != "" {
		return it.Repository
	}
	return "\x01" + it.Platform + "\x01" + it.Owner
}

func groupTitle(it ChecklistItem) string {
	if it.Repository != "" {
		return oneLine(it.Repository)
	}
	if it.Owner == "" {
		return "Organization settings"
	}
	switch it.Platform {
	case "GITHUB":
		return oneLine(it.Owner) + " (GitHub organization settings)"
	case "GITLAB":
		return oneLine(it.Owner) + " (GitLab group settings)"
	}
	return oneLine(it.Owner) + " (organization settings)"
}

// summary counts items by severity: "2 critical, 3 high".
func summary(items []ChecklistItem) string {
	counts := map[string]int{}
	for _, it := range items {
		counts[it.Severity]++
	}
	var parts []string
	for _, s := range []string{Critical, High, Medium, Low, Info} {
		if counts[s] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", counts[s], strings.ToLower(s)))
		}
	}
	return fmt.Sprintf("%d findings: %s.", len(items), strings.Join(parts, ", "))
}

func writeItem(w *bufio.Writer, it ChecklistItem) {
	box := " "
	if it.Done {
		box = "x"
	}
	fmt.Fprintf(w, "- [%s] **%s** `%s`: %s\n", box, it.Severity, it.Rule, oneLine(it.Title))
	if it.Evidence != "" {
		fmt.Fprintf(w, "  - Evidence: %s\n", oneLine(it.Evidence))
	}
	if it.Status == "ACCEPTED" {
		fmt.Fprintf(w, "  - Accepted by %s until %s: %s\n", oneLine(it.AcceptedBy), it.AcceptedUntil, oneLine(it.AcceptedReason))
	}
	if it.ScopeAssumed {
		w.WriteString("  - Scope assumed: a local scan does not know where the secret is stored; the platform default (every job of the repository) was assumed.\n")
	}
	if it.Remediation != "" {
		w.WriteString("  - Fix:\n\n")
		w.WriteString(markdownBlock(it.Remediation, "    "))
		w.WriteString("\n")
	}
}

// markdownBlock indents Markdown text (a finding's remediation) by indent,
// line by line, safe to paste: names interpolated into it may hold
// newlines, so outside its code blocks no line may start a list item (a
// checklist item of its own), a heading or a quote, and HTML outside code
// is escaped; control characters are shown as Go escapes.
func markdownBlock(text, indent string) string {
	var b strings.Builder
	fence := ""
	for _, line := range strings.Split(text, "\n") {
		if line == "" {
			b.WriteString("\n")
			continue
		}
		line = visible(line)
		if fence == "" {
			if f := fenceOf(line); f != "" {
				fence = f
			} else {
				line = blockMarker.ReplaceAllString(escapeHTML(line), `$1\$2$3`)
			}
		} else if f := fenceOf(line); f != "" && strings.HasPrefix(f, fence) && strings.TrimSpace(line) == f {
			fence = ""
		}
		b.WriteString(indent + line + "\n")
	}
	return b.String()
}

// oneLine makes scanned text (a repository, job or environment name, a
// finding's title, a triage reason) safe on one line of a Markdown
// checklist: on one line, its control characters shown as Go escapes, and
// HTML outside code spans escaped.
func oneLine(s string) string {
	return escapeHTML(visible(strings.Join(strings.Fields(s), " ")))
}

// blockMarker matches what starts a Markdown block at the start of a line:
// a list item (-, *, +, 1. or 1)), a heading (#) or a quote (>). The
// replacement escapes the marker's last character.
var blockMarker = regexp.MustCompile(`^(\s*\d{0,9})([-*+#>.)])(\s|$)`)

// fenceOf returns the fence (``` or ~~~, as long as written) that line
// opens or closes, or "".
func fenceOf(line string) string {
	t := strings.TrimLeft(line, " ")
	for _, c := range []string{"`", "~"} {
		n := len(t) - len(strings.TrimLeft(t, c))
		if n >= 3 {
			return t[:n]
		}
	}
	return ""
}

// isControl reports the characters a checklist must not carry raw: C0
// controls but tab, DEL, the C1 controls, and the bidirectional embedding,
// override and isolate controls that make text display in another order
// than it reads ("Trojan Source").
func isControl(r rune) bool {
	return r < 0x20 && r != '\t' || r == 0x7f || r >= 0x80 && r <= 0x9f || isBidiControl(r)
}

// isBidiControl: U+202A–U+202E (embeddings, overrides) and U+2066–U+2069
// (isolates).
func isBidiControl(r rune) bool {
	return r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069
}

// visible writes control characters as Go escapes (\x1b, \u009b): a
// checklist printed on a terminal cannot send it escape sequences.
func visible(s string) string {
	if !strings.ContainsFunc(s, isControl) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r < 0x80 && isControl(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		case isControl(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// escapeHTML writes < as &lt; outside code spans, so that scanned text
// cannot add HTML (an image, a hidden block) to the issue a checklist is
// pasted into; inside a code span it shows as written. A backtick in a name
// that ends a span early leaves the rest outside, and escaped.
func escapeHTML(s string) string {
	if !strings.Contains(s, "<") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		switch s[i] {
		case '`':
			n := 1
			for i+n < len(s) && s[i+n] == '`' {
				n++
			}
			if end := closingTicks(s, i+n, n); end >= 0 {
				b.WriteString(s[i:end])
				i = end
				continue
			}
			b.WriteString(s[i : i+n])
			i += n
		case '<':
			b.WriteString("&lt;")
			i++
		default:
			b.WriteByte(s[i])
			i++
		}
	}
	return b.String()
}

// closingTicks returns the index just after the run of exactly n backticks
// that closes a code span opened before from, or -1.
func closingTicks(s string, from, n int) int {
	for i := from; i < len(s); {
		if s[i] != '`' {
			i++
			continue
		}
		m := 1
		for i+m < len(s) && s[i+m] == '`' {
			m++
		}
		if m == n {
			return i + m
		}
		i += m
	}
	return -1
}
