package graph

import (
	"io"
	"strconv"

	"github.com/99designs/gqlgen/graphql"
)

// fieldSet holds the values of a serial object's fields, as graphql.FieldSet
// does for gqlgen's generated code (graph/internal/gqlgen makes generated.go
// use it for every non-root object). A serial object has no delayed field to
// dispatch and no @defer group, so it needs only the values; and it marshals
// itself without the map and the per-field copies graphql.FieldSet makes.
// The JSON it writes is the same.
type fieldSet struct {
	fields   []graphql.CollectedField
	Values   []graphql.Marshaler
	Invalids uint32
	small    [4]graphql.Marshaler // Values of an object with few fields
}

func newFieldSet(fields []graphql.CollectedField) *fieldSet {
	m := &fieldSet{fields: fields}
	if len(fields) <= len(m.small) {
		m.Values = m.small[:len(fields)]
	} else {
		m.Values = make([]graphql.Marshaler, len(fields))
	}
	return m
}

// MarshalGQL writes the fields in order as a JSON object; a field whose
// alias was already written is skipped, as graphql.FieldSet does.
func (m *fieldSet) MarshalGQL(w io.Writer) {
	io.WriteString(w, "{")
	first := true
	for i := range m.fields {
		alias := m.fields[i].Alias
		if written(m.fields[:i], alias) {
			continue
		}
		if !first {
			io.WriteString(w, ",")
		}
		first = false
		writeString(w, alias)
		io.WriteString(w, ":")
		m.Values[i].MarshalGQL(w)
	}
	io.WriteString(w, "}")
}

func written(fields []graphql.CollectedField, alias string) bool {
	for i := range fields {
		if fields[i].Alias == alias {
			return true
		}
	}
	return false
}

// stringRef marshals the string it points to as graphql.MarshalString
// does, without allocating (a one-pointer struct fits in an interface);
// intRef likewise for graphql.MarshalInt. graph/internal/gqlgen makes plain
// String and Int fields of generated.go return them, pointing into obj,
// which nothing changes while the answer is marshalled.
type (
	stringRef struct{ p *string }
	intRef    struct{ p *int }
)

func (r stringRef) MarshalGQL(w io.Writer) { writeString(w, *r.p) }
func (r intRef) MarshalGQL(w io.Writer)    { io.WriteString(w, strconv.Itoa(*r.p)) }

// controlEscapes are gqlgen's escapes of the control characters.
var controlEscapes = func() (e [0x20]string) {
	const hex = "0123456789ABCDEF"
	for c := range e {
		e[c] = `\u00` + string(hex[c>>4]) + string(hex[c&0xF])
	}
	e['\t'], e['\r'], e['\n'] = `\t`, `\r`, `\n`
	return e
}()

// writeString writes s as a JSON string exactly as gqlgen's MarshalString
// does: control characters, backslash and quote escaped, everything else
// (invalid UTF-8 included) as is.
func writeString(w io.Writer, s string) {
	io.WriteString(w, `"`)
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '\\' && c != '"' {
			continue
		}
		io.WriteString(w, s[start:i])
		switch c {
		case '\\':
			io.WriteString(w, `\\`)
		case '"':
			io.WriteString(w, `\"`)
		default:
			io.WriteString(w, controlEscapes[c])
		}
		start = i + 1
	}
	io.WriteString(w, s[start:])
	io.WriteString(w, `"`)
}
