package workflow

import (
	"fmt"
	"slices"

	"gopkg.in/yaml.v3"
)

// glLayer is one mapping that contributes keys to a job: a default:, a
// template it extends, or one of its own definitions.
type glLayer struct {
	n   *yaml.Node
	src *source
}

// glValue is a resolved key of a job with the file it comes from.
type glValue struct {
	n   *yaml.Node
	src *source
}

// layers returns the layers of a top-level key: for each definition (from
// included files first), its extends (recursively, in order), then itself.
func (gp *glParser) layers(key string, depth int, seen []string) ([]glLayer, []string) {
	if m, ok := gp.layerMemo[key]; ok {
		return m.layers, m.chain
	}
	if depth > maxExtendsDepth || slices.Contains(seen, key) {
		return nil, nil
	}
	ls, chain := gp.layersUncached(key, depth, seen)
	ls, chain = dedupeLayers(ls), dedupeLast(chain)
	if depth == 0 || len(ls) > 0 {
		gp.layerMemo[key] = layerSet{ls, chain}
	}
	return ls, chain
}

// layerSet is a memoized result of layers.
type layerSet struct {
	layers []glLayer
	chain  []string
}

// maxLayers bounds the layers of one job.
const maxLayers = 256

// dedupeLayers keeps the last occurrence of each layer (the one that
// wins) and at most maxLayers of them.
func dedupeLayers(ls []glLayer) []glLayer {
	seen := map[*yaml.Node]bool{}
	var out []glLayer
	for i := len(ls) - 1; i >= 0 && len(out) < maxLayers; i-- {
		if !seen[ls[i].n] {
			seen[ls[i].n] = true
			out = append(out, ls[i])
		}
	}
	slices.Reverse(out)
	return out
}

// dedupeLast keeps the last occurrence of each name.
func dedupeLast(names []string) []string {
	seen := map[string]bool{}
	var out []string
	for i := len(names) - 1; i >= 0 && len(out) < maxLayers; i-- {
		if !seen[names[i]] {
			seen[names[i]] = true
			out = append(out, names[i])
		}
	}
	slices.Reverse(out)
	return out
}

func (gp *glParser) layersUncached(key string, depth int, seen []string) ([]glLayer, []string) {
	seen = append(seen, key)
	var out []glLayer
	var chain []string
	for _, e := range gp.entry(key) {
		for _, parent := range e.src.strList(e.src.get(e.value, "extends")) {
			if len(gp.entry(parent)) == 0 {
				gp.undefined(e.src, line(e.value), fmt.Sprintf("job %q extends %q, which is not defined", key, parent))
				continue
			}
			ls, pc := gp.layers(parent, depth+1, seen)
			if ls == nil {
				e.src.errorf(line(e.value), "job %q extends %q too deep or in a cycle", key, parent)
			}
			out = append(out, ls...)
			chain = append(chain, pc...)
			chain = append(chain, parent)
		}
		out = append(out, glLayer{n: e.value, src: e.src})
	}
	return out, chain
}

// defaults returns the default: layers (and the deprecated top-level
// image, services, before_script, after_script, cache).
func (gp *glParser) defaults() []glLayer {
	var out []glLayer
	for _, e := range gp.entry("default") {
		out = append(out, glLayer{n: e.value, src: e.src})
	}
	return out
}

// glJobView answers key lookups over a job's layers, last layer winning.
type glJobView struct {
	gp     *glParser
	layers []glLayer
}

func (v glJobView) get(key string) (glValue, bool) {
	for i := len(v.layers) - 1; i >= 0; i-- {
		l := v.layers[i]
		if n := l.src.get(l.n, key); n != nil {
			return v.gp.resolve(glValue{n: n, src: l.src}), true
		}
	}
	if slices.Contains([]string{"image", "services", "before_script", "after_script", "cache"}, key) {
		if es := v.gp.entry(key); len(es) > 0 {
			e := es[len(es)-1]
			return glValue{n: deref(e.value), src: e.src}, true
		}
	}
	return glValue{}, false
}

// glPair is one entry of a deep-merged mapping with its file.
type glPair struct {
	pair
	src *source
}

// merged returns the entries of a mapping key deep-merged over the layers
// as GitLab merges hashes with extends: entries of later layers override
// those of earlier ones, others are kept. A layer whose value is not a
// mapping replaces everything before it.
func (v glJobView) merged(key string) []glPair {
	var out []glPair
	for _, l := range v.layers {
		n := l.src.get(l.n, key)
		if n == nil {
			continue
		}
		r := v.gp.resolve(glValue{n: n, src: l.src})
		if r.n == nil || r.n.Kind != yaml.MappingNode {
			out = nil
			continue
		}
		for _, kv := range r.src.pairs(r.n) {
			out = overlayPair(out, glPair{kv, r.src})
		}
	}
	return out
}

func overlayPair(ps []glPair, p glPair) []glPair {
	for i := range ps {
		if ps[i].key == p.key {
			ps[i] = p
			return ps
		}
	}
	return append(ps, p)
}

// variables returns the job's variables: global ones (unless inherit:
// variables: false) then each layer's, later ones overriding.
func (v glJobView) variables(global bool) []glVar {
	var layers []glLayer
	if global {
		for _, e := range v.gp.entry("variables") {
			layers = append(layers, glLayer{n: e.value, src: e.src})
		}
	}
	for _, l := range v.layers {
		if n := l.src.get(l.n, "variables"); n != nil {
			r := v.gp.resolve(glValue{n: n, src: l.src})
			layers = append(layers, glLayer{n: r.n, src: r.src})
		}
	}
	var out []glVar
	idx := map[string]int{}
	for _, l := range layers {
		for _, kv := range l.src.pairs(l.n) {
			val := deref(kv.value)
			if m := deref(val); m != nil && m.Kind == yaml.MappingNode {
				val = l.src.get(m, "value")
			}
			gv := glVar{name: kv.key, value: val, src: l.src, global: global && isGlobal(v.gp, l)}
			if i, ok := idx[kv.key]; ok {
				out[i] = gv
				continue
			}
			idx[kv.key] = len(out)
			out = append(out, gv)
		}
	}
	return out
}

func isGlobal(gp *glParser, l glLayer) bool {
	for _, e := range gp.entry("variables") {
		if e.value == l.n {
			return true
		}
	}
	return false
}

// glVar is one variable a job sees.
type glVar struct {
	name   string
	value  *yaml.Node
	src    *source
	global bool
}

// reference resolves !reference [key, sub, ...] against the top-level keys.
func (gp *glParser) reference(src *source, n *yaml.Node, depth int) (glValue, bool) {
	path := src.strList(n)
	if len(path) < 1 || depth > 10 {
		src.errorf(line(n), "!reference needs a key and a path, nested at most 10 deep")
		return glValue{}, false
	}
	ls, _ := gp.layers(path[0], 0, nil)
	v := glJobView{gp: gp, layers: ls}
	if len(path) == 1 {
		if len(ls) == 0 {
			gp.undefined(src, line(n), fmt.Sprintf("!reference to %q, which is not defined", path[0]))
			return glValue{}, false
		}
		l := ls[len(ls)-1]
		return glValue{n: deref(l.n), src: l.src}, true
	}
	cur, ok := v.get(path[1])
	for _, k := range path[2:] {
		if !ok {
			break
		}
		cur.n = cur.src.get(cur.n, k)
		ok = cur.n != nil
	}
	if !ok {
		gp.undefined(src, line(n), fmt.Sprintf("!reference %v does not name a defined key", path))
		return glValue{}, false
	}
	return cur, true
}

// resolve replaces a value tagged !reference by what it names (nested
// references resolved up to 10 deep); other values are returned as they are.
func (gp *glParser) resolve(v glValue) glValue {
	for depth := 0; v.n != nil && v.n.Tag == "!reference" && depth <= 10; depth++ {
		r, ok := gp.reference(v.src, v.n, depth)
		if !ok {
			return glValue{}
		}
		v = r
	}
	return v
}

// lines flattens a script value (a string or a list, with nested lists and
// !reference tags) into its scalar nodes with their files, each node once
// (aliases can repeat a node without bound).
func (gp *glParser) lines(v glValue, depth int) []glValue {
	all := gp.flatten(v, depth)
	seen := make(map[*yaml.Node]bool, len(all))
	out := all[:0]
	for _, l := range all {
		if !seen[l.n] {
			seen[l.n] = true
			out = append(out, l)
		}
	}
	return out
}

func (gp *glParser) flatten(v glValue, depth int) []glValue {
	n := deref(v.n)
	if n == nil || depth > 10 {
		return nil
	}
	if n.Tag == "!reference" {
		r, ok := gp.reference(v.src, n, depth)
		if !ok {
			return nil
		}
		return gp.flatten(r, depth+1)
	}
	if n.Kind == yaml.ScalarNode {
		return []glValue{{n: n, src: v.src}}
	}
	var out []glValue
	for _, it := range v.src.items(n) {
		out = append(out, gp.flatten(glValue{n: it, src: v.src}, depth+1)...)
	}
	return out
}

// undefined reports a missing template or key, unless the configuration
// includes files we did not read (remote, project, template, component or
// unresolved local includes), where it is most likely defined.
func (gp *glParser) undefined(src *source, ln int, msg string) {
	for _, inc := range gp.p.Includes {
		if !inc.Local || inc.Unresolved {
			return
		}
	}
	src.errorf(ln, "%s", msg)
}
