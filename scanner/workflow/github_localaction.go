package workflow

import (
	"strings"

	"gopkg.in/yaml.v3"
)

// localAction is what a local action's metadata (action.yml) tells about
// its GITHUB_TOKEN needs.
type localAction struct {
	need    map[string]string
	unknown string // why the need is unknown; "" when known
}

// localActionNeed resolves ./path actions through ReadFile: node and docker
// actions that never mention the token need nothing from it; composite
// actions need what their steps need. ok is false when the metadata cannot
// be read.
func (g *ghParser) localActionNeed(st Step) (localAction, bool) {
	local, ok := LocalUses(st.Uses)
	if g.read == nil || !ok {
		return localAction{}, false
	}
	dir := strings.TrimSuffix(local, "/")
	if la, ok := g.calls.actions[dir]; ok {
		return g.withStepToken(st, la), true
	}
	la, ok := g.readLocalAction(dir)
	if !ok {
		return localAction{}, false
	}
	g.calls.actions[dir] = la
	return g.withStepToken(st, la), true
}

// withStepToken: a step that hands the job token to a local action makes
// the action's need unknown.
func (g *ghParser) withStepToken(st Step, la localAction) localAction {
	if st.Token && la.unknown == "" {
		la.unknown = "local action " + st.Uses + " is handed the job token"
	}
	return la
}

func (g *ghParser) readLocalAction(dir string) (localAction, bool) {
	var content []byte
	var path string
	for _, name := range []string{"action.yml", "action.yaml"} {
		b, err := g.read(dir + "/" + name)
		if err == nil {
			content, path = b, dir+"/"+name
			break
		}
	}
	if content == nil || len(content) > MaxFileSize {
		return localAction{}, false
	}
	if g.calls.bytes += len(content); g.calls.bytes > maxTotalBytes {
		return localAction{}, false
	}
	lower := strings.ToLower(string(content))
	if strings.Contains(lower, "github.token") || strings.Contains(lower, "secrets.github_token") {
		return localAction{unknown: "local action " + path + " uses the job token"}, true
	}
	docs, errs := parseDocuments(path, content)
	if len(docs) == 0 || len(errs) > 0 {
		return localAction{unknown: "local action " + path + " could not be parsed"}, true
	}
	src := newSource(path, content)
	runs := src.get(docs[0], "runs")
	if str(src.get(runs, "using")) != "composite" {
		return localAction{need: map[string]string{}}, true
	}
	return compositeNeed(src, path, src.get(runs, "steps")), true
}

// compositeNeed unions the needs of a composite action's steps.
func compositeNeed(src *source, path string, steps *yaml.Node) localAction {
	la := localAction{need: map[string]string{}}
	for _, sn := range src.items(steps) {
		st := Step{Line: line(sn), File: path, Run: clip(str(src.get(sn, "run")), maxRun)}
		st.Uses, st.Ref, st.Pinned = splitUses(str(src.get(sn, "uses")))
		st.With = map[string]string{}
		for _, kv := range src.pairs(src.get(sn, "with")) {
			st.With[kv.key] = clip(str(kv.value), maxRun)
		}
		need, why := stepNeed(st)
		if why != "" && la.unknown == "" {
			la.unknown = "in " + stepWhere(st) + ": " + why
		}
		mergeScopes(la.need, need)
	}
	return la
}
