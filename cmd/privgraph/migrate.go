package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/privgraph/privgraph/migrations"
)

func migrateCommand() *command {
	return &command{
		name:    "migrate",
		summary: "apply pending database migrations",
		usage: `privgraph migrate [--db DSN] [--status]

Applies the pending versioned migrations (scan and serve also do this on
start). With --status, lists pending migrations without applying them.
`,
		flags: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			db := dbFlag(fs, e)
			status := fs.Bool("status", false, "list pending migrations without applying them")
			return func(ctx context.Context, args []string) error {
				if len(args) > 0 {
					return &usageError{msg: fmt.Sprintf("unexpected argument %q", args[0])}
				}
				return runMigrate(ctx, e, db(), *status)
			}
		},
	}
}

func runMigrate(ctx context.Context, e *env, dsn string, status bool) error {
	if err := checkDSN(dsn, false); err != nil {
		return err
	}
	sqlDB, dialect, err := migrations.OpenDB(dsn)
	if err != nil {
		return dbError(dsn, err)
	}
	defer sqlDB.Close()
	if status {
		pending, err := migrations.Pending(ctx, sqlDB, dialect)
		if err != nil {
			return dbError(dsn, err)
		}
		if len(pending) == 0 {
			fmt.Fprintf(e.stdout, "%s is up to date\n", redactDSN(dsn))
		}
		for _, v := range pending {
			fmt.Fprintf(e.stdout, "pending %s\n", v)
		}
		return nil
	}
	applied, err := migrations.Apply(ctx, sqlDB, dialect)
	if err != nil {
		return dbError(dsn, err)
	}
	if len(applied) == 0 {
		fmt.Fprintf(e.stdout, "%s is up to date\n", redactDSN(dsn))
	}
	for _, v := range applied {
		fmt.Fprintf(e.stdout, "applied %s\n", v)
	}
	return nil
}
