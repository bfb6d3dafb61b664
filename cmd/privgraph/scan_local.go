package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/scanner"
	"github.com/privgraph/privgraph/scanner/local"
)

func scanLocalCommand() *command {
	return &command{
		name:    "local",
		summary: "scan a directory of checkouts (no network)",
		usage: `privgraph scan local [--db DSN] DIR

Reads pipeline definitions from disk, with no network: each first-level
folder of DIR that holds one is a repository (DIR itself when it holds one).
Reads .github/workflows/*.yml|yaml, .gitlab-ci.yml (with include: local),
Jenkinsfile and CODEOWNERS (root, .github/, docs/, .gitlab/). Secrets and
variables are recorded by name with scope UNKNOWN: where they are stored is
only known from an API scan, so analysis assumes the platform default (every
job of the repository can read them) and says so.
`,
		flags: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			db := dbFlag(fs, e)
			return func(ctx context.Context, args []string) error {
				if len(args) != 1 || args[0] == "" {
					return &usageError{msg: "scan local needs exactly one DIR"}
				}
				// A mistyped DIR is told before the inventory is opened, so it
				// neither creates an inventory nor records a failed scan.
				if fi, err := os.Stat(args[0]); err != nil {
					return fmt.Errorf("cannot scan %s: %v", args[0], rootCause(err))
				} else if !fi.IsDir() {
					return fmt.Errorf("cannot scan %s: not a directory; give the folder that holds the checkouts (or one checkout)", args[0])
				}
				client, err := openDB(ctx, db(), false)
				if err != nil {
					return err
				}
				defer client.Close()
				_, err = scanLocal(ctx, e, client, args[0])
				return err
			}
		},
	}
}

// scanLocal scans dir into client and prints a summary.
func scanLocal(ctx context.Context, e *env, client *ent.Client, dir string) (*ent.Scan, error) {
	src := local.New(local.Options{Logger: e.log.With("component", "scanner.local"), Progress: progress(e)})
	s, err := scanner.Run(ctx, client, src, scanner.RunOptions{
		Platform: scanner.Local, Target: dir, Logger: e.log, Progress: progress(e), Analyze: analyzeFunc(e),
	})
	if err != nil {
		return s, scanError(ctx, dir, err)
	}
	printSummary(ctx, e, client, s)
	return s, nil
}
