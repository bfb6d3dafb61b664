package workflow

import (
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// LocalUses returns the repository path of a uses: value that names a file
// of the workflow's own repository: "./path" (relative to the workspace,
// the repository when it is checked out) or "$/path" (GitHub's
// self-repository syntax: the workflow's repository at the running commit).
func LocalUses(uses string) (string, bool) {
	uses = strings.TrimSpace(uses)
	for _, p := range []string{"./", "$/"} {
		if rest, ok := strings.CutPrefix(uses, p); ok {
			return rest, true
		}
	}
	return "", false
}

// call records a reusable workflow call (jobs.<id>.uses): remote calls with
// their ref, local calls resolved through read and mapped back to the
// caller's secrets.
func (g *ghParser) call(j *ghJob, n *yaml.Node) {
	uses := strings.TrimSpace(str(n))
	inc := Include{Ref: uses, Line: line(n), Kind: "workflow", File: g.src.path}
	j.job.Calls = uses
	local, isLocal := LocalUses(uses)
	if !isLocal {
		_, ref, _ := strings.Cut(uses, "@")
		inc.Pinned = fullSHA.MatchString(ref)
		j.job.CallsPinned = inc.Pinned
		g.p.Includes = append(g.p.Includes, inc)
		j.job.UnknownSteps = append(j.job.UnknownSteps, "calls "+uses+": a workflow in another repository, not read")
		return
	}
	inc.Local = true
	callee, why := g.resolve(local)
	if callee == nil {
		inc.Unresolved = true
		g.p.Includes = append(g.p.Includes, inc)
		j.job.UnknownSteps = append(j.job.UnknownSteps, "calls "+uses+": "+why)
		return
	}
	j.job.CallsPinned = true // same repository, same commit
	g.p.Includes = append(g.p.Includes, inc)
	g.mapCallee(j, callee)
}

// resolve reads and parses a local reusable workflow, guarding against
// cycles and depth. It returns nil and why when it cannot.
func (g *ghParser) resolve(path string) (*Pipeline, string) {
	if p, ok := g.calls.parsed[path]; ok {
		return p, g.calls.why[path]
	}
	p, why := g.resolveUncached(path)
	if why == "" || !strings.Contains(why, "cycle") {
		g.calls.parsed[path], g.calls.why[path] = p, why
	}
	return p, why
}

func (g *ghParser) resolveUncached(path string) (*Pipeline, string) {
	switch {
	case g.read == nil:
		return nil, "not resolved (no repository files given)"
	case slices.Contains(g.stack, path):
		return nil, "not resolved (a cycle of reusable workflow calls)"
	case len(g.stack) >= maxIncludeDepth:
		return nil, "not resolved (calls nested too deep)"
	case len(g.calls.parsed) >= maxCalledFiles:
		return nil, "not resolved (too many called workflows)"
	}
	content, err := g.read(path)
	if err != nil {
		return nil, "not resolved (the file could not be read)"
	}
	if g.calls.bytes += len(content); g.calls.bytes > maxTotalBytes {
		return nil, "not resolved (called workflows exceed the size limit)"
	}
	callee := &Pipeline{Path: path, Kind: GitHubActions}
	parseGitHubInto(callee, content, g.read, g.stack, g.calls)
	if len(callee.Jobs) == 0 {
		return nil, "not resolved (the called workflow has no readable jobs)"
	}
	return callee, ""
}

// mapCallee maps the callee's references back to the caller: with secrets:
// inherit a callee's secrets.X is the caller's X; with an explicit mapping
// the caller's own references (Via SECRETS) already name what is passed, and
// secrets not passed are empty in the callee.
func (g *ghParser) mapCallee(j *ghJob, callee *Pipeline) {
	passed := g.passedSecrets(j)
	d := &j.job.Detail
	d.Injections = appendCapped(d.Injections, g.inputInjections(j, callee.Path), maxJobItems)
	for _, cj := range callee.Jobs {
		d.CalledJobs = appendCapped(d.CalledJobs, []CalledJob{{File: callee.Path, Key: cj.Key, Stage: string(cj.Stage)}}, maxJobItems)
		d.CalledJobs = appendCapped(d.CalledJobs, cj.Detail.CalledJobs, maxJobItems)
		for _, r := range cj.References {
			j.job.References = appendCapped(j.job.References, mapCalleeRef(r, j.job.SecretsInherit, passed), maxJobRefs)
		}
		d.Injections = appendCapped(d.Injections, withFile(cj.Detail.Injections, callee.Path), maxJobItems)
		d.Steps = appendCapped(d.Steps, stepsWithFile(cj.Detail.Steps, callee.Path), maxJobItems)
		j.job.SecretsWhole = j.job.SecretsWhole || (cj.SecretsWhole && j.job.SecretsInherit)
		j.job.UntrustedCheckout = j.job.UntrustedCheckout || cj.UntrustedCheckout
		for _, u := range cj.UnknownSteps {
			// Unknown steps are recomputed from the steps taken over;
			// keep what the callee could not resolve itself.
			if strings.HasPrefix(u, "calls ") && !slices.Contains(j.job.UnknownSteps, u) {
				j.job.UnknownSteps = append(j.job.UnknownSteps, u)
			}
		}
		if cj.Environment != "" && j.job.Environment == "" {
			j.job.Environment = cj.Environment
		}
		j.job.SelfHosted = j.job.SelfHosted || cj.SelfHosted
		j.job.RunsOn = appendCapped(j.job.RunsOn, cj.RunsOn, maxJobItems)
	}
	if len(j.job.References) >= maxJobRefs || len(d.Steps) >= maxJobItems {
		j.job.UnknownSteps = append(j.job.UnknownSteps, "calls "+j.job.Calls+": the called workflows are too large; their steps and references were cut")
	}
	slices.Sort(j.job.RunsOn)
	j.job.RunsOn = slices.Compact(j.job.RunsOn)
}

// Bounds on what a job takes over from the workflows it calls (nested
// calls multiply).
const (
	maxJobRefs  = 4096
	maxJobItems = 1024
)

// appendCapped appends add to s without growing it past limit.
func appendCapped[T any](s, add []T, limit int) []T {
	if room := limit - len(s); room < len(add) {
		add = add[:max(room, 0)]
	}
	return append(s, add...)
}

func withFile(in []Injection, file string) []Injection {
	out := make([]Injection, 0, len(in))
	for _, x := range in {
		if x.File == "" {
			x.File = file
		}
		out = append(out, x)
	}
	return out
}

func stepsWithFile(in []Step, file string) []Step {
	out := make([]Step, 0, len(in))
	for _, x := range in {
		if x.File == "" {
			x.File = file
		}
		out = append(out, x)
	}
	return out
}

// passedSecrets maps each secret input of an explicit secrets: mapping
// (upper case) to the caller's references in its value.
func (g *ghParser) passedSecrets(j *ghJob) map[string][]Reference {
	out := map[string][]Reference{}
	for _, kv := range g.src.pairs(g.src.get(j.node, "secrets")) {
		out[strings.ToUpper(kv.key)] = g.refsIn(kv.value, ViaSecrets)
	}
	return out
}

// mapCalleeRef maps one reference of a called workflow back to the
// caller's credentials, at the place the callee reads it: with secrets:
// inherit a callee's secrets.X is the caller's X; with an explicit mapping
// it is whatever the caller passes as X (nothing when X is not passed).
func mapCalleeRef(r Reference, inherit bool, passed map[string][]Reference) []Reference {
	switch {
	case r.Kind == RefGitHubToken:
		return []Reference{r}
	case r.Kind != RefSecret:
		return nil
	case inherit:
		r.Via, r.CallInput = ViaSecretsInherit, false
		return []Reference{r}
	}
	var out []Reference
	for _, p := range passed[strings.ToUpper(r.Name)] {
		m := r
		m.Kind, m.Name, m.Via, m.CallInput = p.Kind, p.Name, ViaSecrets, false
		out = append(out, m)
	}
	return out
}

// inputInjections returns the injections of a call: an untrusted context
// passed in with: as an input that the called workflow expands into a
// script.
func (g *ghParser) inputInjections(j *ghJob, path string) []Injection {
	var out []Injection
	for _, kv := range g.src.pairs(g.src.get(j.node, "with")) {
		for _, e := range g.exprsOf(kv.value) {
			for _, ctx := range e.Untrusted {
				for _, s := range g.calls.sinks[path] {
					if s.input == strings.ToLower(kv.key) {
						out = append(out, Injection{File: path, Line: s.line, Expression: s.expr, Context: ctx, Sink: s.sink + " (as inputs." + kv.key + ")"})
					}
				}
			}
		}
	}
	return out
}
