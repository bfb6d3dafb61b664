package workflow

import (
	_ "embed"
	"fmt"
	"maps"
	"regexp"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"
)

//go:embed knowledge/actions.yaml
var actionsYAML []byte

// ActionNeed is one knowledge-base entry: the GITHUB_TOKEN scopes an action
// needs, and when.
type ActionNeed struct {
	Action      string            `yaml:"action" json:"action"`
	Docs        string            `yaml:"docs" json:"docs"`
	Permissions map[string]string `yaml:"permissions" json:"permissions,omitempty"`
	TokenInput  string            `yaml:"token_input" json:"token_input,omitempty"`
	Conditions  []NeedCondition   `yaml:"conditions" json:"conditions,omitempty"`
	None        bool              `yaml:"none" json:"none,omitempty"`
	Unknown     bool              `yaml:"unknown" json:"unknown,omitempty"`
}

// NeedCondition adds scopes when an input matches.
type NeedCondition struct {
	Input       string            `yaml:"input" json:"input"`
	Contains    string            `yaml:"contains" json:"contains,omitempty"`
	Equals      string            `yaml:"equals" json:"equals,omitempty"`
	Missing     bool              `yaml:"missing" json:"missing,omitempty"`
	JobToken    string            `yaml:"job_token" json:"job_token,omitempty"`
	Permissions map[string]string `yaml:"permissions" json:"permissions"`
}

// knowledge is the parsed knowledge base, read once; it is never modified.
var knowledge = sync.OnceValues(func() (map[string]ActionNeed, error) {
	var list []ActionNeed
	if err := yaml.Unmarshal(actionsYAML, &list); err != nil {
		return nil, fmt.Errorf("parse knowledge/actions.yaml: %w", err)
	}
	out := make(map[string]ActionNeed, len(list))
	for _, a := range list {
		out[strings.ToLower(a.Action)] = a
	}
	return out, nil
})

// KnownAction returns the knowledge-base entry of an action
// (owner/name[/path], any case).
func KnownAction(uses string) (ActionNeed, bool) {
	kb, err := knowledge()
	if err != nil {
		return ActionNeed{}, false
	}
	a, ok := kb[strings.ToLower(uses)]
	return a, ok
}

// tokenNeeds fills the job's minimal token permissions from the knowledge
// base of actions.
func (g *ghParser) tokenNeeds(j *Job) {
	j.MinimalPermissions, j.UnknownSteps = minimalPermissions(*j, j.UnknownSteps, g.localActionNeed)
}

// MinimalPermissions returns the GITHUB_TOKEN scopes a job's steps need,
// from the knowledge base, and the steps whose need is unknown (actions
// missing from it, scripts handed the token, unresolved calls).
func MinimalPermissions(job Job) (map[string]string, []string) {
	return minimalPermissions(job, nil, nil)
}

// localResolver reads a local action's needs (nil: local actions are
// unknown).
type localResolver func(Step) (localAction, bool)

func minimalPermissions(job Job, unknown []string, local localResolver) (map[string]string, []string) {
	need := map[string]string{}
	for _, st := range job.Detail.Steps {
		perms, why := stepNeed(st)
		if la, ok := resolveLocal(local, st); ok {
			perms, why = la.need, la.unknown
		}
		if why != "" {
			where := fmt.Sprintf("line %d", st.Line)
			if st.File != "" {
				where = fmt.Sprintf("%s:%d", st.File, st.Line)
			}
			unknown = append(unknown, where+": "+why)
		}
		mergeScopes(need, perms)
	}
	return need, unknown
}

func resolveLocal(local localResolver, st Step) (localAction, bool) {
	if _, ok := LocalUses(st.Uses); local == nil || !ok {
		return localAction{}, false
	}
	return local(st)
}

// stepNeed returns the scopes one step needs, or why that is unknown.
func stepNeed(st Step) (map[string]string, string) {
	switch {
	case st.Uses == "":
		out := map[string]string{}
		if scriptOIDC(st.Run) {
			out["id-token"] = "write"
		}
		if st.Token {
			need, ok := scriptNeed(st.Run)
			if !ok {
				return out, "a script is handed the job token; what it does with it is unknown"
			}
			mergeScopes(out, need)
		}
		return out, ""
	case strings.HasPrefix(st.Uses, "docker://"):
		if st.Token {
			return nil, "container action " + st.Uses + " is handed the job token"
		}
		return nil, ""
	case isLocalUses(st.Uses):
		return nil, "local action " + st.Uses + " is not in the knowledge base"
	}
	a, ok := KnownAction(st.Uses)
	if !ok {
		return nil, "uses " + st.Uses + ", which is not in the knowledge base"
	}
	if a.Unknown {
		if a.TokenInput != "" && st.With[a.TokenInput] != "" && !isJobToken(st.With[a.TokenInput]) {
			return nil, ""
		}
		if strings.EqualFold(st.Uses, "actions/github-script") {
			if need, ok := githubScriptNeed(st.With["script"]); ok && len(st.With["script"]) < maxRun {
				return need, ""
			}
		}
		return nil, "uses " + st.Uses + ", whose need depends on its script"
	}
	out := map[string]string{}
	if a.TokenInput == "" || st.With[a.TokenInput] == "" || isJobToken(st.With[a.TokenInput]) {
		mergeScopes(out, a.Permissions)
	}
	for _, c := range a.Conditions {
		if c.holds(st) {
			for k, v := range c.Permissions {
				if v == "none" {
					delete(out, k)
					continue
				}
				mergeScopes(out, map[string]string{k: v})
			}
		}
	}
	return out, ""
}

func (c NeedCondition) holds(st Step) bool {
	v, set := st.With[c.Input]
	switch {
	case c.Missing:
		if set {
			return false
		}
	case !set:
		return false
	case c.Equals != "" && strings.TrimSpace(v) != c.Equals:
		return false
	case c.Contains != "" && !strings.Contains(v, c.Contains):
		return false
	}
	if c.JobToken != "" {
		return isJobToken(st.With[c.JobToken])
	}
	return true
}

var jobTokenRE = regexp.MustCompile(`(?i)^\$\{\{\s*(github\.token|secrets\.github_token)\s*\}\}$`)

// isJobToken reports an input value that is the job's GITHUB_TOKEN.
func isJobToken(v string) bool {
	return jobTokenRE.MatchString(strings.TrimSpace(v))
}

// mergeScopes raises need to cover add (write > read > none).
func mergeScopes(need, add map[string]string) {
	rank := map[string]int{"none": 0, "read": 1, "write": 2}
	for k, v := range add {
		if rank[v] > rank[need[k]] {
			need[k] = v
		}
	}
}

// ExcessPermissions returns the scopes a job's effective permissions grant
// beyond its minimal ones (scope -> granted level); nil when its need is
// not fully known.
func ExcessPermissions(j Job) map[string]string {
	if len(j.UnknownSteps) > 0 || j.Effective == nil {
		return nil
	}
	out := map[string]string{}
	rank := map[string]int{"none": 0, "read": 1, "write": 2}
	for k, v := range j.Effective {
		if k == "metadata" {
			continue
		}
		if rank[v] > rank[j.MinimalPermissions[k]] {
			out[k] = v
		}
	}
	return maps.Clone(out)
}

func isLocalUses(u string) bool {
	_, ok := LocalUses(u)
	return ok
}
