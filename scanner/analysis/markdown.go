package analysis

import (
	"bufio"
	"fmt"
	"io"
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
		if it.Repository != group {
			group = it.Repository
			fmt.Fprintf(bw, "\n## %s\n\n", groupTitle(it))
		}
		writeItem(bw, it)
	}
	return bw.Flush()
}

func groupTitle(it ChecklistItem) string {
	if it.Repository != "" {
		return oneLine(it.Repository)
	}
	if it.Owner != "" {
		return oneLine(it.Owner) + " (organization settings)"
	}
	return "Organization settings"
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
		for _, line := range strings.Split(it.Remediation, "\n") {
			if line == "" {
				w.WriteString("\n")
				continue
			}
			w.WriteString("    " + line + "\n")
		}
		w.WriteString("\n")
	}
}

// oneLine keeps text on one Markdown line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
