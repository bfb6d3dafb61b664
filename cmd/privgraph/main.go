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
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(exitCode(err, os.Stderr))
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
	e := &env{
		stdout: stdout,
		stderr: stderr,
		getenv: getenv,
		log:    slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level})),
	}
	return root().dispatch(ctx, e, args)
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
		if ue.usage != "" {
			fmt.Fprintf(stderr, "\n%s", ue.usage)
		}
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

// notImplementedError is a command that a later piece of work implements.
type notImplementedError struct{ what string }

func (e *notImplementedError) Error() string {
	return e.what + ": not implemented yet"
}

// gateError makes a CI gate fail (report --fail-on): exit 1.
type gateError struct{ msg string }

func (e *gateError) Error() string { return e.msg }
