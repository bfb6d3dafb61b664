package workflow

import (
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// glShared is shared by a pipeline and the child pipelines it triggers,
// within one Parse.
type glShared struct {
	// bytes counts what ReadFile returned, bounded by maxTotalBytes.
	bytes int
	// children are the child pipelines parsed, by path: each is read once.
	children map[string]*glChild
	// attached counts the references and steps copied from child
	// pipelines into trigger jobs, bounded by maxAttachedItems: many
	// trigger jobs of one large child would otherwise multiply it.
	attached int
}

// maxAttachedItems bounds what one Parse copies from child pipelines.
const maxAttachedItems = 100_000

// glChild is one child pipeline, or why it could not be read.
type glChild struct {
	p   *Pipeline
	why string
}

// childPipelines reads trigger: include: of a job. A local file is a child
// pipeline of the same repository: it is parsed (bounded like includes)
// and its jobs are attached to the triggering job like a called workflow:
// Calls, Detail.CalledJobs, their references (with the child file's
// file:line) and steps. Other forms are recorded as includes and as steps
// that could not be read.
func (gp *glParser) childPipelines(j *Job, tr glValue) {
	inc := tr.src.get(tr.n, "include")
	if inc == nil {
		return
	}
	items := []*yaml.Node{inc}
	if inc.Kind == yaml.SequenceNode {
		items = tr.src.items(inc)
	}
	for _, it := range items {
		if s, ok := scalar(it); ok {
			gp.attachChild(j, tr.src, s, line(it))
			continue
		}
		switch {
		case tr.src.get(it, "local") != nil:
			gp.attachChild(j, tr.src, str(tr.src.get(it, "local")), line(it))
		case tr.src.get(it, "artifact") != nil:
			j.UnknownSteps = appendOnce(j.UnknownSteps, fmt.Sprintf("triggers a child pipeline generated at run time (artifact %s of job %s), not read", str(tr.src.get(it, "artifact")), str(tr.src.get(it, "job"))))
		default:
			n := len(gp.p.Includes)
			gp.include(tr.src, it)
			if len(gp.p.Includes) > n {
				added := gp.p.Includes[n]
				gp.p.Includes = gp.p.Includes[:n]
				gp.addIncludeOnce(added)
				j.UnknownSteps = appendOnce(j.UnknownSteps, "triggers child pipeline "+added.Ref+": from outside the repository, not read")
			}
		}
	}
}

// attachChild parses a local child pipeline and attaches its jobs to j.
func (gp *glParser) attachChild(j *Job, src *source, p string, ln int) {
	inc := Include{Ref: p, Kind: "local", Local: true, Line: ln, File: src.path}
	child, why := gp.child(strings.TrimPrefix(strings.TrimSpace(p), "/"))
	if child == nil {
		inc.Unresolved = true
		gp.addIncludeOnce(inc)
		j.UnknownSteps = appendOnce(j.UnknownSteps, "triggers child pipeline "+p+": "+why)
		return
	}
	gp.addIncludeOnce(inc)
	d := &j.Detail
	cut := false
	for _, cj := range child.Jobs {
		if gp.shared.attached += len(cj.References) + len(cj.Detail.Steps); gp.shared.attached > maxAttachedItems {
			cut = true
			break
		}
		file := cj.File
		if file == "" {
			file = child.Path
		}
		d.CalledJobs = appendCapped(d.CalledJobs, []CalledJob{{File: file, Key: cj.Key, Stage: string(cj.Stage)}}, maxJobItems)
		d.CalledJobs = appendCapped(d.CalledJobs, cj.Detail.CalledJobs, maxJobItems)
		j.References = appendCapped(j.References, cj.References, maxJobRefs)
		d.Steps = appendCapped(d.Steps, stepsWithFile(cj.Detail.Steps, file), maxJobItems)
		for _, u := range cj.UnknownSteps {
			j.UnknownSteps = appendOnce(j.UnknownSteps, u)
		}
		if cj.Environment != "" && j.Environment == "" {
			j.Environment = cj.Environment
		}
		j.SelfHosted = j.SelfHosted || cj.SelfHosted
		j.RunsOn = appendCapped(j.RunsOn, cj.RunsOn, maxJobItems)
	}
	if cut || len(j.References) >= maxJobRefs || len(d.Steps) >= maxJobItems {
		j.UnknownSteps = appendOnce(j.UnknownSteps, "triggers child pipeline "+p+": the child pipelines are too large; their steps and references were cut")
	}
	slices.Sort(j.RunsOn)
	j.RunsOn = slices.Compact(j.RunsOn)
}

// child returns the parsed child pipeline at path (relative to the
// repository root), or nil and why it could not be read.
func (gp *glParser) child(path string) (*Pipeline, string) {
	if slices.Contains(gp.lineage, path) {
		// GitLab allows a pipeline to trigger itself as a child (with
		// other inputs); its jobs are this pipeline's, listed already.
		return nil, "not resolved (it is this pipeline or one that triggers it; its jobs are listed there)"
	}
	if c, ok := gp.shared.children[path]; ok {
		return c.p, c.why
	}
	p, why := gp.childUncached(path)
	gp.shared.children[path] = &glChild{p: p, why: why}
	return p, why
}

func (gp *glParser) childUncached(path string) (*Pipeline, string) {
	switch {
	case gp.read == nil:
		return nil, "not resolved (no repository files given)"
	case strings.ContainsAny(path, "*?[$"):
		return nil, "not resolved (the path is computed at run time)"
	case len(gp.lineage) > maxIncludeDepth:
		return nil, "not resolved (child pipelines nested too deep)"
	case len(gp.shared.children) >= maxCalledFiles:
		return nil, "not resolved (too many child pipelines)"
	}
	content, err := gp.read(path)
	if err != nil {
		return nil, "not resolved (the file could not be read)"
	}
	if gp.shared.bytes += len(content); gp.shared.bytes > maxTotalBytes {
		return nil, "not resolved (the pipeline files exceed the size limit)"
	}
	cp := &Pipeline{Path: path, Kind: GitLabCI}
	lineage := append(slices.Clip(gp.lineage), path)
	child := newGLParser(gp.read, cp, gp.shared, lineage)
	// GitLab forwards the parent's YAML variables (global and the trigger
	// job's) to the child by default: they are defined there too.
	for name := range gp.defined {
		child.defined[name] = true
	}
	child.parse(path, content)
	// The child's defects are this Parse's too (once: children are
	// parsed once).
	gp.p.Errors = append(gp.p.Errors, cp.Errors...)
	if len(cp.Jobs) == 0 {
		return nil, "not resolved (the child pipeline has no readable jobs)"
	}
	return cp, ""
}

// addIncludeOnce records an include unless the same one (ref, file and
// line) is recorded already: a trigger in a template is read for every
// job that extends it.
func (gp *glParser) addIncludeOnce(inc Include) {
	for _, x := range gp.p.Includes {
		if x.Ref == inc.Ref && x.File == inc.File && x.Line == inc.Line && x.Kind == inc.Kind {
			return
		}
	}
	gp.addInclude(inc)
}

func appendOnce(s []string, v string) []string {
	if slices.Contains(s, v) {
		return s
	}
	return append(s, v)
}
