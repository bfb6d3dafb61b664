package graph_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/graph"
	"github.com/privgraph/privgraph/graph/graphtest"
	"github.com/privgraph/privgraph/migrations/migratetest"
)

var update = flag.Bool("update", false, "rewrite graph/testdata golden files")

// contractGolden1000 is the SHA-256 of the contract query's answer on
// graphtest.Seed(1000), the inventory BenchmarkQueries measures: speeding the
// query up must not change one byte of it.
const contractGolden1000 = "3f7943142fac9a3f9bc02d77cd3de5df141dd6b58d208a14f4a2600ca67592b9"

// postRaw returns the raw answer of the handler to query.
func postRaw(t testing.TB, c *ent.Client, query string) []byte {
	t.Helper()
	body, err := json.Marshal(map[string]string{"query": query})
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	graph.NewHandler(c, graph.Options{}).ServeHTTP(rec, req)
	if rec.Code != http.StatusOK || bytes.Contains(rec.Body.Bytes(), []byte(`"errors"`)) {
		t.Fatalf("status %d: %.300s", rec.Code, rec.Body.String())
	}
	return rec.Body.Bytes()
}

// TestContractQueryGolden asserts that the contract query's answer stays
// byte-identical: on a small seed against testdata/contract.golden.json (run
// with -update to rewrite it after an intended change), on the benchmark's
// 1,000-repository seed against a hash. SQLite only: the order of a
// many-to-many edge such as exposedJobs is the database's, and PostgreSQL's
// differs.
func TestContractQueryGolden(t *testing.T) {
	c := migratetest.Open(t)
	graphtest.Seed(t, c, 20)
	got := postRaw(t, c, ContractQuery)
	golden := filepath.Join("testdata", "contract.golden.json")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		i := 0
		for i < len(got) && i < len(want) && got[i] == want[i] {
			i++
		}
		t.Errorf("answer differs from %s at byte %d: got %.200q, want %.200q", golden, i, got[i:], want[i:])
	}
	if again := postRaw(t, c, ContractQuery); !bytes.Equal(again, got) {
		t.Error("a second identical query answered differently")
	}
}

func TestContractQueryGolden1000(t *testing.T) {
	if testing.Short() {
		t.Skip("seeds 1,000 repositories")
	}
	c := migratetest.Open(t)
	graphtest.Seed(t, c, 1000)
	got := postRaw(t, c, ContractQuery)
	sum := sha256.Sum256(got)
	if h := hex.EncodeToString(sum[:]); h != contractGolden1000 {
		t.Errorf("contract answer on 1,000 repositories: sha256 %s (%d bytes), want %s", h, len(got), contractGolden1000)
	}
}
