// Package migratetest opens migrated databases for tests: a fresh SQLite file
// in the test's temp dir, and, when PRIVGRAPH_TEST_POSTGRES holds a DSN, a
// fresh PostgreSQL schema in that database, dropped when the test ends.
package migratetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/migrations"
)

// PostgresEnv names the variable that holds the test PostgreSQL DSN.
const PostgresEnv = "PRIVGRAPH_TEST_POSTGRES"

// DB is a migrated test database.
type DB struct {
	Client  *ent.Client
	SQL     *sql.DB
	Dialect string
	DSN     string
}

// Open returns a migrated SQLite database in t.TempDir().
func Open(t testing.TB, opts ...ent.Option) *ent.Client {
	t.Helper()
	return OpenSQLite(t, opts...).Client
}

// OpenSQLite returns a migrated SQLite database in t.TempDir().
func OpenSQLite(t testing.TB, opts ...ent.Option) DB {
	t.Helper()
	dsn := filepath.Join(t.TempDir(), "privgraph.db")
	return open(t, dsn, opts...)
}

// OpenPostgres returns a migrated, empty PostgreSQL schema, or skips the
// test when PRIVGRAPH_TEST_POSTGRES is not set.
func OpenPostgres(t testing.TB, opts ...ent.Option) DB {
	t.Helper()
	base := os.Getenv(PostgresEnv)
	if base == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal(PostgresEnv + " is not set in CI: .ci/run should have started PostgreSQL and set it")
		}
		t.Skip(PostgresEnv + " is not set; PostgreSQL tests skipped")
	}
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	schemaName := "t_" + hex.EncodeToString(b[:])
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("open postgres: %v", err)
	}
	t.Cleanup(func() { admin.Close() })
	if _, err := admin.Exec(`CREATE SCHEMA ` + schemaName); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec(`DROP SCHEMA ` + schemaName + ` CASCADE`); err != nil {
			t.Logf("drop schema %s: %v", schemaName, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("parse %s: %v", PostgresEnv, err)
	}
	q := u.Query()
	q.Set("search_path", schemaName)
	u.RawQuery = q.Encode()
	return open(t, u.String(), opts...)
}

// Each runs fn on SQLite, and on PostgreSQL when it is configured.
func Each(t *testing.T, fn func(t *testing.T, db DB)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, OpenSQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, OpenPostgres(t)) })
}

func open(t testing.TB, dsn string, opts ...ent.Option) DB {
	t.Helper()
	db, dialect, err := migrations.OpenDB(dsn)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := migrations.Apply(context.Background(), db, dialect); err != nil {
		db.Close()
		t.Fatalf("apply migrations: %v", err)
	}
	client := migrations.NewClient(db, dialect, opts...)
	t.Cleanup(func() { client.Close() })
	return DB{Client: client, SQL: db, Dialect: dialect, DSN: dsn}
}
