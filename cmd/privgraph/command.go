package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
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

// dispatch runs the command the arguments name; path is the command line
// that led here ("privgraph scan"), for messages.
func (c *command) dispatch(ctx context.Context, e *env, args []string, path string) error {
	if len(c.subs) > 0 {
		if len(args) == 0 {
			return &usageError{msg: "missing command", usage: c.shortHelp(path)}
		}
		switch args[0] {
		case "-h", "-help", "--help":
			fmt.Fprint(e.stdout, c.help(path))
			return nil
		case "help":
			// `privgraph help scan github` is `privgraph scan github --help`.
			if len(args) == 1 {
				fmt.Fprint(e.stdout, c.help(path))
				return nil
			}
			return c.dispatch(ctx, e, append(slices.Clone(args[1:]), "--help"), path)
		}
		for _, s := range c.subs {
			if s.name == args[0] {
				return s.dispatch(ctx, e, args[1:], path+" "+s.name)
			}
		}
		msg := fmt.Sprintf("unknown command %q", args[0])
		if strings.HasPrefix(args[0], "-") {
			msg = fmt.Sprintf("unknown flag %q", args[0])
		}
		return &usageError{msg: msg, usage: c.shortHelp(path)}
	}
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	runFn := c.flags(fs, e)
	ordered, err := interleave(fs, args)
	if err == nil {
		err = fs.Parse(ordered)
	}
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(e.stdout, c.flagHelp(fs))
			return nil
		}
		return &usageError{msg: flagMessage(err), usage: c.shortUsage(path)}
	}
	err = runFn(ctx, fs.Args())
	var ue *usageError
	if errors.As(err, &ue) && ue.usage == "" {
		ue.usage = c.shortUsage(path)
	}
	return err
}

// flagMessage rewrites the flag package's errors in the --flag spelling the
// usage and README use.
func flagMessage(err error) string {
	msg := err.Error()
	if m, ok := strings.CutSuffix(msg, ": parse error"); ok {
		msg = m + ": not a number"
	}
	for _, r := range []struct{ from, to string }{
		{"flag provided but not defined: -", "unknown flag --"},
		{"flag needs an argument: -", "missing value for --"},
		{" for flag -", " for --"},
	} {
		if strings.Contains(msg, r.from) {
			return strings.Replace(msg, r.from, r.to, 1)
		}
	}
	return msg
}

// interleave moves flags after positional arguments to the front, so that
// `scan local DIR --db x.db` works as users expect. Positional arguments
// follow a "--", so that one starting with "-" (given after a "--") stays
// positional; a flag that needs a value and has none is an error here
// (the flag package would take the next positional argument as its value).
func interleave(fs *flag.FlagSet, args []string) ([]string, error) {
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
			if i+1 >= len(args) {
				return nil, fmt.Errorf("missing value for --%s", name)
			}
			flags = append(flags, args[i+1])
			i++
		}
	}
	if len(pos) == 0 {
		return flags, nil
	}
	return append(append(flags, "--"), pos...), nil
}

// help is a command group's full help: its usage and its commands.
func (c *command) help(path string) string {
	var b strings.Builder
	b.WriteString("Usage: " + c.usage + "\nCommands:\n")
	c.writeCommands(&b)
	fmt.Fprintf(&b, "\nRun '%s COMMAND --help' for a command's flags.\n", path)
	return b.String()
}

// shortHelp is what a bad command line of a group prints: the synopsis and
// the commands, without the paragraph.
func (c *command) shortHelp(path string) string {
	var b strings.Builder
	b.WriteString("Usage: " + c.synopsis() + "\nCommands:\n")
	c.writeCommands(&b)
	fmt.Fprintf(&b, "\nRun '%s COMMAND --help' for a command's flags.\n", path)
	return b.String()
}

func (c *command) writeCommands(b *strings.Builder) {
	for _, s := range c.subs {
		fmt.Fprintf(b, "  %-10s %s\n", s.name, s.summary)
	}
}

// shortUsage is what a bad command line of a command prints after the
// error: the synopsis and where the details are, not the whole help.
func (c *command) shortUsage(path string) string {
	return "Usage: " + c.synopsis() + "\nRun '" + path + " --help' for its flags and details.\n"
}

// synopsis is the usage up to its first blank line.
func (c *command) synopsis() string {
	s, _, _ := strings.Cut(c.usage, "\n\n")
	return strings.TrimRight(s, "\n")
}

// flagHelp is a command's full help: its usage and its flags, spelled
// --flag as the usage lines and README spell them.
func (c *command) flagHelp(fs *flag.FlagSet) string {
	var b strings.Builder
	b.WriteString("Usage: " + c.usage + "\n")
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	if n == 0 {
		return b.String()
	}
	b.WriteString("Flags:\n")
	fs.VisitAll(func(f *flag.Flag) {
		name, usage := flag.UnquoteUsage(f)
		switch name {
		case "string", "value":
			name = "VALUE"
		case "int", "int64", "uint", "uint64":
			name = "N"
		case "duration":
			name = "DURATION"
		}
		b.WriteString("  --" + f.Name)
		if name != "" {
			b.WriteString(" " + name)
		}
		b.WriteString("\n        " + usage)
		switch f.DefValue {
		case "", "0", "false", "[]":
		default:
			fmt.Fprintf(&b, " (default %s)", f.DefValue)
		}
		b.WriteString("\n")
	})
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
