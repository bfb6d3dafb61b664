package migrations_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"entgo.io/ent/dialect/sql/schema"

	"github.com/privgraph/privgraph/ent/owner"
	"github.com/privgraph/privgraph/migrations"
	"github.com/privgraph/privgraph/migrations/migratetest"
)

// TestMigrationsMatchSchema applies every migration to an empty database and
// asks ent what it would still change to reach ent/schema: nothing.
func TestMigrationsMatchSchema(t *testing.T) {
	migratetest.Each(t, func(t *testing.T, db migratetest.DB) {
		var buf bytes.Buffer
		err := db.Client.Schema.WriteTo(context.Background(), &buf,
			schema.WithGlobalUniqueID(true), schema.WithDropColumn(true), schema.WithDropIndex(true))
		if err != nil {
			t.Fatalf("diff schema: %v", err)
		}
		var changes []string
		for _, line := range strings.Split(buf.String(), "\n") {
			l := strings.TrimSpace(line)
			if l == "" || l == "BEGIN;" || l == "COMMIT;" || strings.HasPrefix(l, "--") || strings.HasPrefix(l, "PRAGMA foreign_keys") {
				continue
			}
			changes = append(changes, l)
		}
		if len(changes) > 0 {
			t.Fatalf("migrations do not match ent/schema; run `make migration NAME=…`. Missing:\n%s", strings.Join(changes, "\n"))
		}
	})
}

// TestApplyIsIdempotent re-applies on a migrated database: nothing pending.
func TestApplyIsIdempotent(t *testing.T) {
	migratetest.Each(t, func(t *testing.T, db migratetest.DB) {
		ctx := context.Background()
		applied, err := migrations.Apply(ctx, db.SQL, db.Dialect)
		if err != nil {
			t.Fatal(err)
		}
		if len(applied) != 0 {
			t.Fatalf("second Apply applied %v, want nothing", applied)
		}
		pending, err := migrations.Pending(ctx, db.SQL, db.Dialect)
		if err != nil || len(pending) != 0 {
			t.Fatalf("Pending = %v, %v; want none", pending, err)
		}
	})
}

// TestGlobalIDs checks that ids of different types never collide, which
// Relay's node(id) relies on.
func TestGlobalIDs(t *testing.T) {
	migratetest.Each(t, func(t *testing.T, db migratetest.DB) {
		ctx := context.Background()
		o, err := db.Client.Owner.Create().SetKey("github:acme").SetName("acme").SetPlatform(owner.PlatformGITHUB).Save(ctx)
		if err != nil {
			t.Fatal(err)
		}
		r, err := db.Client.Repository.Create().SetKey("github:acme/app").SetFullName("acme/app").
			SetPlatform("GITHUB").SetOwner(o).Save(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if o.ID>>32 == r.ID>>32 {
			t.Fatalf("owner id %d and repository id %d share a type range", o.ID, r.ID)
		}
		n, err := db.Client.Noder(ctx, r.ID)
		if err != nil {
			t.Fatalf("Noder(%d): %v", r.ID, err)
		}
		if _, ok := n.(interface{ IsNode() }); !ok {
			t.Fatalf("Noder returned %T", n)
		}
	})
}

func TestStatements(t *testing.T) {
	src := "-- comment\nCREATE TABLE a (x int);\n-- two\nCREATE INDEX i\n  ON a (x);\n"
	got := migrations.Statements(src)
	if len(got) != 2 || got[0] != "CREATE TABLE a (x int);" || !strings.HasPrefix(got[1], "CREATE INDEX i") {
		t.Fatalf("Statements = %q", got)
	}
}
