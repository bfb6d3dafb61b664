package workflow

import (
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// ghParser parses one GitHub Actions workflow file.
type ghParser struct {
	src   *source
	read  ReadFile
	stack []string // files being parsed, for reusable workflow cycles
	p     *Pipeline
	// wfEnv is the workflow-level env: variable -> references it carries.
	wfEnv envScope
	// callInputs are the secrets declared by on.workflow_call.secrets.
	callInputs map[string]bool
	// calls is shared by every file of one Parse: called workflows parsed
	// once each, and a bound on how many.
	calls *callCache
	// refLimited is set when the triggers run the workflow only for
	// named branches or tags (see ProtectedRefsOnly in github_refsonly.go).
	refLimited bool
	// releaseOn describes the workflow's triggers when they are all
	// release triggers ("release", "a tag push", "workflow_dispatch with
	// input \"version\""); "" otherwise.
	releaseOn string
}

// callCache memoizes called workflows during one Parse.
type callCache struct {
	parsed map[string]*Pipeline
	why    map[string]string
	// sinks lists, per file, where inputs.X is expanded into a script, so
	// that a caller passing an untrusted context as X is an injection.
	sinks map[string][]inputSink
	// bytes counts what ReadFile returned, bounded by maxTotalBytes.
	bytes int
	// actions memoizes local actions' metadata by directory.
	actions map[string]localAction
}

// inputSink is one inputs.X expanded into run: or a script input.
type inputSink struct {
	input, expr, sink string
	line              int
}

// maxCalledFiles bounds the local reusable workflows one Parse reads.
const maxCalledFiles = 64

// ParseGitHub parses a GitHub Actions workflow. read resolves local reusable
// workflows (./.github/workflows/x.yml); it may be nil.
func ParseGitHub(path string, content []byte, read ReadFile) (p Pipeline) {
	p = Pipeline{Path: path, Kind: GitHubActions}
	defer recoverParse(&p)
	parseGitHubInto(&p, content, read, nil, &callCache{parsed: map[string]*Pipeline{}, why: map[string]string{}, sinks: map[string][]inputSink{}, actions: map[string]localAction{}})
	return p
}

func parseGitHubInto(p *Pipeline, content []byte, read ReadFile, stack []string, calls *callCache) {
	docs, errs := parseDocuments(p.Path, content)
	p.Errors = append(p.Errors, errs...)
	if len(docs) == 0 {
		if len(errs) == 0 {
			p.Errors = append(p.Errors, ParseError{File: p.Path, Message: "empty workflow: no jobs"})
		}
		return
	}
	g := &ghParser{src: newSource(p.Path, content), read: read, stack: append(stack[:len(stack):len(stack)], p.Path), p: p, calls: calls}
	g.workflow(docs[0])
	p.Errors = append(p.Errors, g.src.errs...)
}

var ghWorkflowKeys = []string{"name", "run-name", "on", "permissions", "env", "defaults", "concurrency", "jobs"}

func (g *ghParser) workflow(doc *yaml.Node) {
	root := deref(doc)
	if root == nil || root.Kind != yaml.MappingNode {
		g.src.errorf(line(root), "a workflow must be a mapping, got %s", kindName(root))
		return
	}
	var jobs *yaml.Node
	for _, kv := range g.src.pairs(root) {
		switch kv.key {
		case "name":
			g.p.Name = str(kv.value)
		case "on", "true": // yaml 1.1 reads a bare on as true
			g.triggers(kv.value)
			g.refLimited = g.refLimitedTriggers(kv.value)
			g.releaseOn = g.releaseTriggers(kv.value)
		case "permissions":
			g.p.Permissions = g.permissions(kv.value)
		case "env":
			g.wfEnv = g.envBlock(kv.value, nil)
		case "jobs":
			jobs = deref(kv.value)
		default:
			if !slices.Contains(ghWorkflowKeys, kv.key) {
				g.src.errorf(line(kv.keyN), "unknown workflow key %q", kv.key)
			}
		}
	}
	if g.p.Triggers == nil {
		g.src.errorf(line(root), "workflow has no on: (no event triggers it)")
	}
	if jobs == nil {
		g.src.errorf(line(root), "workflow has no jobs")
		return
	}
	if jobs.Kind != yaml.MappingNode {
		g.src.errorf(line(jobs), "jobs must be a mapping, got %s", kindName(jobs))
		return
	}
	for _, kv := range g.src.pairs(jobs) {
		g.p.Jobs = append(g.p.Jobs, g.job(kv))
	}
	needsEvidence(g.p.Jobs)
}

// triggers reads on: in its three forms (string, list, mapping).
func (g *ghParser) triggers(n *yaml.Node) {
	n = deref(n)
	if n == nil {
		return
	}
	switch n.Kind {
	case yaml.ScalarNode, yaml.SequenceNode:
		g.p.Triggers = g.src.strList(n)
	case yaml.MappingNode:
		for _, kv := range g.src.pairs(n) {
			g.p.Triggers = append(g.p.Triggers, kv.key)
			if kv.key == "workflow_call" {
				g.callSecrets(kv.value)
			}
		}
	default:
		g.src.errorf(line(n), "on must be an event name, a list or a mapping, got %s", kindName(n))
	}
	for _, t := range g.p.Triggers {
		if t == "workflow_call" {
			g.p.Reusable = true
		}
		if isUntrustedTrigger(t) && !slices.Contains(g.p.UntrustedTriggers, t) {
			g.p.UntrustedTriggers = append(g.p.UntrustedTriggers, t)
		}
	}
}

func (g *ghParser) callSecrets(n *yaml.Node) {
	for _, kv := range g.src.pairs(g.src.get(n, "secrets")) {
		if g.callInputs == nil {
			g.callInputs = map[string]bool{}
		}
		g.callInputs[strings.ToUpper(kv.key)] = true
	}
}

// isUntrustedTrigger reports events that run with the base repository's
// secrets and token but can be fired by outsiders.
func isUntrustedTrigger(t string) bool {
	switch t {
	case "pull_request_target", "workflow_run", "issue_comment", "pull_request_review", "pull_request_review_comment", "discussion_comment", "issues", "discussion":
		return true
	}
	return false
}
