package analysis

import (
	"slices"
	"strings"
)

// A partial scan resolves only findings whose facts it could read. What it
// could not read comes from Scan.unread ("what" for the owner level,
// "what:repository full name" otherwise; see scanner.UnreadStrings). Scans
// recorded without unread entries fall back to reading the coverage-gap
// sentences.

// unreadFacts maps the `what` of a Scan.unread entry to the fact categories
// it hides. "repositories" is handled apart; an unknown `what` hides
// everything.
var unreadFacts = map[string][]string{
	"credentials":  {factSecrets, factTokens},
	"instance":     {factSecrets, factRunners}, // instance variables and runners
	"environments": {factEnvironments},
	"protections":  {factProtection},
	"codeowners":   {factCodeOwners},
	"pipelines":    {factPipelines},
	"identities":   {factTokens}, // app installations
	"runners":      {factRunners},
	"teams":        nil, // no rule reads teams
}

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

// Special keys of blind besides repository full names.
const (
	blindAll       = ""          // hides for every finding
	blindOwnerOnly = "\x00owner" // hides for findings of no repository (owner level)
	blindAnyRepo   = "\x00repos" // hides for findings of any repository
)

// blind says which fact categories a partial scan could not see, by key: a
// repository full name, or one of the blind* keys. "*" stands for every
// category.
type blind map[string]map[string]bool

func (b blind) add(key string, facts ...string) {
	if b[key] == nil {
		b[key] = map[string]bool{}
	}
	for _, f := range facts {
		b[key][f] = true
	}
}

func (s *snapshot) blindSpots() blind {
	switch {
	case s.complete:
		return blind{}
	case len(s.unread) > 0:
		return s.unreadSpots()
	}
	return s.gapSpots()
}

// unreadSpots reads Scan.unread. A repository's unread part hides its
// categories for that repository's findings and for owner-level ones (an
// organization secret's exposure spans repositories); an owner-level part
// hides them for every finding. The repository listing itself hides every
// repository finding, and every owner-level one but settings.
//
// Gap sentences still count where Scan.unread cannot speak: settings have
// no unread part (a sentence about settings, or one that names nothing
// known, hides settings), and a sentence none of whose categories an unread
// entry accounts for (a scanner that recorded no entry for it) hides what
// its words name.
func (s *snapshot) unreadSpots() blind {
	out := blind{}
	for _, entry := range s.unread {
		what, repo, _ := strings.Cut(entry, ":")
		facts, known := unreadFacts[what]
		switch {
		case what == "repositories":
			out.add(blindAnyRepo, "*")
			out.add(blindOwnerOnly, factPipelines, factSecrets, factEnvironments, factProtection,
				factCodeOwners, factTokens, factRunners)
			continue
		case !known:
			facts = []string{"*"}
		case len(facts) == 0:
			continue
		}
		if repo == "" {
			out.add(blindAll, facts...)
			continue
		}
		out.add(repo, facts...)
		out.add(blindOwnerOnly, facts...)
	}
	s.addUnexplainedGaps(out, out.clone())
	return out
}

// addUnexplainedGaps adds to out the settings every gap sentence names and
// the categories of the sentences fromUnread does not account for.
func (s *snapshot) addUnexplainedGaps(out, fromUnread blind) {
	for _, g := range s.gaps {
		facts := gapFacts(gapSubject(g))
		if facts["*"] {
			facts = map[string]bool{factSettings: true}
		}
		keys := s.gapRepos(g)
		var rest []string
		for f := range facts {
			if f == factSettings {
				for _, key := range keys {
					out.add(key, factSettings)
				}
				continue
			}
			rest = append(rest, f)
		}
		if explained(fromUnread, keys, rest) {
			continue
		}
		for _, key := range keys {
			out.add(key, rest...)
		}
	}
}

func (b blind) clone() blind {
	out := blind{}
	for k, m := range b {
		out.add(k)
		for f := range m {
			out[k][f] = true
		}
	}
	return out
}

// explained is true when an unread entry already hides one of facts for
// one of keys: the scanner recorded what the sentence is about.
func explained(b blind, keys, facts []string) bool {
	if len(facts) == 0 {
		return true
	}
	for _, key := range keys {
		for _, f := range facts {
			if b.hides(key, []string{f}) {
				return true
			}
		}
	}
	return false
}

// gapSpots reads the coverage-gap sentences, for scans recorded without
// Scan.unread.
func (s *snapshot) gapSpots() blind {
	out := blind{}
	for _, g := range s.gaps {
		facts := gapFacts(gapSubject(g))
		for _, key := range s.gapRepos(g) {
			for f := range facts {
				out.add(key, f)
			}
		}
	}
	return out
}

// gapFacts maps the words of a gap to fact categories; "*" when none is known.
func gapFacts(subject string) map[string]bool {
	out := map[string]bool{}
	// "default workflow permissions" is a setting, not a workflow file
	subject = strings.ReplaceAll(subject, "workflow permission", "permission")
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
		return []string{blindAll}
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

// hides reports whether the scan could not see any of facts for a finding
// of repo (full name; "" for an owner-level finding).
func (b blind) hides(repo string, facts []string) bool {
	keys := []string{blindAll, blindOwnerOnly}
	if repo != "" {
		keys = []string{blindAll, blindAnyRepo, repo}
	}
	for _, key := range keys {
		m := b[key]
		if m == nil {
			continue
		}
		if m["*"] || slices.ContainsFunc(facts, func(f string) bool { return m[f] }) {
			return true
		}
	}
	return false
}
