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

// GraphQL documents, in the GraphQL schema, what entgql leaves undocumented.
// ent/entc.go's schema hook reads it, and fails generation when an enum value
// or an id is left without a description:
//   - on an enum field, Values describes each value (one line each);
//   - on a type, ID says how long its ids last (types with a key field get
//     the keyed sentence without it).
type GraphQL struct {
	ID     string            `json:",omitempty"`
	Values map[string]string `json:",omitempty"`
}

// Name implements schema.Annotation.
func (GraphQL) Name() string { return "PrivgraphGraphQL" }

// values documents the values of an enum field.
func values(docs map[string]string) GraphQL { return GraphQL{Values: docs} }

// idLifetime documents how long the ids of a type without a key field last.
func idLifetime(text string) GraphQL { return GraphQL{ID: text} }

// stageDocs describes the stages of DESIGN.md's stage table.
var stageDocs = map[string]string{
	"BUILD":   "Compiles, resolves dependencies, produces and pushes artifacts; may need source read and registry or artifact write.",
	"TEST":    "Unit and integration tests, lint, security scans; may need artifact read and scan-result write.",
	"SIGN":    "Signs artifacts that passed; may need signing keys, or OIDC for keyless signing.",
	"STAGE":   "Deploys to staging or a preview; may need staging credentials only.",
	"DEPLOY":  "Promotes to production or publishes releases; may need production credentials, behind approval.",
	"UNKNOWN": "No evidence either way: reported, never guessed.",
}

// platformDocs describes the sources of platforms.
var platformDocs = map[string]string{
	"GITHUB": "GitHub: github.com or a GitHub Enterprise Server.",
	"GITLAB": "GitLab: gitlab.com or a self-managed instance.",
	"LOCAL":  "A local directory of pipeline definitions, scanned without platform settings.",
}
