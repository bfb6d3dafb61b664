//go:build ignore

// entc.go generates the ent client and the GraphQL schema (graph/ent.graphql)
// from ent/schema. Run through `make generate`.
package main

import (
	"log"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/entc"
	"entgo.io/ent/entc/gen"
	"entgo.io/ent/schema"
	"github.com/vektah/gqlparser/v2/ast"
)

func main() {
	ex, err := entgql.NewExtension(
		entgql.WithSchemaGenerator(),
		entgql.WithWhereInputs(true),
		entgql.WithConfigPath("../gqlgen.yml"),
		entgql.WithSchemaPath("../graph/ent.graphql"),
		entgql.WithSchemaHook(typeDescriptions),
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
