// Command gqlgen generates graph/generated.go as `gqlgen generate` does
// (same gqlgen.yml, same version from go.mod), then makes its object fields
// and lists resolve on the calling goroutine. Run from the repository root:
//
//	go run ./graph/internal/gqlgen
//
// Why: ent eager-loads every edge a query selects (entgql's CollectFields),
// so gqlgen's goroutine per edge field and per list element overlaps no I/O;
// on the contract query (~3,800 objects) those goroutines cost a fifth of
// the server time in stack growth, scheduling and GC (BenchmarkQueries).
// Root fields (jobs, credentials, findings) still resolve concurrently, and
// each list element still recovers its own panic (graph.MarshalSerially).
//
// Then it trims what gqlgen does per object and per field but this schema
// never needs (see rewrite.go): a serial object keeps its values in a
// graph.fieldSet instead of a graphql.FieldSet and builds no @defer group
// (only concurrent fields can be deferred), and a field that just reads a
// struct field of a built-in scalar or enum type is marshalled directly,
// without a field context, a context value and three closures (String and
// Int ones through graph.stringRef and graph.intRef, which allocate
// nothing). Together they were two fifths of the contract query's
// allocations. And a query's answer is marshalled by graph.marshalData, into
// a buffer graph's POST transport writes without re-encoding and then pools.
package main

import (
	"bytes"
	"fmt"
	"io"
	"log"
	"os"

	"github.com/99designs/gqlgen/api"
	"github.com/99designs/gqlgen/codegen"
	"github.com/99designs/gqlgen/codegen/config"
)

// concurrentList is how gqlgen marshals a list of objects with
// exec.worker_limit: 1 and the panic handler on; serialList replaces it.
var (
	concurrentList = []byte("graphql.MarshalSliceConcurrently(ctx, len(v), 1, false, func(")
	serialList     = []byte("MarshalSerially(ctx, len(v), func(")
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "gqlgen:", err)
		os.Exit(1)
	}
}

func run() error {
	log.SetOutput(io.Discard) // gqlgen logs every resolver it adds, as `gqlgen generate` without -v hides
	cfg, err := config.LoadConfigFromDefaultLocations()
	if err != nil {
		return err
	}
	if cfg.Exec.WorkerLimit != 1 || cfg.OmitPanicHandler {
		return fmt.Errorf("gqlgen.yml must set exec.worker_limit: 1 and keep the panic handler; this generator rewrites that call")
	}
	if err := api.Generate(cfg, api.AddPlugin(serialFields{})); err != nil {
		return err
	}
	file := cfg.Exec.Filename
	src, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	if n := bytes.Count(src, concurrentList); n == 0 {
		return fmt.Errorf("%s marshals no list with %q: gqlgen changed; update graph/internal/gqlgen", file, concurrentList)
	}
	src = bytes.ReplaceAll(src, concurrentList, serialList)
	if src, err = rewrite(src); err != nil {
		return fmt.Errorf("%s: %w; update graph/internal/gqlgen", file, err)
	}
	return os.WriteFile(file, src, 0o644)
}

// serialFields resolves the fields of every non-root object on the calling
// goroutine: they read eager-loaded ent edges or compute from the parent.
type serialFields struct{}

func (serialFields) Name() string { return "privgraph-serial-fields" }

func (serialFields) GenerateCode(data *codegen.Data) error {
	for _, o := range data.Objects {
		if !o.Root {
			o.DisableConcurrency = true
		}
	}
	return nil
}
