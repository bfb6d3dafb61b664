package workflow

import (
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// includes reads include: in its forms (a string, a list, a mapping) and
// resolves local files; project, remote, template and component includes
// are recorded with their ref.
func (gp *glParser) includes(src *source, n *yaml.Node) {
	n = deref(n)
	if n == nil {
		return
	}
	if n.Kind == yaml.SequenceNode {
		for _, it := range src.items(n) {
			gp.include(src, it)
		}
		return
	}
	gp.include(src, n)
}

func (gp *glParser) include(src *source, n *yaml.Node) {
	if v, ok := scalar(n); ok {
		if strings.HasPrefix(v, "http://") || strings.HasPrefix(v, "https://") {
			gp.addInclude(Include{Ref: v, Kind: "remote", Line: line(n), File: src.path})
			return
		}
		gp.local(src, v, line(n))
		return
	}
	if deref(n) == nil || deref(n).Kind != yaml.MappingNode {
		src.errorf(line(n), "an include must be a file name or a mapping, got %s", kindName(n))
		return
	}
	switch {
	case src.get(n, "local") != nil:
		gp.local(src, str(src.get(n, "local")), line(n))
	case src.get(n, "project") != nil:
		ref := str(src.get(n, "ref"))
		files := src.strList(src.get(n, "file"))
		r := str(src.get(n, "project")) + ":" + strings.Join(files, ",")
		if ref != "" {
			r += "@" + ref
		}
		gp.addInclude(Include{Ref: r, Kind: "project", Pinned: fullSHA.MatchString(ref), Line: line(n), File: src.path})
	case src.get(n, "remote") != nil:
		gp.addInclude(Include{Ref: str(src.get(n, "remote")), Kind: "remote", Line: line(n), File: src.path})
	case src.get(n, "template") != nil:
		gp.addInclude(Include{Ref: str(src.get(n, "template")), Kind: "template", Line: line(n), File: src.path})
	case src.get(n, "component") != nil:
		c := str(src.get(n, "component"))
		_, ver, _ := strings.Cut(c, "@")
		gp.addInclude(Include{Ref: c, Kind: "component", Pinned: fullSHA.MatchString(ver), Line: line(n), File: src.path})
	default:
		src.errorf(line(n), "an include needs one of local, project, remote, template or component")
	}
}

func (gp *glParser) addInclude(inc Include) {
	gp.p.Includes = append(gp.p.Includes, inc)
}

// local resolves include: local within the repository.
func (gp *glParser) local(src *source, p string, ln int) {
	inc := Include{Ref: p, Kind: "local", Local: true, Line: ln, File: src.path}
	path := strings.TrimPrefix(strings.TrimSpace(p), "/")
	switch {
	case gp.read == nil, strings.ContainsAny(path, "*?[$"):
		inc.Unresolved = true
	case slices.Contains(gp.stack, path), len(gp.stack) > maxIncludeDepth:
		inc.Unresolved = true
		src.errorf(ln, "include %q is nested too deep or includes itself", p)
	case gp.included[path]:
		// Already read: GitLab reads a file included twice once.
	case len(gp.included) >= maxCalledFiles:
		inc.Unresolved = true
		src.errorf(ln, "include %q not read: more than %d included files", p, maxCalledFiles)
	default:
		gp.included[path] = true
		content, err := gp.read(path)
		if err != nil {
			inc.Unresolved = true
			src.errorf(ln, "include %q could not be read", p)
			break
		}
		if gp.shared.bytes += len(content); gp.shared.bytes > maxTotalBytes {
			inc.Unresolved = true
			src.errorf(ln, "include %q not read: the included files exceed %d bytes", p, maxTotalBytes)
			break
		}
		root, isrc := gp.load(path, content)
		if root == nil {
			inc.Unresolved = true
			break
		}
		gp.collect(isrc, root)
	}
	gp.addInclude(inc)
}
