package migrations

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"

	entsql "entgo.io/ent/dialect/sql"
	_ "github.com/jackc/pgx/v5/stdlib" // PostgreSQL driver "pgx"
	_ "github.com/mattn/go-sqlite3"    // SQLite driver "sqlite3"

	"github.com/privgraph/privgraph/ent"
)

// DefaultDSN is the database used when neither --db nor PRIVGRAPH_DB is set.
const DefaultDSN = "privgraph.db"

// Dialect returns the dialect of a DSN: postgres:// and postgresql:// URLs
// are PostgreSQL, anything else is an SQLite file path or file: URI.
func Dialect(dsn string) string {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		return Postgres
	}
	return SQLite
}

// SQLitePath returns the file of an SQLite DSN ("" for in-memory or PostgreSQL).
func SQLitePath(dsn string) string {
	if Dialect(dsn) != SQLite {
		return ""
	}
	p := strings.TrimPrefix(dsn, "file:")
	if i := strings.IndexByte(p, '?'); i >= 0 {
		p = p[:i]
	}
	if p == "" || p == ":memory:" {
		return ""
	}
	return filepath.Clean(p)
}

// sqliteDSN adds the options privgraph needs (foreign keys, WAL, a busy
// timeout) to a plain path or file: URI.
func sqliteDSN(dsn string) string {
	if !strings.HasPrefix(dsn, "file:") {
		dsn = "file:" + dsn
	}
	u, q := dsn, ""
	if i := strings.IndexByte(dsn, '?'); i >= 0 {
		u, q = dsn[:i], dsn[i+1:]
	}
	vals, err := url.ParseQuery(q)
	if err != nil {
		vals = url.Values{}
	}
	for k, v := range map[string]string{"_fk": "1", "_journal_mode": "WAL", "_busy_timeout": "10000"} {
		if vals.Get(k) == "" {
			vals.Set(k, v)
		}
	}
	return u + "?" + vals.Encode()
}

// postgresDSN adds a connect timeout to a PostgreSQL URL that sets none, so
// an unreachable server fails in seconds instead of the system's TCP
// timeout (minutes).
func postgresDSN(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return dsn // pgx reports it
	}
	q := u.Query()
	if q.Get("connect_timeout") != "" {
		return dsn
	}
	q.Set("connect_timeout", "10")
	u.RawQuery = q.Encode()
	return u.String()
}

// OpenDB opens the database of a DSN without migrating it.
func OpenDB(dsn string) (*sql.DB, string, error) {
	dialect := Dialect(dsn)
	var (
		db  *sql.DB
		err error
	)
	switch dialect {
	case Postgres:
		db, err = sql.Open("pgx", postgresDSN(dsn))
	default:
		db, err = sql.Open("sqlite3", sqliteDSN(dsn))
		if err == nil {
			// SQLite allows one writer; one connection keeps transactions simple.
			db.SetMaxOpenConns(1)
		}
	}
	if err != nil {
		return nil, "", fmt.Errorf("open database: %w", err)
	}
	return db, dialect, nil
}

// NewClient wraps an open database in an ent client.
func NewClient(db *sql.DB, dialect string, opts ...ent.Option) *ent.Client {
	drv := entsql.OpenDB(dialect, db)
	return ent.NewClient(append([]ent.Option{ent.Driver(drv)}, opts...)...)
}

// Open opens the database of a DSN, applies pending migrations and returns
// an ent client over it.
func Open(ctx context.Context, dsn string, opts ...ent.Option) (*ent.Client, error) {
	db, dialect, err := OpenDB(dsn)
	if err != nil {
		return nil, err
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect to database: %w", err)
	}
	if _, err := Apply(ctx, db, dialect); err != nil {
		db.Close()
		return nil, err
	}
	return NewClient(db, dialect, opts...), nil
}

// Redact returns a DSN with its password replaced, for messages.
func Redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "[unparseable DSN]"
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}
