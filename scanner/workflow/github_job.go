package workflow

import (
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

var ghJobKeys = []string{"name", "permissions", "needs", "if", "runs-on", "environment", "concurrency", "outputs", "env", "defaults", "steps", "timeout-minutes", "strategy", "continue-on-error", "container", "services", "uses", "with", "secrets", "snapshot"}

// ghJob is the state of one job while it is parsed.
type ghJob struct {
	job    Job
	env    envScope // job-level env
	matrix map[string][]string
	node   *yaml.Node
	// envLine is the line of the job's own environment:, 0 when none.
	envLine int
}

func (g *ghParser) job(kv pair) Job {
	j := &ghJob{job: Job{Key: kv.key, Name: kv.key, Line: line(kv.keyN)}, node: deref(kv.value)}
	j.job.Detail.UntrustedTriggers = g.p.UntrustedTriggers
	j.job.Detail.Triggers = g.p.Triggers
	// A workflow only started by hand (workflow_dispatch) runs its jobs
	// manually, like GitLab's when: manual.
	j.job.Manual = len(g.p.Triggers) > 0 && !slices.ContainsFunc(g.p.Triggers, func(t string) bool { return t != "workflow_dispatch" })
	if j.node == nil || j.node.Kind != yaml.MappingNode {
		g.src.errorf(line(kv.keyN), "job %q must be a mapping, got %s", kv.key, kindName(j.node))
		j.job.Stage, j.job.StageReason = StageUnknown, "the job could not be read"
		return j.job
	}
	j.job.References = appendCapped(j.job.References, markGlobal(g.wfEnv.refs()), maxJobRefs)
	var steps, uses *yaml.Node
	for _, p := range g.src.pairs(j.node) {
		g.jobKey(j, p)
		switch p.key {
		case "steps":
			steps = deref(p.value)
		case "uses":
			uses = deref(p.value)
		}
	}
	g.jobStrings(j)
	j.job.ProtectedRefsOnly = g.refLimited || (len(g.p.UntrustedTriggers) == 0 && ifRestrictsRef(j.job.Detail.If))
	if steps != nil {
		g.steps(j, steps)
	}
	g.jobPermissions(j)
	if uses != nil {
		g.call(j, uses)
	}
	g.tokenNeeds(&j.job)
	j.job.Stage, j.job.StageReason = classifyGitHub(&j.job, g.p.Name, g.src.path, j.envAt(g.src.path), g.releaseOn)
	return j.job
}

// envAt is where the job's own environment: is written, "" when none.
func (j *ghJob) envAt(file string) string {
	if j.envLine == 0 {
		return ""
	}
	return fmt.Sprintf("%s:%d", file, j.envLine)
}

func (g *ghParser) jobKey(j *ghJob, p pair) {
	switch p.key {
	case "name":
		if v := str(p.value); v != "" {
			j.job.Name = v
		}
	case "needs":
		j.job.Needs = g.src.strList(p.value)
	case "if":
		j.job.Detail.If = clip(str(p.value), maxExpression)
	case "runs-on":
		j.job.RunsOn = g.runsOn(p.value)
	case "environment":
		g.environment(j, p.value)
		j.envLine = line(p.value)
	case "permissions":
		j.job.Permissions = g.permissions(p.value)
	case "env":
		j.env = g.envBlock(p.value, g.wfEnv)
	case "strategy":
		j.matrix = g.matrix(g.src.get(p.value, "matrix"))
		j.job.Detail.Matrix = g.src.get(p.value, "matrix") != nil
	case "container":
		if img := g.image(p.value); img != "" {
			j.job.Detail.Services = append(j.job.Detail.Services, img)
		}
	case "services":
		for _, s := range g.src.pairs(p.value) {
			if img := g.image(s.value); img != "" {
				j.job.Detail.Services = append(j.job.Detail.Services, img)
			}
		}
	case "secrets":
		if v, ok := scalar(p.value); ok && v == "inherit" {
			j.job.SecretsInherit = true
		}
	default:
		if !slices.Contains(ghJobKeys, p.key) {
			g.src.errorf(line(p.keyN), "unknown key %q in job %q", p.key, j.job.Key)
		}
	}
}

// image returns a container's image from `image: x` or `x`.
func (g *ghParser) image(n *yaml.Node) string {
	if v, ok := scalar(n); ok {
		return v
	}
	return str(g.src.get(n, "image"))
}

// environment reads environment: name or {name, url}, expressions kept as
// written.
func (g *ghParser) environment(j *ghJob, n *yaml.Node) {
	if v, ok := scalar(n); ok {
		j.job.Environment = v
		return
	}
	if deref(n) != nil && deref(n).Kind == yaml.MappingNode {
		j.job.Environment = str(g.src.get(n, "name"))
		return
	}
	g.src.errorf(line(n), "environment of job %q must be a name or a mapping, got %s", j.job.Key, kindName(n))
}

// runsOn reads runs-on as a string, a list or {group, labels}, resolving
// ${{ matrix.x }} later in jobStrings.
func (g *ghParser) runsOn(n *yaml.Node) []string {
	n = deref(n)
	if n == nil {
		return nil
	}
	if n.Kind == yaml.MappingNode {
		var out []string
		if grp := str(g.src.get(n, "group")); grp != "" {
			out = append(out, "group:"+grp)
		}
		return append(out, g.src.strList(g.src.get(n, "labels"))...)
	}
	return g.src.strList(n)
}

// matrix returns the literal values of each matrix dimension (and of
// include entries), to resolve runs-on: ${{ matrix.os }}.
func (g *ghParser) matrix(n *yaml.Node) map[string][]string {
	out := map[string][]string{}
	for _, kv := range g.src.pairs(n) {
		switch kv.key {
		case "include":
			for _, it := range g.src.items(kv.value) {
				for _, e := range g.src.pairs(it) {
					out[e.key] = append(out[e.key], g.src.strList(e.value)...)
				}
			}
		case "exclude":
		default:
			out[kv.key] = append(out[kv.key], g.src.strList(kv.value)...)
		}
	}
	return out
}

// resolveRunsOn replaces ${{ matrix.x }} labels by the matrix values and
// decides whether the job runs on a self-hosted runner.
func resolveRunsOn(j *ghJob) {
	var out []string
	for _, l := range j.job.RunsOn {
		key, ok := matrixRef(l)
		if vals := j.matrix[key]; ok && len(vals) > 0 {
			out = append(out, vals...)
			continue
		}
		out = append(out, l)
	}
	slices.Sort(out)
	j.job.RunsOn = slices.Compact(out)
	j.job.SelfHosted = selfHosted(j.job.RunsOn)
}

func matrixRef(l string) (string, bool) {
	l = strings.TrimSpace(l)
	if !strings.HasPrefix(l, "${{") || !strings.HasSuffix(l, "}}") {
		return "", false
	}
	inner := strings.TrimSpace(l[3 : len(l)-2])
	key, ok := strings.CutPrefix(inner, "matrix.")
	return key, ok && !strings.ContainsAny(key, " .([")
}

// selfHosted reports a self-hosted runner: the self-hosted label, or only
// labels that name no GitHub-hosted image (ubuntu-*, windows-*, macos-*)
// and no expression: custom labels and runner groups. GitHub's larger
// hosted runners also carry custom labels; an API scan of the runner
// groups tells them apart.
func selfHosted(labels []string) bool {
	custom := 0
	for _, l := range labels {
		ll := strings.ToLower(strings.TrimPrefix(l, "group:"))
		switch {
		case ll == "self-hosted":
			return true
		case strings.Contains(ll, "${{"), hostedImage(ll):
		default:
			custom++
		}
	}
	return custom > 0 && custom == len(labels)
}

// hostedImage reports a GitHub-hosted runner image label.
func hostedImage(l string) bool {
	for _, p := range []string{"ubuntu-", "windows-", "macos-"} {
		if strings.HasPrefix(l, p) {
			return true
		}
	}
	return false
}

// markGlobal marks references of a pipeline-wide block.
func markGlobal(refs []Reference) []Reference {
	out := make([]Reference, len(refs))
	for i, r := range refs {
		r.Global = true
		out[i] = r
	}
	return out
}
