package workflow

import (
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// call records a reusable workflow call (jobs.<id>.uses): remote calls with
// their ref, local calls resolved through read and mapped back to the
// caller's secrets.
func (g *ghParser) call(j *ghJob, n *yaml.Node) {
	uses := strings.TrimSpace(str(n))
	inc := Include{Ref: uses, Line: line(n), Kind: "workflow", File: g.src.path}
	j.job.Calls = uses
	if !strings.HasPrefix(uses, "./") {
		_, ref, _ := strings.Cut(uses, "@")
		inc.Pinned = fullSHA.MatchString(ref)
		j.job.CallsPinned = inc.Pinned
		g.p.Includes = append(g.p.Includes, inc)
		j.job.UnknownSteps = append(j.job.UnknownSteps, "calls "+uses+": a workflow in another repository, not read")
		return
	}
	inc.Local = true
	callee, why := g.resolve(strings.TrimPrefix(uses, "./"))
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
	for _, cj := range callee.Jobs {
		j.job.Detail.CalledJobs = append(j.job.Detail.CalledJobs, CalledJob{File: callee.Path, Key: cj.Key, Stage: string(cj.Stage)})
		j.job.Detail.CalledJobs = append(j.job.Detail.CalledJobs, cj.Detail.CalledJobs...)
		for _, r := range cj.References {
			if r, ok := mapCalleeRef(r, j.job.SecretsInherit); ok {
				j.job.References = append(j.job.References, r)
			}
		}
		for _, in := range cj.Detail.Injections {
			if in.File == "" {
				in.File = callee.Path
			}
			j.job.Detail.Injections = append(j.job.Detail.Injections, in)
		}
		for _, st := range cj.Detail.Steps {
			if st.File == "" {
				st.File = callee.Path
			}
			j.job.Detail.Steps = append(j.job.Detail.Steps, st)
		}
		j.job.SecretsWhole = j.job.SecretsWhole || (cj.SecretsWhole && j.job.SecretsInherit)
		j.job.UntrustedCheckout = j.job.UntrustedCheckout || cj.UntrustedCheckout
		j.job.UnknownSteps = append(j.job.UnknownSteps, cj.UnknownSteps...)
		if cj.Environment != "" && j.job.Environment == "" {
			j.job.Environment = cj.Environment
		}
		j.job.SelfHosted = j.job.SelfHosted || cj.SelfHosted
		j.job.RunsOn = append(j.job.RunsOn, cj.RunsOn...)
	}
	slices.Sort(j.job.RunsOn)
	j.job.RunsOn = slices.Compact(j.job.RunsOn)
}

func mapCalleeRef(r Reference, inherit bool) (Reference, bool) {
	switch r.Kind {
	case RefGitHubToken:
		return r, true
	case RefSecret:
		if inherit {
			r.Via, r.CallInput = ViaSecretsInherit, false
			return r, true
		}
		// An explicit mapping: the caller's own reference names the stored
		// secret; the callee's use is recorded only when it was passed.
		return Reference{}, false
	}
	return Reference{}, false
}
