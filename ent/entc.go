//go:build ignore

// entc.go generates the ent client and the GraphQL schema (graph/ent.graphql)
// from ent/schema. Run through `make generate`.
package main

import (
	"fmt"
	"log"
	"strings"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/entc"
	"entgo.io/ent/entc/gen"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"github.com/vektah/gqlparser/v2/ast"
)

func main() {
	ex, err := entgql.NewExtension(
		entgql.WithSchemaGenerator(),
		entgql.WithWhereInputs(true),
		entgql.WithConfigPath("../gqlgen.yml"),
		entgql.WithSchemaPath("../graph/ent.graphql"),
		entgql.WithSchemaHook(typeDescriptions, idDescriptions, enumDescriptions, whereDescriptions),
	)
	if err != nil {
		log.Fatalf("creating entgql extension: %v", err)
	}
	opts := []entc.Option{
		entc.Extensions(ex),
		entc.FeatureNames("sql/upsert", "sql/versioned-migration", "sql/execquery", "sql/modifier"),
	}
	if err := entc.Generate("./schema", &gen.Config{}, opts...); err != nil {
		log.Fatalf("running ent codegen: %v", err)
	}
}

// typeDescriptions copies each schema's schema.Comment annotation onto its
// GraphQL object type, so that every type is documented in the API.
func typeDescriptions(g *gen.Graph, s *ast.Schema) error {
	if q := s.Types["Query"]; q != nil {
		q.Description = "The inventory: every list is a Relay connection with where filters and ordering."
	}
	for _, n := range g.Nodes {
		ant, ok := n.Annotations[(&schema.CommentAnnotation{}).Name()]
		if !ok {
			continue
		}
		m, ok := ant.(map[string]any)
		if !ok {
			continue
		}
		text, _ := m["Text"].(string)
		def := s.Types[n.Name]
		if def == nil {
			continue
		}
		if text != "" {
			def.Description = text
		}
		// entgql leaves connection edges undocumented: copy the edge comment.
		for _, e := range n.Edges {
			if f := def.Fields.ForName(e.Name); f != nil && f.Description == "" {
				f.Description = e.Comment()
			}
		}
	}
	return nil
}

// camel is how entgql names GraphQL fields after ent fields and edges.
var camel = gen.Funcs["camel"].(func(string) string)

// graphQLDoc is schema.GraphQL (ent/schema/annotations.go) as entc hands it
// over: the annotation JSON-decoded into a map.
type graphQLDoc struct {
	ID     string
	Values map[string]string
}

func docOf(annotations map[string]any) (graphQLDoc, error) {
	var d graphQLDoc
	raw, ok := annotations["PrivgraphGraphQL"].(map[string]any)
	if !ok {
		return d, nil
	}
	d.ID, _ = raw["ID"].(string)
	if vs, ok := raw["Values"].(map[string]any); ok {
		d.Values = make(map[string]string, len(vs))
		for k, v := range vs {
			text, ok := v.(string)
			if !ok {
				return d, fmt.Errorf("value %s: description is %T, not a string", k, v)
			}
			d.Values[k] = text
		}
	}
	return d, nil
}

// idDescriptions documents the id field of every Node type: what it is, and
// how long it lasts (the keyed sentence for types with a key field, else the
// type's schema.GraphQL{ID: …}). A type with neither fails generation.
func idDescriptions(g *gen.Graph, s *ast.Schema) error {
	for _, n := range g.Nodes {
		def := s.Types[n.Name]
		if def == nil {
			continue
		}
		f := def.Fields.ForName("id")
		if f == nil {
			continue
		}
		d, err := docOf(n.Annotations)
		if err != nil {
			return fmt.Errorf("%s: %w", n.Name, err)
		}
		lifetime := d.ID
		if lifetime == "" {
			for _, nf := range n.Fields {
				if nf.Name == "key" {
					lifetime = "Stable across rescans: scans upsert it by its key, so the id changes only if the " +
						strings.ToLower(splitWords(n.Name)) + " disappears and comes back."
				}
			}
		}
		if lifetime == "" {
			return fmt.Errorf("%s has no key field: say how long its ids last with schema.GraphQL{ID: …}", n.Name)
		}
		f.Description = "Global id of the " + strings.ToLower(splitWords(n.Name)) +
			": unique across every type, usable with node(id:) and nodes(ids:). " + lifetime
	}
	return nil
}

// splitWords turns a type name into words: RunnerGroup -> Runner group.
func splitWords(name string) string {
	var b strings.Builder
	for i, r := range name {
		if i > 0 && r >= 'A' && r <= 'Z' {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// enumDescriptions documents the values of every enum generated from an ent
// enum field, from the field's schema.GraphQL{Values: …}; a value without a
// description, or a description without a value, fails generation. Values of
// <T>OrderField enums are described from the ent field they order by.
func enumDescriptions(g *gen.Graph, s *ast.Schema) error {
	for _, n := range g.Nodes {
		order := s.Types[n.Name+"OrderField"]
		for _, f := range n.Fields {
			if order != nil {
				ant := &entgql.Annotation{}
				if err := ant.Decode(f.Annotations[ant.Name()]); err != nil {
					return fmt.Errorf("%s.%s: %w", n.Name, f.Name, err)
				}
				if v := order.EnumValues.ForName(ant.OrderField); ant.OrderField != "" && v != nil {
					v.Description = "Order by " + camel(f.Name) + "."
					if f.IsEnum() {
						v.Description = "Order by " + camel(f.Name) + ", alphabetically by value name (not by rank)."
					}
				}
			}
			if !f.IsEnum() {
				continue
			}
			ident := f.Type.String()
			def := s.Types[n.Name+ident[strings.LastIndexByte(ident, '.')+1:]]
			if def == nil || def.Kind != ast.Enum {
				continue // not in the GraphQL schema (e.g. entgql.Skip)
			}
			d, err := docOf(f.Annotations)
			if err != nil {
				return fmt.Errorf("%s.%s: %w", n.Name, f.Name, err)
			}
			for _, v := range def.EnumValues {
				text := d.Values[v.Name]
				if text == "" {
					return fmt.Errorf("%s.%s: value %s has no description (schema.GraphQL{Values: …})", n.Name, f.Name, v.Name)
				}
				v.Description = text
			}
			if len(d.Values) != len(def.EnumValues) {
				return fmt.Errorf("%s.%s: %d value descriptions for %d values", n.Name, f.Name, len(d.Values), len(def.EnumValues))
			}
		}
		if order != nil {
			for _, v := range order.EnumValues {
				if v.Description == "" {
					return fmt.Errorf("%s: order field %s matches no ent field", order.Name, v.Name)
				}
			}
		}
	}
	return nil
}

// whereDescriptions documents every field of the generated <T>WhereInput
// types, built the way entgql builds them (schema.go, buildWhereInput); a
// field it cannot explain fails generation.
func whereDescriptions(g *gen.Graph, s *ast.Schema) error {
	for _, n := range g.Nodes {
		def := s.Types[n.Name+"WhereInput"]
		if def == nil {
			continue
		}
		docs := map[string]string{
			"not": "Matches what this filter does not match.",
			"and": "Matches what every filter in the list matches.",
			"or":  "Matches what at least one filter in the list matches.",
		}
		fields := n.Fields
		if n.ID != nil {
			fields = append([]*gen.Field{n.ID}, fields...)
		}
		for _, f := range fields {
			if f.Sensitive() || !f.Type.Comparable() {
				continue
			}
			for _, op := range f.Ops() {
				name := camel(f.Name + "_" + op.Name())
				if op == gen.EQ {
					name = camel(f.Name)
				}
				docs[name] = predicateDoc(camel(f.Name), op, f.Type.Type == field.TypeTime)
			}
		}
		for _, e := range n.Edges {
			x := camel(e.Name)
			if e.Unique {
				docs[camel("has_"+e.Name)] = "true: " + x + " is set; false: it is not."
				docs[camel("has_"+e.Name+"_with")] = x + " is set and matches every filter in the list."
			} else {
				docs[camel("has_"+e.Name)] = "true: " + x + " is not empty; false: it is empty."
				docs[camel("has_"+e.Name+"_with")] = "At least one of " + x + " matches every filter in the list."
			}
		}
		for _, f := range def.Fields {
			text, ok := docs[f.Name]
			if !ok {
				return fmt.Errorf("%s.%s: no description for this generated filter", def.Name, f.Name)
			}
			f.Description = text
		}
	}
	return nil
}

// predicateDoc says what the where-input field for field x and op matches.
func predicateDoc(x string, op gen.Op, isTime bool) string {
	cmp := map[gen.Op]string{gen.GT: "greater than", gen.GTE: "greater than or equal to", gen.LT: "less than", gen.LTE: "less than or equal to"}
	if isTime {
		cmp = map[gen.Op]string{gen.GT: "after", gen.GTE: "at or after", gen.LT: "before", gen.LTE: "at or before"}
	}
	switch op {
	case gen.EQ:
		return x + " equals the value."
	case gen.NEQ:
		return x + " differs from the value."
	case gen.In:
		return x + " is one of the values."
	case gen.NotIn:
		return x + " is none of the values."
	case gen.GT, gen.GTE, gen.LT, gen.LTE:
		return x + " is " + cmp[op] + " the value."
	case gen.IsNil:
		return "true: " + x + " is null (false is ignored)."
	case gen.NotNil:
		return "true: " + x + " is not null (false is ignored)."
	case gen.EqualFold:
		return x + " equals the value, case-insensitive."
	case gen.Contains:
		return x + " contains the value, case-sensitive."
	case gen.ContainsFold:
		return x + " contains the value, case-insensitive."
	case gen.HasPrefix:
		return x + " starts with the value."
	case gen.HasSuffix:
		return x + " ends with the value."
	}
	return x + " " + op.Name() + " the value."
}
