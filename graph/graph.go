package graph

import (
	"log/slog"

	"github.com/99designs/gqlgen/graphql"

	"github.com/privgraph/privgraph/ent"
)

// Options configures the GraphQL schema. The zero value works: a trusted
// caller (the offline CLI, a loopback server) may do everything.
type Options struct {
	Logger *slog.Logger
	// RequireCaller makes a request without a Caller in its context (see
	// WithCaller) fail with UNAUTHENTICATED. The server sets it when it binds
	// beyond loopback.
	RequireCaller bool
}

// NewSchema builds the executable schema over an ent client.
func NewSchema(client *ent.Client, opts Options) graphql.ExecutableSchema {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return NewExecutableSchema(Config{
		Resolvers:  &Resolver{client: client, log: log},
		Directives: DirectiveRoot{HasRole: hasRole(opts.RequireCaller)},
	})
}
