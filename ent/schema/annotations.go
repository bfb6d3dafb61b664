// Package schema holds privgraph's graph: one file per noun. The names of
// types, fields and edges are the GraphQL contract (DESIGN.md): extend them,
// never rename them silently.
package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
)

// node returns the annotations every queryable type carries: a Relay node with
// a connection, a top-level query field, where inputs, and a description.
func node(description string) []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.QueryField().Description(listDescription(description)),
		entgql.MultiOrder(),
		schema.Comment(description),
	}
}

// listDescription documents a type's top-level connection field.
func listDescription(description string) string {
	return "Lists: " + description + " Paged with first/after (or last/before), filtered by where, sorted by orderBy."
}

// keyField is the stable identity a scan upserts an entity by. It is built
// from platform names (never database ids), so it survives rescans.
func keyField(what string) ent.Field {
	return field.String("key").
		NotEmpty().
		Unique().
		Comment("Stable identity of the " + what + " across scans, built from platform names.")
}

// stages lists the pipeline stages of DESIGN.md, in pipeline order.
var stages = []string{"BUILD", "TEST", "SIGN", "STAGE", "DEPLOY", "UNKNOWN"}

// platforms lists the sources privgraph scans.
var platforms = []string{"GITHUB", "GITLAB", "LOCAL"}
