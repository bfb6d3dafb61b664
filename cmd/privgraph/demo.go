package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/scanner/githubtest"
)

const demoDSN = "privgraph-demo.db"

func demoCommand() *command {
	return &command{
		name:    "demo",
		summary: "scan the bundled fake GitHub and GitLab APIs and serve the dashboard",
		usage: `privgraph demo [--addr 127.0.0.1:8080] [--db privgraph-demo.db]
       privgraph demo --fake-apis-only [--fake-addr 127.0.0.1:PORT]

The one-command tour: starts the bundled fake GitHub and GitLab APIs on
loopback (GitHub as Enterprise Server lays it out: REST under /api/v3/,
GraphQL at /api/graphql, organization "demo"; GitLab under /api/v4/, group
"demo"), scans them through the real scanners into the demo database, and
serves the dashboard. Any non-empty token is accepted by the fakes.

With --fake-apis-only it only starts the fakes and prints their URLs, so you
can point a scanner (or another tool) at them:
  privgraph scan github --org demo --api-url http://127.0.0.1:PORT/api/v3/
`,
		flags: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			db := fs.String("db", demoDSN, "the demo inventory: an SQLite file or a postgres:// `DSN`")
			addr := fs.String("addr", defaultAddr, "`HOST:PORT` of the dashboard")
			fakeOnly := fs.Bool("fake-apis-only", false, "only start the fake APIs and print their URLs")
			fakeAddr := fs.String("fake-addr", "127.0.0.1:0", "`HOST:PORT` of the fake APIs, on loopback; port 0 is any free port")
			return func(ctx context.Context, args []string) error {
				if len(args) > 0 {
					return &usageError{msg: fmt.Sprintf("unexpected argument %q", args[0])}
				}
				if !isLoopback(*fakeAddr) {
					return &usageError{msg: "--fake-addr must be a loopback HOST:PORT, e.g. 127.0.0.1:0 (any free port) or [::1]:9000"}
				}
				base, stop, err := startFakes(*fakeAddr)
				if err != nil {
					return err
				}
				defer stop()
				printFakes(e, base)
				if *fakeOnly {
					fmt.Fprintln(e.stderr, "privgraph: fake APIs running; Ctrl-C to stop")
					<-ctx.Done()
					return nil
				}
				return runDemo(ctx, e, *db, *addr, base)
			}
		},
	}
}

// fakeAPIs mounts the fake platforms on one mux: their path prefixes do not
// overlap (/api/v3/ and /api/graphql for GitHub, /api/v4/ for GitLab).
func fakeAPIs() http.Handler {
	mux := http.NewServeMux()
	gh := githubtest.NewDemoHandler()
	mux.Handle("/api/v3/", gh)
	mux.Handle("/api/graphql", gh)
	for prefix, h := range extraFakes() {
		mux.Handle(prefix, h)
	}
	return mux
}

// startFakes serves the fake APIs on addr and returns their base URL.
func startFakes(addr string) (string, func(), error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", nil, listenError("--fake-addr", addr, err)
	}
	srv := &http.Server{Handler: fakeAPIs(), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintf(os.Stderr, "privgraph: fake APIs stopped: %v\n", err)
		}
	}()
	stop := func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	}
	return "http://" + ln.Addr().String(), stop, nil
}

func printFakes(e *env, base string) {
	fmt.Fprintf(e.stdout, "fake GitHub API: %s/api/v3/ (GraphQL %s/api/graphql), organization \"demo\"\n", base, base)
	if len(extraFakes()) > 0 {
		fmt.Fprintf(e.stdout, "fake GitLab API: %s/api/v4/, group \"demo\"\n", base)
	}
	fmt.Fprintf(e.stdout, "try: GITHUB_TOKEN=demo privgraph scan github --org demo --api-url %s/api/v3/\n", base)
	if len(extraFakes()) > 0 {
		fmt.Fprintf(e.stdout, "     GITLAB_TOKEN=demo privgraph scan gitlab --group demo --url %s\n", base)
	}
}

// runDemo scans the fakes into dsn and serves the dashboard. The
// dashboard's address is taken first, so that a busy port or a refused
// address is told before the scans, not after them.
func runDemo(ctx context.Context, e *env, dsn, addr, base string) error {
	client, err := openDB(ctx, dsn, false)
	if err != nil {
		return err
	}
	defer client.Close()
	ln, auth, err := listen(ctx, client, addr)
	if err != nil {
		return err
	}
	defer ln.Close()
	if err := demoScans(ctx, e, client, base); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "\nprivgraph demo: open http://%s/ in your browser (Ctrl-C to stop)\n", ln.Addr())
	return serveOn(ctx, e, client, ln, auth)
}

// demoScans scans the fake GitHub organization and GitLab group at base.
func demoScans(ctx context.Context, e *env, client *ent.Client, base string) error {
	scans := []struct {
		what string
		run  func() error
	}{
		{"GitHub organization demo", func() error { return demoScanGitHub(ctx, e, client, base+"/api/v3/") }},
		{"GitLab group demo", func() error { return demoScanGitLab(ctx, e, client, base) }},
	}
	for _, s := range scans {
		fmt.Fprintf(e.stderr, "privgraph: scanning the %s\n", s.what)
		err := s.run()
		var ni *notImplementedError
		switch {
		case errors.As(err, &ni):
			fmt.Fprintf(e.stderr, "privgraph: skipped the %s: %v\n", s.what, err)
		case err != nil:
			return fmt.Errorf("demo scan of the %s: %w", s.what, err)
		}
	}
	return nil
}

func isLoopback(addr string) bool {
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
