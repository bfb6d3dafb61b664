// Package graph serves privgraph's GraphQL API: the schema in
// graph/schema/*.graphql (ours) and graph/ent.graphql (generated from
// ent/schema), resolved by thin resolvers over ent and scanner/analysis.
package graph

import (
	"log/slog"

	"github.com/privgraph/privgraph/ent"
)

// Resolver holds the dependencies of every resolver.
type Resolver struct {
	client *ent.Client
	log    *slog.Logger
}
