package analysis

import (
	"sort"
	"strings"
)

// permissionsYAML renders a `permissions:` block from scope:level pairs,
// indented for a job (or for a workflow when indent is "").
func permissionsYAML(pairs []string, indent string) string {
	var b strings.Builder
	b.WriteString("```yaml\n")
	scopes := parsePerms(pairs)
	if len(scopes) == 0 {
		b.WriteString(indent + "permissions: {}\n```")
		return b.String()
	}
	b.WriteString(indent + "permissions:\n")
	keys := make([]string, 0, len(scopes))
	for k := range scopes {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		b.WriteString(indent + "  " + k + ": " + scopes[k] + "\n")
	}
	b.WriteString("```")
	return b.String()
}

// parsePerms turns scope:level pairs into a map, dropping `none` and metadata.
func parsePerms(pairs []string) map[string]string {
	out := map[string]string{}
	for _, p := range pairs {
		k, v, ok := strings.Cut(p, ":")
		if !ok || v == "none" || k == "metadata" {
			continue
		}
		out[k] = v
	}
	return out
}

var levelRank = map[string]int{"none": 0, "": 0, "read": 1, "write": 2, "admin": 3}

// jobPermissionsFix is the remediation paragraph with the block to write for
// one job, computed from what its steps need.
func jobPermissionsFix(j *jobInfo) string {
	var b strings.Builder
	b.WriteString("Give job `" + j.j.Name + "` in `" + j.where() + "` only what its steps need (from the action knowledge base):\n\n")
	b.WriteString(permissionsYAML(j.j.MinimalPermissions, "    "))
	if len(j.j.UnknownSteps) > 0 {
		b.WriteString("\n\nThe needs of " + join(quoteAll(j.j.UnknownSteps)) +
			" are not known; check their documentation and add what they require.")
	}
	return b.String()
}
