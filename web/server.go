// Package web serves privgraph's dashboard (templ pages) and /graphql.
package web

import (
	"log/slog"
	"net/http"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/graph"
)

// Options configures the server. The zero value of every field but Client works.
type Options struct {
	Client *ent.Client
	Logger *slog.Logger
}

// New returns the dashboard and API handler.
func New(opts Options) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/graphql", graph.NewHandler(opts.Client, graph.Options{Logger: opts.Logger}))
	return mux
}
