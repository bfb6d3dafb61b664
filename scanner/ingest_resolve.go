package scanner

import (
	"context"
	"path"
	"strings"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/scanner/workflow"
)

// credentialIndex finds the credential a reference binds to, by the
// platform's precedence rules.
type credentialIndex struct {
	// owner holds owner- and instance-level credentials by owner name
	// ("" = instance).
	owner map[string][]indexed
	// repo holds repository- and environment-level credentials by repo key.
	repo map[string][]indexed
}

type indexed struct {
	c  Credential
	id int
}

func newCredentialIndex() *credentialIndex {
	return &credentialIndex{owner: map[string][]indexed{}, repo: map[string][]indexed{}}
}

func (x *credentialIndex) addOwner(ownerName, target string, c Credential, id int) {
	k := ownerName
	if k == "" {
		k = target
	}
	if c.Scope == ScopeInstance {
		k = ""
	}
	x.owner[k] = append(x.owner[k], indexed{c, id})
}

func (x *credentialIndex) addRepo(repoKey string, c Credential, id int) {
	x.repo[repoKey] = append(x.repo[repoKey], indexed{c, id})
}

// resolve returns the id of the credential a reference reads, creating an
// UNKNOWN-scope credential in the repository when none of the scopes the
// scan could read holds it (always so in local scans). 0 means: not a
// credential (e.g. a platform variable).
func (w *writer) resolve(ctx context.Context, st *repoState, j *workflow.Job, ref workflow.Reference) (int, error) {
	switch ref.Kind {
	case workflow.RefGitHubToken:
		return w.implicit(ctx, st, Credential{Kind: GitHubToken, Name: "GITHUB_TOKEN", Scope: ScopeRepository, Active: true})
	case workflow.RefExternalSecret:
		return w.implicit(ctx, st, Credential{Kind: ExternalSecret, Name: ref.Name, Scope: ScopeUnknown})
	case workflow.RefJenkinsCredential:
		return w.implicit(ctx, st, Credential{Kind: JenkinsCredential, Name: ref.Name, Scope: ScopeUnknown})
	case workflow.RefVariable:
		if id := w.findGitLab(st, j, ref.Name); id != 0 {
			return id, nil
		}
		return w.implicit(ctx, st, Credential{Kind: CIVariable, Name: ref.Name, Scope: ScopeUnknown})
	default:
		if id := w.findGitHub(st, j, ref.Name); id != 0 {
			return id, nil
		}
		return w.implicit(ctx, st, Credential{Kind: ActionsSecret, Name: ref.Name, Scope: ScopeUnknown})
	}
}

// implicit returns (creating it once) a repository-level credential that no
// API listed: the GITHUB_TOKEN, or a reference of unknown scope.
func (w *writer) implicit(ctx context.Context, st *repoState, c Credential) (int, error) {
	key := CredentialKey(st.key, c)
	if id, ok := w.repoIDsSeen(key); ok {
		return id, nil
	}
	ownerID, _ := w.ownerOf(st.owner)
	id, err := w.writeCredential(ctx, st.key, c, func(m *ent.CredentialMutation) {
		m.SetRepositoryID(st.id)
		m.SetOwnerID(ownerID)
		m.ClearEnvironment()
	})
	if err != nil {
		return 0, err
	}
	w.implicitIDs[key] = id
	return id, nil
}

func (w *writer) repoIDsSeen(key string) (int, bool) {
	id, ok := w.implicitIDs[key]
	return id, ok
}

// findGitHub applies GitHub's precedence: environment secret of the job's
// environment, then repository secret, then an organization secret visible
// to the repository.
func (w *writer) findGitHub(st *repoState, j *workflow.Job, name string) int {
	up := strings.ToUpper(name)
	env := lower(j.Environment)
	var repoHit int
	for _, x := range w.creds.repo[st.key] {
		if x.c.Kind != ActionsSecret || strings.ToUpper(x.c.Name) != up {
			continue
		}
		if x.c.Scope == ScopeEnvironment {
			if env != "" && lower(x.c.Environment) == env {
				return x.id
			}
			continue
		}
		repoHit = x.id
	}
	if repoHit != 0 {
		return repoHit
	}
	for _, x := range w.creds.owner[w.f.Owner.Name] {
		if x.c.Kind == ActionsSecret && strings.ToUpper(x.c.Name) == up && visibleTo(x.c, st.r) {
			return x.id
		}
	}
	return 0
}

// visibleTo reports whether an organization secret reaches a repository.
func visibleTo(c Credential, r *Repository) bool {
	switch c.Visibility {
	case "", "all":
		return true
	case "private":
		return r.Visibility != "public"
	case "selected":
		for _, s := range c.SelectedRepositories {
			if strings.EqualFold(s, r.FullName) || strings.EqualFold(s, path.Base(r.FullName)) {
				return true
			}
		}
	}
	return false
}

// findGitLab applies GitLab's precedence: project variable, then the
// groups from the nearest up, then the instance; at each level a variable
// whose environment scope matches the job's environment, the most specific
// scope first.
func (w *writer) findGitLab(st *repoState, j *workflow.Job, name string) int {
	env := j.Environment
	if id := bestScope(w.creds.repo[st.key], name, env); id != 0 {
		return id
	}
	for g := st.owner; ; g = parentGroup(g) {
		owner := g
		if owner == "" {
			owner = w.f.Owner.Name
		}
		if id := bestScope(w.creds.owner[owner], name, env); id != 0 {
			return id
		}
		if g == "" || !strings.Contains(g, "/") {
			break
		}
	}
	return bestScope(w.creds.owner[""], name, env)
}

func parentGroup(g string) string {
	if i := strings.LastIndexByte(g, '/'); i >= 0 {
		return g[:i]
	}
	return ""
}

// bestScope picks the variable named name whose environment scope matches
// env: an exact scope beats a wildcard, a wildcard beats "*".
func bestScope(xs []indexed, name, env string) int {
	best, bestRank := 0, -1
	for _, x := range xs {
		if x.c.Kind != CIVariable || x.c.Name != name {
			continue
		}
		rank := scopeRank(x.c.EnvironmentScope, env)
		if rank > bestRank {
			best, bestRank = x.id, rank
		}
	}
	return best
}

// scopeRank: -1 no match, 0 "*", 1 wildcard match, 2 exact.
func scopeRank(scope, env string) int {
	switch {
	case scope == "" || scope == "*":
		return 0
	case env == "":
		return -1
	case scope == env:
		return 2
	}
	if WildcardMatch(scope, env) {
		return 1
	}
	return -1
}

// WildcardMatch matches GitLab environment scopes: `*` stands for any run of
// characters, slashes included (review/* matches review/feature/x).
func WildcardMatch(pattern, s string) bool {
	parts := strings.Split(pattern, "*")
	if len(parts) == 1 {
		return pattern == s
	}
	if !strings.HasPrefix(s, parts[0]) {
		return false
	}
	s = s[len(parts[0]):]
	for i, p := range parts[1:] {
		last := i == len(parts)-2
		if last {
			return strings.HasSuffix(s, p)
		}
		j := strings.Index(s, p)
		if j < 0 {
			return false
		}
		s = s[j+len(p):]
	}
	return true
}
