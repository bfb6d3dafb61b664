package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"runtime/debug"
	"strconv"
	"syscall"
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
			addr := fs.String("addr", defaultAddr, "`HOST:PORT` to listen on; beyond loopback, API tokens are required")
			return func(ctx context.Context, args []string) error {
				if len(args) > 0 {
					return &usageError{msg: fmt.Sprintf("unexpected argument %q", args[0])}
				}
				client, err := openDB(ctx, db(), false)
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
	ln, auth, err := listen(ctx, client, addr)
	if err != nil {
		return err
	}
	return serveOn(ctx, e, client, ln, auth)
}

// listen checks --addr and opens the listener: a loopback address needs no
// login; any other needs an active API token. Everything that can go wrong
// with the address is told here, before a demo scans or a server starts.
func listen(ctx context.Context, client *ent.Client, addr string) (net.Listener, bool, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, false, &usageError{msg: fmt.Sprintf("--addr %q is not HOST:PORT; e.g. --addr 127.0.0.1:8080", addr)}
	}
	if p, err := strconv.Atoi(port); err != nil || p < 0 || p > 65535 {
		return nil, false, &usageError{msg: fmt.Sprintf("--addr %q: the port must be a number from 0 to 65535", addr)}
	}
	auth := !loopbackAddr(addr)
	if auth {
		n, err := web.ActiveTokens(ctx, client, time.Now())
		if err != nil {
			return nil, false, fmt.Errorf("read API tokens: %w", err)
		}
		if n == 0 {
			shown := host
			if shown == "" {
				shown = "every interface"
			}
			return nil, false, &usageError{msg: fmt.Sprintf("--addr %s listens on %s, beyond loopback, so the server requires API tokens, and there is none: "+
				"create one with `privgraph token create --name NAME --role admin` (or serve on 127.0.0.1)", addr, shown)}
		}
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, false, listenError("--addr", addr, err)
	}
	return ln, auth, nil
}

// listenError says in one line why addr could not be listened on.
func listenError(flagName, addr string, err error) error {
	switch {
	case errors.Is(err, syscall.EADDRINUSE):
		return fmt.Errorf("cannot listen on %s: the address is already in use (another privgraph?); pick another with %s", addr, flagName)
	case errors.Is(err, syscall.EACCES):
		return fmt.Errorf("cannot listen on %s: permission denied (ports below 1024 need privileges); pick another with %s", addr, flagName)
	case errors.Is(err, syscall.EADDRNOTAVAIL):
		return fmt.Errorf("cannot listen on %s: no interface of this machine has that address; check %s", addr, flagName)
	}
	return fmt.Errorf("cannot listen on %s: %v", addr, rootCause(err))
}

// serveOn serves the dashboard on ln until ctx is cancelled.
func serveOn(ctx context.Context, e *env, client *ent.Client, ln net.Listener, auth bool) error {
	if e.getenv("GOGC") == "" {
		// Large GraphQL answers allocate ≈ 30 MB each while the live heap of
		// the server stays small: collecting less often cuts the contract
		// query's time by ≈ 20 % (BENCHMARKS.md). GOGC still overrides.
		debug.SetGCPercent(graph.ServeGCPercent)
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
