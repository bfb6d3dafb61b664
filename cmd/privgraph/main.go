// Command privgraph inventories CI/CD pipeline privileges: it scans GitHub
// organizations, GitLab groups and local checkouts for every credential a
// pipeline can use, maps each to the stages that need it and the stages that
// can reach it, and serves the result as a dashboard and a GraphQL API.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		// The first Ctrl-C cancels the command, which then rolls back and
		// exits; a second one kills the process at once.
		<-ctx.Done()
		stop()
	}()
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Getenv)
	stop()
	stderr := newTermSafe(os.Stderr)
	code := exitCode(err, stderr)
	_ = stderr.Flush()
	os.Exit(code)
}

// env is what every command gets: its output streams, the environment and
// the logger main built.
type env struct {
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
	log    *slog.Logger
}

// run parses the command line and runs one command.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	level := slog.LevelWarn
	if getenv("PRIVGRAPH_DEBUG") != "" {
		level = slog.LevelDebug
	}
	// Scanned names reach both streams: control characters are shown, not
	// sent to the terminal.
	out, errw := newTermSafe(stdout), newTermSafe(stderr)
	defer func() { _ = out.Flush(); _ = errw.Flush() }()
	e := &env{
		stdout: out,
		stderr: errw,
		getenv: getenv,
		log:    slog.New(quietWhenDone(ctx, slog.NewTextHandler(errw, &slog.HandlerOptions{Level: level}))),
	}
	return root().dispatch(ctx, e, args, "privgraph")
}

// exitCode maps an error to the process exit code and prints it: 0 on
// success, 2 for usage errors and unimplemented commands, 1 otherwise (and
// for report --fail-on).
func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	var ue *usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(stderr, "privgraph: %s\n", ue.msg)
		fmt.Fprint(stderr, ue.usage)
		return 2
	}
	var ni *notImplementedError
	if errors.As(err, &ni) {
		fmt.Fprintf(stderr, "privgraph: %s\n", ni)
		return 2
	}
	var ge *gateError
	if errors.As(err, &ge) {
		fmt.Fprintf(stderr, "privgraph: %s\n", ge.msg)
		return 1
	}
	var ie *interruptedError
	if errors.As(err, &ie) {
		fmt.Fprintf(stderr, "privgraph: interrupted: %s\n", ie.what)
		return 130
	}
	if errors.Is(err, context.Canceled) {
		fmt.Fprintln(stderr, "privgraph: interrupted")
		return 130
	}
	fmt.Fprintf(stderr, "privgraph: %v\n", err)
	return 1
}

// usageError is a bad command line: exit 2 with the command's usage.
type usageError struct {
	msg   string
	usage string
}

func (e *usageError) Error() string { return e.msg }

// interruptedError is a command stopped by Ctrl-C (or SIGTERM): exit 130,
// saying what became of its work.
type interruptedError struct{ what string }

func (e *interruptedError) Error() string { return "interrupted: " + e.what }

// quietWhenDone drops log records below ERROR once ctx is cancelled: after
// Ctrl-C, the warnings of requests cut short say nothing the user can act on.
func quietWhenDone(ctx context.Context, h slog.Handler) slog.Handler {
	return &quietHandler{Handler: h, done: ctx.Done()}
}

type quietHandler struct {
	slog.Handler
	done <-chan struct{}
}

func (h *quietHandler) Enabled(ctx context.Context, l slog.Level) bool {
	if l < slog.LevelError {
		select {
		case <-h.done:
			return false
		default:
		}
	}
	return h.Handler.Enabled(ctx, l)
}

func (h *quietHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return &quietHandler{Handler: h.Handler.WithAttrs(as), done: h.done}
}

func (h *quietHandler) WithGroup(name string) slog.Handler {
	return &quietHandler{Handler: h.Handler.WithGroup(name), done: h.done}
}

// notImplementedError is a command that a later piece of work implements.
type notImplementedError struct{ what string }

func (e *notImplementedError) Error() string {
	return e.what + ": not implemented yet"
}

// gateError makes a CI gate fail (report --fail-on): exit 1.
type gateError struct{ msg string }

func (e *gateError) Error() string { return e.msg }
