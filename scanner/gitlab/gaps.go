package gitlab

import (
	"fmt"
	"sort"
	"strings"
	"sync"
)

// maxGapSubjects is how many groups or projects a gap sentence names.
const maxGapSubjects = 5

// resource describes one kind of thing read from GitLab, for gap sentences.
type resource struct {
	what string // "CI/CD variables"
	need string // what the token needs to read it
}

var (
	resVariables      = resource{"CI/CD variables", "the Maintainer role on projects (Owner on groups)"}
	resAccessTokens   = resource{"access tokens", "the Maintainer role on projects (Owner on groups)"}
	resDeployTokens   = resource{"deploy tokens", "the Maintainer role on projects (Owner on groups)"}
	resDeployKeys     = resource{"deploy keys", "the Maintainer role"}
	resRunners        = resource{"runners", "the Maintainer role on projects (Owner on groups)"}
	resMembers        = resource{"members", "the Reporter role"}
	resSubgroups      = resource{"subgroups", "the Reporter role on the group"}
	resProtBranches   = resource{"protected branches", "the Maintainer role"}
	resApprovals      = resource{"merge request approval settings", "the Developer role (approval rules are a Premium feature)"}
	resEnvironments   = resource{"environments", "the Reporter role"}
	resProtEnvs       = resource{"protected environments", "the Maintainer role (protected environments are a Premium feature)"}
	resGroupProtEnvs  = resource{"group protected environments", "the Owner role (a Premium feature)"}
	resJobToken       = resource{"CI/CD job token settings", "the Maintainer role"}
	resCIConfig       = resource{"CI configuration files", "the Reporter role and the read_api scope"}
	resCodeOwners     = resource{"CODEOWNERS files", "the Reporter role and the read_api scope"}
	resInstanceVars   = resource{"instance CI/CD variables", "an administrator's token"}
	resInstanceRunner = resource{"instance runners", "an administrator's token"}
)

// gaps collects what could not be read, grouped by resource and status so
// that 1,000 projects without access make one sentence, not 1,000.
type gaps struct {
	mu      sync.Mutex
	entries map[string]*gapEntry
	plain   []string
}

type gapEntry struct {
	res      resource
	status   int
	subjects []string
}

func newGaps() *gaps { return &gaps{entries: map[string]*gapEntry{}} }

// add records a 403/404 on res for subject (a group or project path).
func (g *gaps) add(res resource, status int, subject string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	key := fmt.Sprintf("%s|%d", res.what, status)
	e := g.entries[key]
	if e == nil {
		e = &gapEntry{res: res, status: status}
		g.entries[key] = e
	}
	e.subjects = append(e.subjects, subject)
}

// note records a sentence as it is.
func (g *gaps) note(sentence string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.plain = append(g.plain, sentence)
}

// sentences returns one sentence per gap, in a stable order.
func (g *gaps) sentences() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	out := append([]string(nil), g.plain...)
	for _, e := range g.entries {
		out = append(out, e.sentence())
	}
	sort.Strings(out)
	return out
}

func (e *gapEntry) sentence() string {
	subs := append([]string(nil), e.subjects...)
	sort.Strings(subs)
	named := subs
	if len(named) > maxGapSubjects {
		named = named[:maxGapSubjects]
	}
	list := strings.Join(named, ", ")
	if n := len(subs) - len(named); n > 0 {
		list += fmt.Sprintf(" and %d more", n)
	}
	of := "of " + list
	if len(subs) > 1 {
		of = fmt.Sprintf("of %d groups or projects (%s)", len(subs), list)
	}
	return fmt.Sprintf("GitLab answered %d for the %s %s; reading them needs %s.", e.status, e.res.what, of, e.res.need)
}
