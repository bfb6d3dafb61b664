package workflow

import (
	"regexp"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// glEntry is one top-level key of a GitLab configuration, from the main
// file or an included one.
type glEntry struct {
	key   string
	keyN  *yaml.Node
	value *yaml.Node
	src   *source
}

// glParser parses one .gitlab-ci.yml and the local files it includes.
type glParser struct {
	read    ReadFile
	p       *Pipeline
	main    *source
	entries map[string][]glEntry // key -> definitions, included first
	order   []string
	stack   []string
	defined map[string]bool // variables defined anywhere in the files
	stages  []string
	// included are the local files already read in this Parse: each is
	// read once.
	included map[string]bool
	// shared is what one Parse shares between a pipeline and its child
	// pipelines: the bytes read and the children parsed.
	shared *glShared
	// lineage lists the pipeline files from the top-level one to this
	// one (a child pipeline's parents), for cycles.
	lineage []string
	// layerMemo caches each key's resolved layers (extends chains).
	layerMemo map[string]layerSet
}

var glGlobalKeys = []string{"default", "include", "stages", "types", "variables", "workflow", "image", "services", "cache", "before_script", "after_script", "spec"}

// ParseGitLab parses a GitLab CI configuration. read resolves include:
// local files and child pipelines (trigger: include: local); it may be nil.
func ParseGitLab(path string, content []byte, read ReadFile) (p Pipeline) {
	p = Pipeline{Path: path, Kind: GitLabCI}
	defer recoverParse(&p)
	gp := newGLParser(read, &p, &glShared{children: map[string]*glChild{}}, []string{strings.TrimPrefix(path, "/")})
	gp.parse(path, content)
	return p
}

func newGLParser(read ReadFile, p *Pipeline, shared *glShared, lineage []string) *glParser {
	return &glParser{read: read, p: p, entries: map[string][]glEntry{}, defined: map[string]bool{}, included: map[string]bool{}, layerMemo: map[string]layerSet{}, shared: shared, lineage: lineage}
}

// parse fills gp.p from one configuration and the files it includes.
func (gp *glParser) parse(path string, content []byte) {
	p := gp.p
	root, src := gp.load(path, content)
	if root == nil {
		if len(p.Errors) == 0 {
			p.Errors = append(p.Errors, ParseError{File: path, Message: "empty configuration: no jobs"})
		}
		return
	}
	gp.main = src
	gp.collect(src, root)
	p.Triggers = gp.triggers()
	gp.jobs()
	needsEvidence(p.Jobs)
	for _, s := range gp.sources() {
		p.Errors = append(p.Errors, s.errs...)
	}
	// A file read both by this pipeline and by a child pipeline reports
	// its defects once.
	seen := make(map[ParseError]bool, len(p.Errors))
	p.Errors = slices.DeleteFunc(p.Errors, func(e ParseError) bool {
		dup := seen[e]
		seen[e] = true
		return dup
	})
}

// load parses one file, skipping a spec: header document.
func (gp *glParser) load(path string, content []byte) (*yaml.Node, *source) {
	docs, errs := parseDocuments(path, content)
	gp.p.Errors = append(gp.p.Errors, errs...)
	src := newSource(path, content)
	if len(docs) == 0 {
		return nil, src
	}
	root := deref(docs[0])
	if len(docs) > 1 && root != nil && src.get(root, "spec") != nil {
		root = deref(docs[1])
	}
	if root == nil || root.Kind != yaml.MappingNode {
		if root != nil && !(root.Kind == yaml.ScalarNode && root.Tag == "!!null") {
			gp.p.Errors = append(gp.p.Errors, ParseError{File: path, Line: line(root), Message: "a GitLab CI configuration must be a mapping, got " + kindName(root)})
		}
		return nil, src
	}
	return root, src
}

// collect records the top-level keys of a file; includes are collected
// first, so that the including file overrides them.
func (gp *glParser) collect(src *source, root *yaml.Node) {
	gp.stack = append(gp.stack, src.path)
	defer func() { gp.stack = gp.stack[:len(gp.stack)-1] }()
	pairs := src.pairs(root)
	for _, kv := range pairs {
		if kv.key == "include" {
			gp.includes(src, kv.value)
		}
	}
	for _, kv := range pairs {
		if kv.key == "include" {
			continue
		}
		if _, ok := gp.entries[kv.key]; !ok {
			gp.order = append(gp.order, kv.key)
		}
		gp.entries[kv.key] = append(gp.entries[kv.key], glEntry{key: kv.key, keyN: kv.keyN, value: kv.value, src: src})
		gp.noteDefined(src, kv)
	}
}

// noteDefined records variable names the file defines (global or job
// variables), which are not credentials.
func (gp *glParser) noteDefined(src *source, kv pair) {
	vars := kv.value
	if kv.key != "variables" {
		vars = src.get(kv.value, "variables")
	}
	for _, v := range src.pairs(vars) {
		gp.defined[v.key] = true
	}
	if kv.key == "spec" {
		return
	}
	// parallel: matrix: entries define a variable per job instance, and
	// rules: (job or workflow) may set variables: neither is a credential.
	for _, entry := range src.items(src.get(src.get(kv.value, "parallel"), "matrix")) {
		for _, v := range src.pairs(entry) {
			gp.defined[v.key] = true
		}
	}
	for _, rule := range src.items(src.get(kv.value, "rules")) {
		for _, v := range src.pairs(src.get(rule, "variables")) {
			gp.defined[v.key] = true
		}
	}
	for _, k := range []string{"secrets", "id_tokens"} {
		for _, v := range src.pairs(src.get(kv.value, k)) {
			gp.defined[v.key] = true
		}
	}
	if kv.key == "stages" || kv.key == "types" {
		gp.stages = src.strList(kv.value)
	}
}

// sources returns every file read, main first.
func (gp *glParser) sources() []*source {
	seen := map[*source]bool{}
	out := []*source{gp.main}
	seen[gp.main] = true
	for _, k := range gp.order {
		for _, e := range gp.entries[k] {
			if !seen[e.src] {
				seen[e.src] = true
				out = append(out, e.src)
			}
		}
	}
	return out
}

// entry returns the definition layers of a top-level key, included first.
func (gp *glParser) entry(key string) []glEntry { return gp.entries[key] }

// jobs builds every job: top-level keys that are not keywords and not
// hidden (.template) keys.
func (gp *glParser) jobs() {
	for _, key := range gp.order {
		if slices.Contains(glGlobalKeys, key) || strings.HasPrefix(key, ".") {
			continue
		}
		es := gp.entry(key)
		last := es[len(es)-1]
		if n := deref(last.value); n == nil || n.Kind != yaml.MappingNode {
			last.src.errorf(line(last.keyN), "job %q must be a mapping, got %s", key, kindName(last.value))
			continue
		}
		gp.p.Jobs = append(gp.p.Jobs, gp.job(key, es))
	}
}

var pipelineSource = regexp.MustCompile(`\$CI_PIPELINE_SOURCE\s*==\s*["']([a-z_]+)["']`)

// ruleSources names the pipeline sources a rule's if: admits: those it
// compares CI_PIPELINE_SOURCE with, "merge_request_event" for a merge
// request IID, "tag" for a tag, "push" for a branch.
func ruleSources(cond string) []string {
	var out []string
	for _, m := range pipelineSource.FindAllStringSubmatch(cond, -1) {
		out = append(out, m[1])
	}
	switch {
	case strings.Contains(cond, "$CI_MERGE_REQUEST_IID"), strings.Contains(cond, "$CI_MERGE_REQUEST_ID"):
		out = append(out, "merge_request_event")
	case strings.Contains(cond, "$CI_COMMIT_TAG") && !strings.Contains(cond, "$CI_COMMIT_TAG == null"):
		out = append(out, "tag")
	case strings.Contains(cond, "$CI_COMMIT_BRANCH"):
		out = append(out, "push")
	}
	return out
}

// triggers returns the pipeline sources the workflow: rules name in rules
// that can create a pipeline (when: never excluded); nil when there are no
// such rules (every source runs).
func (gp *glParser) triggers() []string {
	var out []string
	for _, e := range gp.entry("workflow") {
		for _, rule := range e.src.items(e.src.get(e.value, "rules")) {
			if str(e.src.get(rule, "when")) == "never" {
				continue
			}
			for _, src := range ruleSources(str(e.src.get(rule, "if"))) {
				if !slices.Contains(out, src) {
					out = append(out, src)
				}
			}
		}
	}
	return out
}
