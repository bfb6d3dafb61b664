package graph

import (
	"net/http"
	"time"

	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/99designs/gqlgen/graphql/playground"

	"github.com/privgraph/privgraph/ent"
)

// Limits bound what one request may cost.
const (
	MaxComplexity = 5000
	MaxBodyBytes  = 1 << 20
	Timeout       = 30 * time.Second
)

// NewHandler serves POST /graphql (and GET for the playground page).
func NewHandler(client *ent.Client, opts Options) http.Handler {
	srv := handler.New(NewSchema(client, opts))
	srv.AddTransport(transport.POST{})
	srv.AddTransport(transport.GET{})
	srv.Use(extension.FixedComplexityLimit(MaxComplexity))
	srv.Use(extension.Introspection{})
	play := playground.Handler("privgraph GraphQL", "/graphql")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && r.URL.Query().Get("query") == "" {
			play.ServeHTTP(w, r)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, MaxBodyBytes)
		srv.ServeHTTP(w, r)
	})
}
