package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/graph"
	"github.com/privgraph/privgraph/web"
)

const defaultAddr = "127.0.0.1:8080"

func serveCommand() *command {
	return &command{
		name:    "serve",
		summary: "serve the dashboard and /graphql",
		usage: `privgraph serve [--addr 127.0.0.1:8080] [--db DSN]

Serves the dashboard and the GraphQL API (POST /graphql; a query console at
GET /graphql). On a loopback address (the default) no login is needed. Any
other address requires API tokens: create one first with
  privgraph token create --name NAME --role reader|triager|admin
then send "Authorization: Bearer TOKEN" with API calls, or sign in at /login.
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
	if e.getenv("GOGC") == "" {
		// Large GraphQL answers allocate ≈ 30 MB each while the live heap of
		// the server stays small: collecting less often cuts the contract
		// query's time by ≈ 20 % (BENCHMARKS.md). GOGC still overrides.
		debug.SetGCPercent(graph.ServeGCPercent)
	}
	auth := !loopbackAddr(addr)
	if auth {
		n, err := web.ActiveTokens(ctx, client, time.Now())
		if err != nil {
			return err
		}
		if n == 0 {
			return &usageError{msg: fmt.Sprintf("%s is not a loopback address, so the server requires API tokens, and there is none: "+
				"create one with `privgraph token create --name NAME --role admin` (or serve on 127.0.0.1)", addr)}
		}
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	srv := &http.Server{
		Handler:           web.New(web.Options{Client: client, Logger: e.log.With("component", "web"), RequireAuth: auth}),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
	}
	access := "no login on loopback"
	if auth {
		access = "API tokens required: sign in at /login or send Authorization: Bearer"
	}
	fmt.Fprintf(e.stderr, "privgraph: serving on http://%s/ (%s; Ctrl-C to stop)\n", ln.Addr(), access)
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

// loopbackAddr reports whether addr binds only loopback interfaces.
func loopbackAddr(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
