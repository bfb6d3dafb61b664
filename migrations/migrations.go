// Package migrations holds privgraph's versioned SQL migrations, one folder
// per dialect (sqlite/, postgres/), generated from ent/schema by
// `make migration NAME=…` and embedded in the binary. Apply runs the pending
// ones in order, each in its own transaction, and records them in the table
// privgraph_migrations. A released file is never edited: schema changes get
// a new file.
package migrations

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

//go:embed sqlite/*.sql postgres/*.sql
var files embed.FS

// Dialects privgraph runs on.
const (
	SQLite   = "sqlite3"
	Postgres = "postgres"
)

// Migration is one versioned file.
type Migration struct {
	Version string // the file name without .sql, e.g. 0001_init
	SQL     string
}

// List returns the migrations of a dialect in the order they apply.
func List(dialect string) ([]Migration, error) {
	dir, err := dirOf(dialect)
	if err != nil {
		return nil, err
	}
	entries, err := fs.ReadDir(files, dir)
	if err != nil {
		return nil, fmt.Errorf("read embedded migrations: %w", err)
	}
	var out []Migration
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		b, err := files.ReadFile(path.Join(dir, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("read migration %s: %w", e.Name(), err)
		}
		out = append(out, Migration{Version: strings.TrimSuffix(e.Name(), ".sql"), SQL: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	return out, nil
}

func dirOf(dialect string) (string, error) {
	switch dialect {
	case SQLite:
		return "sqlite", nil
	case Postgres:
		return "postgres", nil
	}
	return "", fmt.Errorf("no migrations for dialect %q", dialect)
}

// Apply runs every pending migration of the dialect on db and returns the
// versions it applied. Each migration runs in one transaction: a failure
// leaves the database at the previous version.
func Apply(ctx context.Context, db *sql.DB, dialect string) ([]string, error) {
	all, err := List(dialect)
	if err != nil {
		return nil, err
	}
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS privgraph_migrations (version VARCHAR(255) PRIMARY KEY, applied_at VARCHAR(64) NOT NULL)`); err != nil {
		return nil, fmt.Errorf("create migrations table: %w", err)
	}
	done, err := appliedVersions(ctx, db)
	if err != nil {
		return nil, err
	}
	var applied []string
	for _, m := range all {
		if done[m.Version] {
			continue
		}
		if err := applyOne(ctx, db, dialect, m); err != nil {
			return applied, err
		}
		applied = append(applied, m.Version)
	}
	return applied, nil
}

// Pending returns the versions not yet applied.
func Pending(ctx context.Context, db *sql.DB, dialect string) ([]string, error) {
	all, err := List(dialect)
	if err != nil {
		return nil, err
	}
	done, err := appliedVersions(ctx, db)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, m := range all {
		if !done[m.Version] {
			out = append(out, m.Version)
		}
	}
	return out, nil
}

func appliedVersions(ctx context.Context, db *sql.DB) (map[string]bool, error) {
	rows, err := db.QueryContext(ctx, `SELECT version FROM privgraph_migrations`)
	if err != nil {
		if isMissingTable(err) {
			return map[string]bool{}, nil
		}
		return nil, fmt.Errorf("read applied migrations: %w", err)
	}
	defer rows.Close()
	done := map[string]bool{}
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, fmt.Errorf("read applied migrations: %w", err)
		}
		done[v] = true
	}
	return done, rows.Err()
}

func isMissingTable(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "no such table") || strings.Contains(msg, "does not exist")
}

func applyOne(ctx context.Context, db *sql.DB, dialect string, m Migration) (err error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migration %s: begin: %w", m.Version, err)
	}
	defer func() {
		if err != nil {
			err = errors.Join(err, tx.Rollback())
		}
	}()
	for i, stmt := range Statements(m.SQL) {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("migration %s, statement %d: %w", m.Version, i+1, err)
		}
	}
	ph := "?"
	if dialect == Postgres {
		ph = "$1"
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO privgraph_migrations (version, applied_at) VALUES (`+ph+`, CURRENT_TIMESTAMP)`, m.Version); err != nil {
		return fmt.Errorf("migration %s: record: %w", m.Version, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migration %s: commit: %w", m.Version, err)
	}
	return nil
}

// Statements splits a migration file into statements: atlas writes one
// statement per line group ending in ';', with `--` comment lines between.
func Statements(src string) []string {
	var out []string
	var cur strings.Builder
	for _, line := range strings.Split(src, "\n") {
		t := strings.TrimSpace(line)
		if cur.Len() == 0 && (t == "" || strings.HasPrefix(t, "--")) {
			continue
		}
		cur.WriteString(line)
		cur.WriteString("\n")
		if strings.HasSuffix(t, ";") {
			out = append(out, strings.TrimSpace(cur.String()))
			cur.Reset()
		}
	}
	if s := strings.TrimSpace(cur.String()); s != "" {
		out = append(out, s)
	}
	return out
}
