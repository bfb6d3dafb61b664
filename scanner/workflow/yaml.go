package workflow

import (
	"strings"

	"gopkg.in/yaml.v3"
)

// pair is one key/value of a mapping, after merge keys are applied.
type pair struct {
	key   string
	keyN  *yaml.Node
	value *yaml.Node
}

// deref follows aliases (bounded) and returns the node they name.
func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 16; i++ {
		n = n.Alias
	}
	if n != nil && n.Kind == yaml.AliasNode {
		return nil
	}
	if n != nil && n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		return deref(n.Content[0])
	}
	return n
}

// pairs returns the entries of a mapping node, with YAML merge keys (<<)
// expanded: merged entries first, explicit entries override them. It charges
// the source's budget and returns nil for anything that is not a mapping.
func (s *source) pairs(n *yaml.Node) []pair {
	return s.pairsDepth(n, 0)
}

func (s *source) pairsDepth(n *yaml.Node, depth int) []pair {
	n = deref(n)
	if n == nil || n.Kind != yaml.MappingNode || depth > maxDepth {
		return nil
	}
	var merged, own []pair
	for i := 0; i+1 < len(n.Content); i += 2 {
		if !s.visit() {
			return nil
		}
		k, v := n.Content[i], n.Content[i+1]
		kd := deref(k)
		if kd == nil {
			continue
		}
		if kd.Tag == "!!merge" || (kd.Value == "<<" && kd.Style == 0) {
			merged = append(merged, s.mergeSources(v, depth)...)
			continue
		}
		if prev := findPair(own, kd.Value); prev != nil {
			s.errorf(kd.Line, "key %q is defined twice (first at line %d); the first is used", kd.Value, prev.keyN.Line)
			continue
		}
		own = append(own, pair{key: kd.Value, keyN: kd, value: v})
	}
	if len(merged) == 0 {
		return own
	}
	return overlay(merged, own)
}

func (s *source) mergeSources(v *yaml.Node, depth int) []pair {
	v = deref(v)
	if v == nil {
		return nil
	}
	if v.Kind == yaml.SequenceNode {
		var out []pair
		// Earlier maps in the list take precedence over later ones.
		for i := len(v.Content) - 1; i >= 0; i-- {
			out = overlay(out, s.pairsDepth(v.Content[i], depth+1))
		}
		return out
	}
	return s.pairsDepth(v, depth+1)
}

func findPair(ps []pair, key string) *pair {
	for i := range ps {
		if ps[i].key == key {
			return &ps[i]
		}
	}
	return nil
}

// overlay returns base with top's keys replacing or appended.
func overlay(base, top []pair) []pair {
	out := make([]pair, 0, len(base)+len(top))
	idx := make(map[string]int, len(base)+len(top))
	for _, p := range append(base, top...) {
		if i, ok := idx[p.key]; ok {
			out[i] = p
			continue
		}
		idx[p.key] = len(out)
		out = append(out, p)
	}
	return out
}

// get returns the value of key in mapping n, or nil.
func (s *source) get(n *yaml.Node, key string) *yaml.Node {
	n = deref(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	if v, ok := lookup(n, key); ok {
		if !s.visit() {
			return nil
		}
		return deref(v)
	}
	for _, p := range s.pairs(n) {
		if p.key == key {
			return deref(p.value)
		}
	}
	return nil
}

// lookup finds key in a mapping without merge keys (the first one, as get
// does over pairs); ok is false when the mapping has a merge key.
func lookup(n *yaml.Node, key string) (*yaml.Node, bool) {
	var found *yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := deref(n.Content[i])
		if k == nil || k.Tag == "!!merge" || k.Value == "<<" {
			return nil, false
		}
		if k.Value == key && found == nil {
			found = n.Content[i+1]
		}
	}
	return found, true
}

// items returns the elements of a sequence node (aliases resolved).
func (s *source) items(n *yaml.Node) []*yaml.Node {
	n = deref(n)
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	out := make([]*yaml.Node, 0, len(n.Content))
	for _, c := range n.Content {
		if !s.visit() {
			return out
		}
		if c = deref(c); c != nil {
			out = append(out, c)
		}
	}
	return out
}

// scalar returns a scalar's value and whether n is a scalar (null is "").
func scalar(n *yaml.Node) (string, bool) {
	n = deref(n)
	if n == nil || n.Kind != yaml.ScalarNode {
		return "", false
	}
	if n.Tag == "!!null" {
		return "", true
	}
	return n.Value, true
}

// str returns a scalar's value or "".
func str(n *yaml.Node) string {
	v, _ := scalar(n)
	return v
}

// strList accepts a scalar or a sequence of scalars.
func (s *source) strList(n *yaml.Node) []string {
	n = deref(n)
	if n == nil {
		return nil
	}
	if v, ok := scalar(n); ok {
		if v == "" {
			return nil
		}
		return []string{v}
	}
	var out []string
	for _, c := range s.items(n) {
		if v, ok := scalar(c); ok && v != "" {
			out = append(out, v)
		}
	}
	return out
}

// line returns the line of n as written (for an alias, the line of the
// alias itself), or 0 for nil.
func line(n *yaml.Node) int {
	if n == nil {
		return 0
	}
	return n.Line
}

// kindName names a node kind for error messages.
func kindName(n *yaml.Node) string {
	n = deref(n)
	if n == nil {
		return "nothing"
	}
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "null"
		}
		return "a scalar"
	}
	return "an unsupported node"
}

// walkStrings calls fn for every scalar string under n with the path of keys
// leading to it, bounded in depth and by the source's budget.
func (s *source) walkStrings(n *yaml.Node, path []string, fn func(path []string, n *yaml.Node)) {
	s.walkDepth(n, path, 0, fn)
}

func (s *source) walkDepth(n *yaml.Node, path []string, depth int, fn func([]string, *yaml.Node)) {
	if depth > maxDepth {
		s.errorf(line(n), "document nests more than %d levels deep; the rest is ignored", maxDepth)
		return
	}
	if !s.visit() {
		return
	}
	n = deref(n)
	if n == nil {
		return
	}
	switch n.Kind {
	case yaml.ScalarNode:
		fn(path, n)
	case yaml.SequenceNode:
		for _, c := range n.Content {
			s.walkDepth(c, path, depth+1, fn)
		}
	case yaml.MappingNode:
		for _, p := range s.pairsDepth(n, depth) {
			s.walkDepth(p.value, append(path[:len(path):len(path)], p.key), depth+1, fn)
		}
	}
}

// locate returns the line of the first occurrence of needle at or after the
// node's line, within the node's extent; it falls back to the node's line.
func (s *source) locate(n *yaml.Node, needle string, from int) int {
	start := line(n)
	if from > start {
		start = from
	}
	if start < 1 || needle == "" {
		return line(n)
	}
	// Folded and plain scalars lose their line breaks: allow for them.
	span := min(strings.Count(n.Value, "\n")+len(n.Value)/16+3, 4000)
	end := start + span
	for l := start; l <= end && l <= len(s.lines); l++ {
		if containsWord(s.lines[l-1], needle) {
			return l
		}
	}
	return line(n)
}

// lineAt returns the line of byte offset pos of scalar n's value: exact for
// literal block scalars (|), found by searching for needle otherwise
// (folded and quoted scalars lose their line breaks).
func (s *source) lineAt(n *yaml.Node, pos int, needle string, from int) int {
	if n != nil && n.Style&yaml.LiteralStyle != 0 && pos >= 0 && pos <= len(n.Value) {
		return n.Line + 1 + strings.Count(n.Value[:pos], "\n")
	}
	return s.locate(n, needle, from)
}

// containsWord reports needle in line not followed by an identifier byte
// (so $TOKEN does not match $TOKEN_ID).
func containsWord(line, needle string) bool {
	for off := 0; ; {
		i := strings.Index(line[off:], needle)
		if i < 0 {
			return false
		}
		end := off + i + len(needle)
		if end >= len(line) || !isVarByte(line[end]) || !isVarByte(needle[len(needle)-1]) {
			return true
		}
		off = off + i + 1
	}
}
