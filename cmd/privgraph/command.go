package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// command is one CLI command, or a group of subcommands.
type command struct {
	name    string
	summary string // one line, for the parent's help
	usage   string // "privgraph scan local [flags] DIR" + a paragraph
	// flags declares the command's flags on fs and returns the function that
	// runs it with the remaining arguments.
	flags func(fs *flag.FlagSet, e *env) func(ctx context.Context, args []string) error
	subs  []*command
}

func root() *command {
	return &command{
		name:    "privgraph",
		summary: "inventory of CI/CD pipeline privileges",
		usage: `privgraph COMMAND [flags]

privgraph crawls GitHub organizations, GitLab groups and local checkouts for
every credential a pipeline can use, maps each to the stages that need it and
the stages that can reach it, and flags what is over-scoped.

Every command that reads or writes the inventory takes --db DSN (default
$PRIVGRAPH_DB, else privgraph.db in the working directory; postgres:// DSNs
for a shared install).
`,
		subs: []*command{
			scanCommand(), serveCommand(), demoCommand(), graphqlCommand(),
			reportCommand(), migrateCommand(), tokenCommand(),
		},
	}
}

// dispatch runs the command the arguments name.
func (c *command) dispatch(ctx context.Context, e *env, args []string) error {
	if len(c.subs) > 0 {
		if len(args) == 0 {
			return &usageError{msg: "missing command", usage: c.help()}
		}
		switch args[0] {
		case "-h", "-help", "--help", "help":
			fmt.Fprint(e.stdout, c.help())
			return nil
		}
		for _, s := range c.subs {
			if s.name == args[0] {
				return s.dispatch(ctx, e, args[1:])
			}
		}
		return &usageError{msg: fmt.Sprintf("unknown command %q", args[0]), usage: c.help()}
	}
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	runFn := c.flags(fs, e)
	if err := fs.Parse(interleave(fs, args)); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(e.stdout, c.flagHelp(fs))
			return nil
		}
		return &usageError{msg: err.Error(), usage: c.flagHelp(fs)}
	}
	err := runFn(ctx, fs.Args())
	var ue *usageError
	if errors.As(err, &ue) && ue.usage == "" {
		ue.usage = c.flagHelp(fs)
	}
	return err
}

// interleave moves flags after positional arguments to the front, so that
// `scan local DIR --db x.db` works as users expect.
func interleave(fs *flag.FlagSet, args []string) []string {
	var flags, pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			pos = append(pos, args[i+1:]...)
			break
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			pos = append(pos, a)
			continue
		}
		flags = append(flags, a)
		name := strings.TrimLeft(a, "-")
		if strings.Contains(name, "=") {
			continue
		}
		if f := fs.Lookup(name); f != nil {
			if bf, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && bf.IsBoolFlag() {
				continue
			}
			if i+1 < len(args) {
				flags = append(flags, args[i+1])
				i++
			}
		}
	}
	return append(flags, pos...)
}

func (c *command) help() string {
	var b strings.Builder
	b.WriteString("Usage: " + c.usage + "\nCommands:\n")
	for _, s := range c.subs {
		fmt.Fprintf(&b, "  %-10s %s\n", s.name, s.summary)
	}
	b.WriteString("\nRun 'privgraph COMMAND --help' for a command's flags.\n")
	return b.String()
}

func (c *command) flagHelp(fs *flag.FlagSet) string {
	var b strings.Builder
	b.WriteString("Usage: " + c.usage + "\n")
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	if n > 0 {
		b.WriteString("Flags:\n")
		fs.SetOutput(&b)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
	return b.String()
}

// notYet is the body of commands that later work implements.
func notYet(what string) func(fs *flag.FlagSet, e *env) func(ctx context.Context, args []string) error {
	return func(fs *flag.FlagSet, e *env) func(ctx context.Context, args []string) error {
		return func(ctx context.Context, args []string) error {
			return &notImplementedError{what: what}
		}
	}
}
