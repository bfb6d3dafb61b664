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
		return "UN"
	}
	if len(stage) < 2 {
		return stage
	}
	return stage[:2]
}

// cellWords is a matrix cell's state in words, as the legend says it.
func cellWords(state string) string {
	switch state {
	case "needed":
		return "needed"
	case "unneeded":
		return "exposed, not needed"
	}
	return "not exposed"
}
