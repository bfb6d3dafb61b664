package gitlab

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/privgraph/privgraph/scanner"
)

// maxGapSubjects is how many groups or projects a gap sentence names.
const maxGapSubjects = 5

// resource describes one kind of thing read from GitLab, for gap sentences
// and for Facts.Unread.
type resource struct {
	what string // "CI/CD variables"
	need string // what the token needs to read it
	// parts are the parts of the inventory left unread when it cannot be
	// read (scanner.Unread.What), so that Ingest keeps what an earlier scan
	// found there.
	parts []string
}

var credentialsPart = []string{"credentials"}

var (
	resProjects       = resource{"projects", "the Reporter role on the group", []string{"repositories"}}
	resVariables      = resource{"CI/CD variables", "the Maintainer role on projects (Owner on groups)", credentialsPart}
	resAccessTokens   = resource{"access tokens", "the Maintainer role on projects (Owner on groups)", credentialsPart}
	resDeployTokens   = resource{"deploy tokens", "the Maintainer role on projects (Owner on groups)", credentialsPart}
	resDeployKeys     = resource{"deploy keys", "the Maintainer role", credentialsPart}
	resRunners        = resource{"runners", "the Maintainer role on projects (Owner on groups)", []string{"runners"}}
	resMembers        = resource{"members", "the Reporter role", []string{"identities"}}
	resSubgroups      = resource{"subgroups", "the Reporter role on the group", []string{"credentials", "identities", "runners"}}
	resProtBranches   = resource{"protected branches", "the Maintainer role", []string{"protections"}}
	resProtTags       = resource{"protected tags", "the Maintainer role", []string{"protections"}}
	resApprovals      = resource{"merge request approval settings", "the Developer role (approval rules are a Premium feature)", []string{"protections"}}
	resEnvironments   = resource{"environments", "the Reporter role", []string{"environments"}}
	resProtEnvs       = resource{"protected environments", "the Maintainer role (protected environments are a Premium feature)", []string{"environments"}}
	resGroupProtEnvs  = resource{"group protected environments", "the Owner role (a Premium feature)", nil}
	resJobToken       = resource{"CI/CD job token settings", "the Maintainer role", nil}
	resCIConfig       = resource{"CI configuration files", "the Reporter role and the read_api scope", []string{"pipelines"}}
	resCodeOwners     = resource{"CODEOWNERS files", "the Reporter role and the read_api scope", []string{"codeowners"}}
	resInstanceVars   = resource{"instance CI/CD variables", "an administrator's token", []string{"instance"}}
	resInstanceRunner = resource{"instance runners", "an administrator's token", []string{"runners"}}
)

// gaps collects what could not be read, grouped by resource and status so
// that 1,000 projects without access make one sentence, not 1,000.
type gaps struct {
	mu      sync.Mutex
	entries map[string]*gapEntry
	plain   []string
	unread  map[scanner.Unread]bool
}

type gapEntry struct {
	res      resource
	status   int
	subjects []string
}

func newGaps() *gaps {
	return &gaps{entries: map[string]*gapEntry{}, unread: map[scanner.Unread]bool{}}
}

// add records a 403/404 on res for subject (a group or project path); repo
// is the project's full name when the resource belongs to one.
func (g *gaps) add(res resource, status int, subject, repo string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, part := range res.parts {
		u := scanner.Unread{What: part}
		if part != "runners" && part != "identities" && part != "repositories" {
			u.Repository = repo // runners and identities are owner-level rows
		}
		g.unread[u] = true
	}
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

// unreadParts returns the parts of the inventory left unread, sorted.
func (g *gaps) unreadParts() []scanner.Unread {
	g.mu.Lock()
	defer g.mu.Unlock()
	out := make([]scanner.Unread, 0, len(g.unread))
	for u := range g.unread {
		out = append(out, u)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Repository != out[j].Repository {
			return out[i].Repository < out[j].Repository
		}
		return out[i].What < out[j].What
	})
	return out
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
