package workflow

import (
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// envVar is one env: entry and the credential references its value carries.
type envVar struct {
	name string
	line int
	refs []Reference
}

// envScope is an env: block.
type envScope []envVar

func (e envScope) refs() []Reference {
	var out []Reference
	for _, v := range e {
		out = append(out, v.refs...)
	}
	return out
}

func (e envScope) lookup(name string) (envVar, bool) {
	for _, v := range e {
		if v.name == name {
			return v, true
		}
	}
	return envVar{}, false
}

// envBlock reads an env: mapping; each value's references are recorded with
// Via ENV.
func (g *ghParser) envBlock(n *yaml.Node, outer envScope) envScope {
	n = deref(n)
	if n == nil {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		if v, ok := scalar(n); ok && strings.Contains(v, "${{") {
			return envScope{{name: "", line: line(n), refs: g.refsIn(n, ViaEnv)}}
		}
		g.src.errorf(line(n), "env must be a mapping, got %s", kindName(n))
		return nil
	}
	var out envScope
	for _, kv := range g.src.pairs(n) {
		refs := g.refsIn(kv.value, ViaEnv)
		// env: values may read other env vars of an outer scope.
		for _, e := range g.exprsOf(kv.value) {
			for _, name := range e.Env {
				if v, ok := outer.lookup(name); ok {
					refs = appendCapped(refs, retarget(v.refs, line(kv.value), e.Text, ViaEnv, name), maxJobRefs)
				}
			}
		}
		out = append(out, envVar{name: kv.key, line: line(kv.keyN), refs: refs})
	}
	return out
}

// exprsOf returns the expressions of a scalar node, memoized per node for
// the file: aliases make the same node reachable many times.
func (g *ghParser) exprsOf(n *yaml.Node) []expr {
	n = deref(n)
	if n == nil || n.Kind != yaml.ScalarNode || !strings.Contains(n.Value, "${{") {
		return nil
	}
	if e, ok := g.src.exprs[n]; ok {
		return e
	}
	e := expressions(n.Value)
	if g.src.exprs == nil {
		g.src.exprs = map[*yaml.Node][]expr{}
	}
	g.src.exprs[n] = e
	return e
}

// refsIn returns the credential references in the expressions of one
// scalar node.
func (g *ghParser) refsIn(n *yaml.Node, via Via) []Reference {
	n = deref(n)
	v, ok := scalar(n)
	if !ok || !strings.Contains(v, "${{") {
		return nil
	}
	var out []Reference
	from := 0
	for _, e := range g.exprsOf(n) {
		first, _, _ := strings.Cut(e.Text, "\n")
		ln := g.src.lineAt(n, e.Offset, first, from)
		from = ln
		for _, name := range e.Secrets {
			out = append(out, Reference{Kind: RefSecret, Name: name, File: g.src.path, Line: ln, Expression: e.Text, Via: via, CallInput: g.callInputs[strings.ToUpper(name)]})
		}
		if e.Token {
			out = append(out, Reference{Kind: RefGitHubToken, Name: "GITHUB_TOKEN", File: g.src.path, Line: ln, Expression: e.Text, Via: via})
		}
	}
	return out
}

// retarget copies refs as read through env var name at a new place.
func retarget(refs []Reference, ln int, text string, via Via, name string) []Reference {
	out := make([]Reference, 0, len(refs))
	for _, r := range refs {
		r.Line, r.Expression, r.Via, r.EnvVar = ln, clip(text, maxExpression), via, name
		out = append(out, r)
	}
	return out
}

// viaFor says how a string at path (keys from the job) reaches the job.
func viaFor(path []string) Via {
	switch {
	case slices.Contains(path, "env"):
		return ViaEnv
	case len(path) > 0 && path[len(path)-1] == "run":
		return ViaRun
	case slices.Contains(path, "with"):
		return ViaWith
	case len(path) > 0 && path[0] == "secrets":
		return ViaSecrets
	case len(path) > 0 && (path[0] == "container" || path[0] == "services"):
		return ViaImage
	}
	return ViaOther
}

// jobStrings records the references in every job-level string except steps
// (handled per step, to see step env) and resolves runs-on.
func (g *ghParser) jobStrings(j *ghJob) {
	for _, p := range g.src.pairs(j.node) {
		if p.key == "steps" {
			continue
		}
		g.src.walkStrings(p.value, []string{p.key}, func(path []string, n *yaml.Node) {
			j.job.References = appendCapped(j.job.References, g.refsIn(n, viaFor(path)), maxJobRefs)
			g.whole(j, n)
			if p.key != "env" {
				j.job.References = appendCapped(j.job.References, g.envReads(n, j.env, nil, viaFor(path)), maxJobRefs)
			}
		})
	}
	resolveRunsOn(j)
}

// whole marks a job that reads the secrets context whole.
func (g *ghParser) whole(j *ghJob, n *yaml.Node) {
	for _, e := range g.exprsOf(n) {
		if e.SecretsWhole {
			j.job.SecretsWhole = true
		}
	}
}

// envReads returns the references reached through env vars read in n:
// env.VAR in expressions and, for run scripts, $VAR / ${VAR}.
func (g *ghParser) envReads(n *yaml.Node, job, step envScope, via Via) []Reference {
	v, ok := scalar(n)
	if !ok {
		return nil
	}
	var out []Reference
	seen := map[string]bool{}
	add := func(name, text string, ln int) {
		if seen[name+"\x00"+text] {
			return
		}
		seen[name+"\x00"+text] = true
		for _, sc := range []envScope{step, job, g.wfEnv} {
			if ev, ok := sc.lookup(name); ok {
				out = append(out, retarget(ev.refs, ln, text, via, name)...)
				return
			}
		}
	}
	for _, e := range g.exprsOf(n) {
		for _, name := range e.Env {
			add(name, e.Text, g.src.lineAt(n, e.Offset, "env."+name, 0))
		}
	}
	if via == ViaRun {
		for _, sv := range shellVars(v) {
			add(sv.name, sv.text, g.src.lineAt(n, sv.pos, sv.text, 0))
		}
	}
	return out
}

// shellVar is one $VAR, ${VAR} (or %VAR%) occurrence in a script.
type shellVar struct {
	name string
	text string
	pos  int // byte offset in the script
}

// shellVars finds $VAR, ${VAR}, ${VAR:-x}, $env:VAR and %VAR% in a script.
func shellVars(s string) []shellVar {
	var out []shellVar
	for i := 0; i < len(s) && len(out) < 512; i++ {
		switch s[i] {
		case '$':
			if i > 0 && s[i-1] == '$' {
				continue
			}
			if sv, ok := dollarVar(s[i:]); ok {
				sv.pos = i
				out = append(out, sv)
			}
		case '%':
			j := i + 1
			for j < len(s) && isVarByte(s[j]) {
				j++
			}
			if j < len(s) && s[j] == '%' && j > i+1 && !isDigit(s[i+1]) {
				out = append(out, shellVar{name: s[i+1 : j], text: s[i : j+1], pos: i})
				i = j
			}
		}
	}
	return out
}

func dollarVar(s string) (shellVar, bool) {
	rest := s[1:]
	prefix := 1
	if strings.HasPrefix(rest, "env:") || strings.HasPrefix(rest, "Env:") {
		rest, prefix = rest[4:], 5
	}
	braced := strings.HasPrefix(rest, "{")
	if braced {
		rest = rest[1:]
		prefix++
	}
	n := 0
	for n < len(rest) && isVarByte(rest[n]) {
		n++
	}
	if n == 0 || isDigit(rest[0]) {
		return shellVar{}, false
	}
	text := s[:prefix+n]
	if braced {
		if end := strings.IndexByte(rest[n:], '}'); end >= 0 && end < 64 {
			text = s[:prefix+n+end+1]
		}
	}
	return shellVar{name: rest[:n], text: text}, true
}

func isVarByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || isDigit(c)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
