package ui

import "strings"

// joinStages lists values with commas, or a dash when there are none.
func joinStages(v []string) string {
	if len(v) == 0 {
		return "—"
	}
	return strings.Join(v, ", ")
}

// abbrev is a stage's two-letter column head.
func abbrev(stage string) string {
	if stage == "UNKNOWN" {
		return "??"
	}
	if len(stage) < 2 {
		return stage
	}
	return stage[:2]
}
