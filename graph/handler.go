package graph

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"entgo.io/contrib/entgql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/99designs/gqlgen/graphql/playground"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/privgraph/privgraph/ent"
)

// Request limits.
const (
	MaxBodyBytes = 1 << 20
	Timeout      = 30 * time.Second
)

// NewHandler serves POST /graphql (and GET for the playground page). Each
// mutation runs in one transaction.
func NewHandler(client *ent.Client, opts Options) http.Handler {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	opts.Logger = log
	srv := handler.New(NewSchema(client, opts))
	srv.AddTransport(transport.POST{})
	srv.AddTransport(transport.GET{})
	srv.Use(extension.Introspection{})
	srv.Use(limits{requireCaller: opts.RequireCaller})
	srv.Use(entgql.Transactioner{TxOpener: client})
	srv.SetErrorPresenter(presenter(log))
	srv.SetRecoverFunc(func(ctx context.Context, v any) error {
		log.ErrorContext(ctx, "graphql resolver panic", "err", v)
		return &gqlerror.Error{Message: "internal error", Extensions: map[string]any{"code": CodeInternal}}
	})
	play := playground.Handler("privgraph GraphQL", "/graphql")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && r.URL.Query().Get("query") == "" {
			play.ServeHTTP(w, r)
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), Timeout)
		defer cancel()
		r = r.WithContext(ctx)
		r.Body = http.MaxBytesReader(w, r.Body, MaxBodyBytes)
		srv.ServeHTTP(w, r)
	})
}
