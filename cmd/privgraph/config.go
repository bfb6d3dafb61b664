package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/mattn/go-sqlite3"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/migrations"
)

// dbFlag declares --db on a command and returns a function that resolves
// it: the flag, else $PRIVGRAPH_DB, else privgraph.db.
func dbFlag(fs *flag.FlagSet, e *env) func() string {
	v := fs.String("db", "", "the inventory: an SQLite file or a postgres:// `DSN` (default $PRIVGRAPH_DB, else "+migrations.DefaultDSN+")")
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

// openDB opens the inventory and applies pending migrations. A command that
// only reads (report, graphql, token list) passes mustExist: an SQLite file
// that does not exist is then an error instead of a new, empty inventory
// that would answer "no findings" for a mistyped --db.
func openDB(ctx context.Context, dsn string, mustExist bool) (*ent.Client, error) {
	if err := checkDSN(dsn, mustExist); err != nil {
		return nil, err
	}
	c, err := migrations.Open(ctx, dsn)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err() // Ctrl-C while opening: "interrupted"
		}
		return nil, dbError(dsn, err)
	}
	return c, nil
}

// checkDSN catches, before SQLite does, the --db mistakes SQLite reports
// obscurely: a folder, a file that is not SQLite, a missing folder.
func checkDSN(dsn string, mustExist bool) error {
	p := migrations.SQLitePath(dsn)
	if p == "" {
		return nil
	}
	fi, err := os.Stat(p)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		dir := filepath.Dir(p)
		if mustExist {
			return fmt.Errorf("no inventory at %s: run `privgraph scan …` first, or point --db (or PRIVGRAPH_DB) at an existing inventory", p)
		}
		if di, err := os.Stat(dir); err != nil || !di.IsDir() {
			return fmt.Errorf("cannot create the inventory %s: folder %s does not exist", p, dir)
		}
		return nil
	case err != nil:
		return fmt.Errorf("cannot read the inventory %s: %v", p, rootCause(err))
	case fi.IsDir():
		return fmt.Errorf("--db %s is a folder: give the inventory's file, e.g. %s", p, filepath.Join(p, migrations.DefaultDSN))
	}
	if fi.Size() > 0 {
		f, err := os.Open(p)
		if err != nil {
			return fmt.Errorf("cannot read the inventory %s: %v", p, rootCause(err))
		}
		head := make([]byte, 16)
		_, err = io.ReadFull(f, head)
		f.Close()
		if err != nil || string(head) != "SQLite format 3\x00" {
			return fmt.Errorf("%s is not an SQLite database: --db takes an SQLite file or a postgres:// DSN", p)
		}
	}
	return nil
}

// dbError says in one line why the database could not be opened: the
// driver's errors run over several lines (pgx lists each attempt).
func dbError(dsn string, err error) error {
	where := redactDSN(dsn)
	var liteErr sqlite3.Error
	if errors.As(err, &liteErr) && (liteErr.Code == sqlite3.ErrReadonly || liteErr.Code == sqlite3.ErrPerm || liteErr.Code == sqlite3.ErrCantOpen) {
		return fmt.Errorf("cannot write the inventory %s: privgraph needs write access to the file and its folder (SQLite keeps its journal beside the file)", where)
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return fmt.Errorf("cannot open the inventory %s: %s", where, pgErr.Message)
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) {
		return fmt.Errorf("cannot connect to the database %s: %v (is the server running, and is the DSN right?)", where, rootCause(opErr))
	}
	msg := err.Error()
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		msg = strings.TrimRight(msg[:i], ": ")
	}
	return fmt.Errorf("cannot open the inventory %s: %s", where, msg)
}

// rootCause is the innermost error of a chain (for *PathError and
// *net.OpError, the system's own words: "connection refused").
func rootCause(err error) error {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err
		}
		err = next
	}
}

// redactDSN hides a password in a postgres:// DSN.
func redactDSN(dsn string) string {
	if migrations.Dialect(dsn) != migrations.Postgres {
		return dsn
	}
	return migrations.Redact(dsn)
}
