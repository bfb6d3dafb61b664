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
	{"approval", factProtection},
	{"team", "teams"}, {"member", "teams"}, // no rule reads teams: such gaps hide nothing
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
		facts := gapFacts(gapSubject(g))
		keys := s.gapRepos(g)
		for _, key := range keys {
			if out[key] == nil {
				out[key] = map[string]bool{}
			}
			for f := range facts {
				out[key][f] = true
			}
		}
	}
	return out
}

// gapFacts maps the words of a gap to fact categories; "*" when none is known.
func gapFacts(subject string) map[string]bool {
	out := map[string]bool{}
	for _, kw := range gapKeywords {
		if strings.Contains(subject, kw.word) {
			out[kw.fact] = true
		}
	}
	if len(out) == 0 {
		out["*"] = true
	}
	return out
}

// gapRepos returns the repositories a gap names, or [""] (the whole owner)
// when it names none or only some of them ("… and 12 more").
func (s *snapshot) gapRepos(g string) []string {
	var out []string
	for _, r := range s.repos {
		if strings.Contains(g, r.r.FullName) {
			out = append(out, r.r.FullName)
		}
	}
	if len(out) == 0 || strings.Contains(g, " more") {
		return []string{""}
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
