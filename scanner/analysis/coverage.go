package analysis

import "strings"

// gapKeywords maps words of a coverage gap to the fact categories it hides.
var gapKeywords = []struct {
	word string
	fact string
}{
	{"secret", factSecrets}, {"variable", factSecrets},
	{"environment", factEnvironments},
	{"protect", factProtection}, {"ruleset", factProtection}, {"branch", factProtection},
	{"codeowners", factCodeOwners},
	{"workflow", factPipelines}, {"content", factPipelines}, {"pipeline", factPipelines},
	{".gitlab-ci", factPipelines}, {"jenkinsfile", factPipelines}, {"file", factPipelines},
	{"permission", factSettings}, {"setting", factSettings},
	{"deploy key", factTokens}, {"token", factTokens}, {"installation", factTokens}, {"github app", factTokens},
	{"runner", factRunners},
}

// blind says which fact categories a partial scan could not see, overall
// ("" key) and per repository full name. A gap that names no known category
// hides everything.
type blind map[string]map[string]bool

func (s *snapshot) blindSpots() blind {
	out := blind{}
	if s.complete {
		return out
	}
	for _, g := range s.gaps {
		key := ""
		for _, r := range s.repos {
			if strings.Contains(g, r.r.FullName) {
				key = r.r.FullName
				break
			}
		}
		if out[key] == nil {
			out[key] = map[string]bool{}
		}
		lg, any := gapSubject(g), false
		for _, kw := range gapKeywords {
			if strings.Contains(lg, kw.word) {
				out[key][kw.fact], any = true, true
			}
		}
		if !any {
			out[key]["*"] = true
		}
	}
	return out
}

// gapSubject is the part of a gap sentence that says what was not read:
// the advice that follows ("the token needs …", "scan again …") is dropped so
// that its words do not count.
func gapSubject(g string) string {
	lg := strings.ToLower(g)
	for _, cut := range []string{"the token needs", "the token cannot", "scan again", "use a "} {
		if i := strings.Index(lg, cut); i >= 0 {
			lg = lg[:i]
		}
	}
	return lg
}

// hides reports whether the gaps hide any of facts for repo (full name, may be "").
func (b blind) hides(repo string, facts []string) bool {
	for _, key := range []string{"", repo} {
		m := b[key]
		if m == nil {
			continue
		}
		if m["*"] {
			return true
		}
		for _, f := range facts {
			if m[f] {
				return true
			}
		}
	}
	return false
}
