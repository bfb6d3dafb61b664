package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/web"
)

const defaultAddr = "127.0.0.1:8080"

func serveCommand() *command {
	return &command{
		name:    "serve",
		summary: "serve the dashboard and /graphql",
		usage: `privgraph serve [--addr 127.0.0.1:8080] [--db DSN]

Serves the dashboard and the GraphQL API (POST /graphql; a playground at
GET /graphql). On a loopback address no login is needed.
`,
		flags: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			db := dbFlag(fs, e)
			addr := fs.String("addr", defaultAddr, "address to listen on")
			return func(ctx context.Context, args []string) error {
				if len(args) > 0 {
					return &usageError{msg: fmt.Sprintf("unexpected argument %q", args[0])}
				}
				client, err := openDB(ctx, db())
				if err != nil {
					return err
				}
				defer client.Close()
				return serve(ctx, e, client, *addr)
			}
		},
	}
}

// serve listens on addr and serves until ctx is cancelled.
func serve(ctx context.Context, e *env, client *ent.Client, addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	srv := &http.Server{
		Handler:           web.New(web.Options{Client: client, Logger: e.log.With("component", "web")}),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
	}
	fmt.Fprintf(e.stderr, "privgraph: serving on http://%s/ (Ctrl-C to stop)\n", ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
			return err
		}
		return nil
	}
}
