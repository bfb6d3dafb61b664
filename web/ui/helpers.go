package ui

import "strings"

// joinStages lists values with commas, or a dash when there are none.
func joinStages(v []string) string {
	if len(v) == 0 {
		return "—"
	}
	return strings.Join(v, ", ")
}
