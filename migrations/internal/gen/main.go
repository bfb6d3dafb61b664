// Command gen writes a new versioned migration for each dialect from the
// difference between ent/schema and the migrations already in
// migrations/sqlite and migrations/postgres. Run through
// `make migration NAME=add_something`; it needs a PostgreSQL dev database
// (PRIVGRAPH_DEV_POSTGRES, a DSN to an empty database it may wipe).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	atlas "ariga.io/atlas/sql/migrate"
	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql/schema"
	_ "github.com/lib/pq" // atlas opens postgres:// URLs with driver "postgres"
	_ "github.com/mattn/go-sqlite3"

	"github.com/privgraph/privgraph/ent/migrate"
)

func main() {
	name := flag.String("name", "", "name of the migration, e.g. add_findings_index")
	dir := flag.String("dir", "migrations", "migrations folder")
	flag.Parse()
	if *name == "" {
		fmt.Fprintln(os.Stderr, "usage: gen -name NAME")
		os.Exit(2)
	}
	ctx := context.Background()
	if err := generate(ctx, filepath.Join(*dir, "sqlite"), dialect.SQLite, "sqlite://gen?mode=memory&_fk=1", *name); err != nil {
		fmt.Fprintln(os.Stderr, "sqlite:", err)
		os.Exit(1)
	}
	pg := os.Getenv("PRIVGRAPH_DEV_POSTGRES")
	if pg == "" {
		fmt.Fprintln(os.Stderr, "postgres: PRIVGRAPH_DEV_POSTGRES is not set; no PostgreSQL migration written")
		os.Exit(1)
	}
	if err := generate(ctx, filepath.Join(*dir, "postgres"), dialect.Postgres, pg, *name); err != nil {
		fmt.Fprintln(os.Stderr, "postgres:", err)
		os.Exit(1)
	}
}

func generate(ctx context.Context, dir, dialectName, devURL, name string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	before := sqlFiles(dir)
	d, err := atlas.NewLocalDir(dir)
	if err != nil {
		return err
	}
	err = migrate.NamedDiff(ctx, devURL, name,
		schema.WithDir(d),
		schema.WithMigrationMode(schema.ModeReplay),
		schema.WithDialect(dialectName),
		schema.WithFormatter(atlas.DefaultFormatter),
		schema.WithGlobalUniqueID(true),
		schema.WithDropIndex(true),
		schema.WithDropColumn(true),
	)
	if err != nil {
		return fmt.Errorf("diff: %w", err)
	}
	return renumber(dir, before)
}

// renumber renames the files atlas just wrote (timestamp-named) to
// NNNN_name.sql and rewrites atlas.sum.
func renumber(dir string, before map[string]bool) error {
	files := sqlFiles(dir)
	next := len(before) + 1
	var added []string
	for f := range files {
		if !before[f] {
			added = append(added, f)
		}
	}
	sort.Strings(added)
	for _, f := range added {
		parts := strings.SplitN(f, "_", 2)
		nf := fmt.Sprintf("%04d_%s", next, parts[len(parts)-1])
		if err := os.Rename(filepath.Join(dir, f), filepath.Join(dir, nf)); err != nil {
			return err
		}
		fmt.Println("wrote", filepath.Join(dir, nf))
		next++
	}
	d, err := atlas.NewLocalDir(dir)
	if err != nil {
		return err
	}
	sum, err := d.Checksum()
	if err != nil {
		return err
	}
	return atlas.WriteSumFile(d, sum)
}

func sqlFiles(dir string) map[string]bool {
	out := map[string]bool{}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".sql") {
			out[e.Name()] = true
		}
	}
	return out
}
