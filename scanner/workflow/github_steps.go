package workflow

import (
	"regexp"
	"slices"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

var ghStepKeys = []string{"id", "if", "name", "uses", "run", "shell", "with", "env", "continue-on-error", "timeout-minutes", "working-directory"}

// steps reads a job's steps: each step's facts, references (with step env
// and $VAR reads), injections and untrusted checkouts.
func (g *ghParser) steps(j *ghJob, n *yaml.Node) {
	if n.Kind != yaml.SequenceNode {
		g.src.errorf(line(n), "steps of job %q must be a list, got %s", j.job.Key, kindName(n))
		return
	}
	for _, sn := range g.src.items(n) {
		if sn.Kind != yaml.MappingNode {
			g.src.errorf(line(sn), "a step of job %q must be a mapping, got %s", j.job.Key, kindName(sn))
			continue
		}
		j.job.Detail.Steps = append(j.job.Detail.Steps, g.step(j, sn))
	}
}

func (g *ghParser) step(j *ghJob, sn *yaml.Node) Step {
	st := Step{Line: line(sn)}
	stepEnv := g.envBlock(g.src.get(sn, "env"), append(j.env[:len(j.env):len(j.env)], g.wfEnv...))
	for _, kv := range g.src.pairs(sn) {
		switch kv.key {
		case "id":
			st.ID = str(kv.value)
		case "name":
			st.Name = clip(str(kv.value), 256)
		case "uses":
			st.Uses, st.Ref, st.Pinned = splitUses(str(kv.value))
		case "run":
			st.Run = clip(str(kv.value), maxRun)
		case "with":
			st.With = g.with(kv.value)
		case "env":
			for _, e := range g.src.pairs(kv.value) {
				st.Env = append(st.Env, e.key)
			}
		default:
			if !slices.Contains(ghStepKeys, kv.key) {
				g.src.errorf(line(kv.keyN), "unknown key %q in a step of job %q", kv.key, j.job.Key)
			}
		}
	}
	var refs []Reference
	g.src.walkStrings(sn, []string{"steps"}, func(path []string, n *yaml.Node) {
		via := viaFor(path)
		refs = appendCapped(refs, g.refsIn(n, via), maxJobRefs)
		g.whole(j, n)
		if via != ViaEnv {
			refs = appendCapped(refs, g.envReads(n, j.env, stepEnv, via), maxJobRefs)
		}
		g.injections(j, st, path, n)
	})
	for _, r := range refs {
		switch {
		case r.Kind == RefGitHubToken:
			st.Token = true
		case r.Kind == RefSecret && !slices.Contains(st.Secrets, r.Name):
			st.Secrets = append(st.Secrets, r.Name)
		}
	}
	sort.Strings(st.Secrets)
	// The job token in job or workflow env reaches every step's process.
	if carriesToken(j.env) || carriesToken(g.wfEnv) {
		st.Token = true
	}
	j.job.References = appendCapped(j.job.References, refs, maxJobRefs)
	if untrustedCheckout(st) {
		j.job.UntrustedCheckout = true
	}
	return st
}

// with returns a step's inputs, values as written and clipped.
func (g *ghParser) with(n *yaml.Node) map[string]string {
	out := map[string]string{}
	for _, kv := range g.src.pairs(n) {
		if len(out) >= 64 {
			break
		}
		limit := 512
		if kv.key == "script" {
			limit = maxRun // read whole by the knowledge base, when it fits
		}
		out[kv.key] = clip(str(kv.value), limit)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

var fullSHA = regexp.MustCompile(`^[0-9a-f]{40}$`)

// splitUses splits owner/name[/path]@ref. Local (./x) and docker:// uses
// keep their whole text and no ref.
func splitUses(u string) (name, ref string, pinned bool) {
	u = strings.TrimSpace(u)
	if _, local := LocalUses(u); local || strings.HasPrefix(u, "docker://") {
		if strings.HasPrefix(u, "docker://") {
			if i := strings.Index(u, "@sha256:"); i > 0 {
				return u, u[i+1:], true
			}
		}
		return u, "", false
	}
	name, ref, _ = strings.Cut(u, "@")
	return name, ref, fullSHA.MatchString(ref)
}

// scriptInputs are action inputs whose value is run as code.
var scriptInputs = map[string][]string{
	"actions/github-script": {"script"},
}

// injections records attacker-controllable contexts expanded in run: or a
// script input.
func (g *ghParser) injections(j *ghJob, st Step, path []string, n *yaml.Node) {
	sink := ""
	switch {
	case len(path) == 2 && path[1] == "run":
		sink = "run"
	case len(path) == 3 && path[1] == "with" && slices.Contains(scriptInputs[strings.ToLower(st.Uses)], path[2]):
		sink = st.Uses + " " + path[2]
	default:
		return
	}
	for _, e := range g.exprsOf(n) {
		first, _, _ := strings.Cut(e.Text, "\n")
		ln := g.src.lineAt(n, e.Offset, first, 0)
		for _, ctx := range e.Untrusted {
			j.job.Detail.Injections = append(j.job.Detail.Injections, Injection{Line: ln, Expression: e.Text, Context: ctx, Sink: sink})
		}
		for _, in := range e.Inputs {
			g.calls.sinks[g.src.path] = append(g.calls.sinks[g.src.path], inputSink{input: strings.ToLower(in), expr: e.Text, sink: sink, line: ln})
		}
	}
}

// prHeadRef matches references to pull-request-controlled code.
var prHeadRef = regexp.MustCompile(`(?i)github\.event\.pull_request\.head\.(sha|ref)|github\.head_ref|refs/pull/|github\.event\.workflow_run\.head_(sha|branch)|github\.event\.pull_request\.merge_commit_sha|gh pr checkout|pull/\$\{\{|github\.event\.issue\.pull_request`)

// untrustedCheckout reports a step that checks out pull-request code.
func untrustedCheckout(st Step) bool {
	if strings.EqualFold(st.Uses, "actions/checkout") {
		return prHeadRef.MatchString(st.With["ref"]) || strings.Contains(st.With["repository"], "pull_request.head.repo")
	}
	if st.Run != "" {
		r := st.Run
		return strings.Contains(r, "gh pr checkout") || (strings.Contains(r, "git fetch") && prHeadRef.MatchString(r))
	}
	return false
}

// carriesToken reports an env block with a variable holding the job token.
func carriesToken(e envScope) bool {
	for _, v := range e {
		for _, r := range v.refs {
			if r.Kind == RefGitHubToken {
				return true
			}
		}
	}
	return false
}
