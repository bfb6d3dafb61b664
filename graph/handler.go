package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"time"

	"entgo.io/contrib/entgql"
	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/99designs/gqlgen/graphql/playground"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/privgraph/privgraph/ent"
)

// ServeGCPercent is the garbage collector target `privgraph serve` runs with
// (GOGC=400) unless GOGC is set: a contract query allocates ≈ 15 MB while
// the server's live heap stays small, so collecting less often saves time.
// BenchmarkQueries measures under the same setting (PRIVGRAPH_BENCH_GOGC
// overrides it).
const ServeGCPercent = 400

// Request limits.
const (
	MaxBodyBytes = 1 << 20
	Timeout      = 30 * time.Second
)

// NewHandler serves POST /graphql (and GET for the playground page). Each
// mutation runs in one transaction.
func NewHandler(client *ent.Client, opts Options) http.Handler {
	return newHandler(client, opts, postTransport{})
}

// newHandler is NewHandler with the transport of POST requests (a test
// compares postTransport with gqlgen's).
func newHandler(client *ent.Client, opts Options, post graphql.Transport) http.Handler {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	opts.Logger = log
	srv := handler.New(NewSchema(client, opts))
	srv.AddTransport(post)
	srv.AddTransport(transport.GET{})
	for _, e := range extensions(client, opts) {
		srv.Use(e)
	}
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
		if r.Body != nil {
			body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
			if err != nil {
				code, msg, ok := Classify(err)
				if !ok {
					code, msg = CodeBadInput, "the request body could not be read"
				}
				status := http.StatusBadRequest
				if code == CodeTooLarge {
					status = http.StatusRequestEntityTooLarge
				}
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(status)
				_ = json.NewEncoder(w).Encode(map[string]any{"errors": []any{map[string]any{"message": msg, "extensions": map[string]any{"code": code}}}})
				return
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
		}
		srv.ServeHTTP(w, r)
	})
}

// extensions are the server's handler extensions. None may intercept fields
// (graphql.FieldInterceptor): graph/internal/gqlgen marshals plain scalar
// fields without calling the field middleware (TestNoFieldInterceptor).
func extensions(client *ent.Client, opts Options) []graphql.HandlerExtension {
	return []graphql.HandlerExtension{
		extension.Introspection{},
		limits{requireCaller: opts.RequireCaller},
		entgql.Transactioner{TxOpener: client},
	}
}
