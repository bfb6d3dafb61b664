package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/migrations"
)

// dbFlag declares --db on a command and returns a function that resolves
// it: the flag, else $PRIVGRAPH_DB, else privgraph.db.
func dbFlag(fs *flag.FlagSet, e *env) func() string {
	v := fs.String("db", "", "database: an SQLite file or a postgres:// DSN (default $PRIVGRAPH_DB, else "+migrations.DefaultDSN+")")
	return func() string {
		if *v != "" {
			return *v
		}
		if d := e.getenv("PRIVGRAPH_DB"); d != "" {
			return d
		}
		return migrations.DefaultDSN
	}
}

// openDB opens the inventory and applies pending migrations.
func openDB(ctx context.Context, dsn string) (*ent.Client, error) {
	c, err := migrations.Open(ctx, dsn)
	if err != nil {
		return nil, fmt.Errorf("open inventory %s: %w", redactDSN(dsn), err)
	}
	return c, nil
}

// redactDSN hides a password in a postgres:// DSN.
func redactDSN(dsn string) string {
	if migrations.Dialect(dsn) != migrations.Postgres {
		return dsn
	}
	return migrations.Redact(dsn)
}
