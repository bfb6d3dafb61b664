package workflow

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"gopkg.in/yaml.v3"
)

// Limits that bound the memory and time one file can cost.
const (
	// MaxFileSize is the largest definition parsed; larger files are
	// recorded with an error and no jobs.
	MaxFileSize = 2 << 20
	// maxDepth bounds the nesting of the YAML tree we walk.
	maxDepth = 64
	// maxVisits bounds the nodes visited per file, counting every alias
	// expansion, so that an alias bomb costs a bounded amount of work.
	maxVisits = 100_000
	// maxExpression bounds Reference.Expression and Injection.Expression.
	maxExpression = 512
	// maxRun bounds Step.Run.
	maxRun = 2048
	// maxIncludeDepth bounds nested includes and reusable workflow calls.
	maxIncludeDepth = 8
	// maxExtendsDepth is GitLab's own limit of nested extends.
	maxExtendsDepth = 11
	// maxTotalBytes bounds what one Parse reads through ReadFile.
	maxTotalBytes = 8 << 20
)

// errBudget reports that a file exceeded maxVisits.
var errBudget = errors.New("document expands to too many nodes (YAML alias expansion or size limit)")

// source is one file being parsed: its path, its lines (to locate
// expressions) and the visit budget shared by every walk over it.
type source struct {
	path   string
	lines  []string
	visits int
	over   bool
	errs   []ParseError
	// exprs memoizes the expressions of scalar nodes.
	exprs map[*yaml.Node][]expr
}

func newSource(path string, content []byte) *source {
	return &source{path: path, lines: strings.Split(string(content), "\n")}
}

// visit charges one node to the budget and reports whether the walk may go on.
func (s *source) visit() bool {
	s.visits++
	if s.visits > maxVisits {
		if !s.over {
			s.over = true
			s.errorf(0, "%v", errBudget)
		}
		return false
	}
	return true
}

func (s *source) errorf(line int, format string, args ...any) {
	if len(s.errs) >= 50 {
		return
	}
	e := ParseError{File: s.path, Line: line, Message: fmt.Sprintf(format, args...)}
	for _, o := range s.errs {
		if o == e {
			return
		}
	}
	s.errs = append(s.errs, e)
}

// parseDocuments checks the size, then parses every YAML document of content.
// It returns nil documents and an error when the file cannot be read at all.
func parseDocuments(path string, content []byte) ([]*yaml.Node, []ParseError) {
	if len(content) > MaxFileSize {
		return nil, []ParseError{{File: path, Message: fmt.Sprintf("file is %d bytes, larger than the %d bytes limit; not parsed", len(content), MaxFileSize)}}
	}
	if d := bracketDepth(content); d > 4*maxDepth {
		return nil, []ParseError{{File: path, Message: fmt.Sprintf("document nests %d levels deep, more than the %d levels limit; not parsed", d, 4*maxDepth)}}
	}
	var docs []*yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(content))
	for len(docs) < 8 {
		var n yaml.Node
		err := decodeSafe(dec, &n)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return docs, []ParseError{yamlError(path, err)}
		}
		docs = append(docs, &n)
	}
	return docs, nil
}

// decodeSafe decodes one document, turning a panic of the YAML library into
// an error.
func decodeSafe(dec *yaml.Decoder, n *yaml.Node) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("yaml parser failed: %v", r)
		}
	}()
	return dec.Decode(n)
}

// yamlError turns a yaml.v3 error ("yaml: line 3: did not find expected key")
// into a ParseError with the line.
func yamlError(path string, err error) ParseError {
	msg := err.Error()
	msg = strings.TrimPrefix(msg, "yaml: ")
	line := 0
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if i := strings.IndexByte(rest, ':'); i > 0 {
			if _, e := fmt.Sscanf(rest[:i], "%d", &line); e == nil {
				msg = strings.TrimSpace(rest[i+1:])
			}
		}
	}
	return ParseError{File: path, Line: line, Message: "invalid YAML: " + msg}
}

// bracketDepth returns the deepest nesting of flow brackets and indentation
// levels, a cheap pre-check against documents built to exhaust the parser.
func bracketDepth(content []byte) int {
	depth, maxD := 0, 0
	inQuote := byte(0)
	for _, c := range content {
		switch {
		case inQuote != 0:
			if c == inQuote || c == '\n' {
				inQuote = 0
			}
		case c == '"' || c == '\'':
			inQuote = c
		case c == '[' || c == '{':
			depth++
			if depth > maxD {
				maxD = depth
			}
		case c == ']' || c == '}':
			if depth > 0 {
				depth--
			}
		}
	}
	return maxD
}

// recoverParse is the last line of defence of every exported parser: a panic
// becomes a ParseError and the scan goes on.
func recoverParse(p *Pipeline) {
	if r := recover(); r != nil {
		p.Errors = append(p.Errors, ParseError{File: p.Path, Message: fmt.Sprintf("internal parser error: %v", r)})
	}
}

// clip cuts s to at most n bytes, on a rune boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8Start(s[n]) {
		n--
	}
	return s[:n]
}

func utf8Start(b byte) bool { return b&0xC0 != 0x80 }
