package graph

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/transport"

	"github.com/privgraph/privgraph/graph/graphtest"
	"github.com/privgraph/privgraph/migrations/migratetest"
)

// TestPostTransport checks that postTransport answers every kind of POST
// request exactly as gqlgen's transport.POST does: status, content type and
// body byte for byte.
func TestPostTransport(t *testing.T) {
	c := migratetest.Open(t)
	graphtest.Seed(t, c, 3)
	ours := NewHandler(c, Options{})
	gqlgens := newHandler(c, Options{}, transport.POST{})
	contract := `{
  jobs(first: 500) { totalCount edges { node { key name stage stageReason environment { name }
    pipeline { path repository { fullName } } usages { file line expression credential { name kind scope } } } } }
  credentials(first: 500, where: {overScoped: true}) { edges { node { name kind scope neededBy exposedTo overScoped
    exposedJobs { key pipeline { path } } findings { rule severity } } } }
  findings(first: 500) { edges { node { rule severity status title remediation repository { fullName } } } }
}`
	q := func(query string) string {
		b, err := json.Marshal(map[string]any{"query": query})
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	tests := []struct{ name, accept, body string }{
		{"contract query (escaped hostile names)", "", q(contract)},
		{"aliases, duplicates and __typename", "", q(`{a: jobs(first: 2) {totalCount} b: jobs(first: 2) {edges {node {__typename n: name n: name id}}}}`)},
		{"variables and operation name", "application/json", `{"query": "query Q($n: Int) {repositories(first: $n) {edges {node {fullName}}}} query R {teams {totalCount}}", "operationName": "Q", "variables": {"n": 2}}`},
		{"resolver error", "", q(`{credentials(first: 5000) {totalCount}}`)},
		{"parse error", "", q(`{jobs(`)},
		{"validation error", "", q(`{nope}`)},
		{"validation error, graphql-response+json", "application/graphql-response+json", q(`{nope}`)},
		{"other accept", "text/html, */*;q=0.1", q(`{teams {totalCount}}`)},
		{"unknown accept", "text/html", q(`{teams {totalCount}}`)},
		{"bad JSON", "", `{"query": `},
		{"mutation error", "", q(`mutation {markFindingDone(id: 999999, done: true) {id}}`)},
		{"introspection", "", q(`{__schema {queryType {name}}}`)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			do := func(h http.Handler) *httptest.ResponseRecorder {
				req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(tc.body))
				req.Header.Set("Content-Type", "application/json")
				if tc.accept != "" {
					req.Header.Set("Accept", tc.accept)
				}
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				return rec
			}
			got, want := do(ours), do(gqlgens)
			if got.Code != want.Code || got.Header().Get("Content-Type") != want.Header().Get("Content-Type") {
				t.Errorf("status %d, %s; gqlgen's: %d, %s", got.Code, got.Header().Get("Content-Type"), want.Code, want.Header().Get("Content-Type"))
			}
			if !bytes.Equal(got.Body.Bytes(), want.Body.Bytes()) {
				t.Errorf("answer\n%.600s\ngqlgen's\n%.600s", got.Body, want.Body)
			}
		})
	}
}

// TestWriteResponse compares writeResponse with json.Marshal on answers
// that need compacting and escaping.
func TestWriteResponse(t *testing.T) {
	yes := true
	for _, resp := range []*graphql.Response{
		nil,
		{},
		{Data: []byte(`{"a":"<b>&amp;</b>","c":[1, 2 ,{ "d" : "x\"<y\\"}],"e":"\u2028\u2029 \\u2028","f":"\\\\\"& \t"}` + "\n")},
		{Data: []byte(" {\n\t\"a\" :\r null } ")},
		{Data: []byte(`{"a":"é ☃ ` + "\u2028\xe2\x80\xaa\xe2" + `"}`)},
		{Data: []byte(`null`), HasNext: &yes},
		{Data: []byte(`{"a":1}`), Label: "l", Path: nil, Extensions: map[string]any{"k": "<v>"}},
	} {
		want, err := json.Marshal(resp)
		if err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		writeResponse(&got, resp)
		if !bytes.Equal(got.Bytes(), want) {
			t.Errorf("writeResponse(%+v) = %s, want %s", resp, got.Bytes(), want)
		}
	}
}

// FuzzWriteCompact checks writeCompact against json.Marshal of a
// json.RawMessage (compact and HTML-escaped) on valid JSON.
func FuzzWriteCompact(f *testing.F) {
	for _, s := range []string{`{"a": "<\u2028>"}`, `[1, "\\\"", {"b" : true}]`, "\"\xe2\x80\xa8\"", ` "x y" `} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		if !json.Valid(src) {
			return
		}
		want, err := json.Marshal(json.RawMessage(src))
		if err != nil {
			t.Skip(err)
		}
		var got bytes.Buffer
		writeCompact(&got, src)
		if !bytes.Equal(got.Bytes(), want) {
			t.Errorf("writeCompact(%q) = %q, want %q", src, got.Bytes(), want)
		}
	})
}

// TestNoFieldInterceptor: graph/internal/gqlgen marshals plain scalar fields
// without the field middleware, so no extension may add any.
func TestNoFieldInterceptor(t *testing.T) {
	for _, e := range extensions(nil, Options{}) {
		if _, ok := e.(graphql.FieldInterceptor); ok {
			t.Errorf("extension %s intercepts fields; plain fields in generated.go would bypass it", e.ExtensionName())
		}
	}
}

// FuzzWriteString checks writeString, stringRef and fieldSet's names
// against gqlgen's MarshalString, byte for byte.
func FuzzWriteString(f *testing.F) {
	var all []byte
	for c := range 256 {
		all = append(all, byte(c))
	}
	for _, s := range []string{"", "plain", `q"uote\back`, "tab\tcr\rnl\n\x00\x1f\x7f", "é☃\u2028<>&", "\xc3\x0a\xff", string(all)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var want, got, ref bytes.Buffer
		graphql.MarshalString(s).MarshalGQL(&want)
		writeString(&got, s)
		stringRef{&s}.MarshalGQL(&ref)
		if !bytes.Equal(got.Bytes(), want.Bytes()) || !bytes.Equal(ref.Bytes(), want.Bytes()) {
			t.Errorf("writeString(%q) = %q, stringRef %q, want %q", s, got.Bytes(), ref.Bytes(), want.Bytes())
		}
	})
}

func TestIntRef(t *testing.T) {
	for _, n := range []int{0, 7, -1, 99, 100, 41, 1 << 40, -1 << 62} {
		var want, got bytes.Buffer
		graphql.MarshalInt(n).MarshalGQL(&want)
		intRef{&n}.MarshalGQL(&got)
		if got.String() != want.String() {
			t.Errorf("intRef(%d) = %s, want %s", n, got.String(), want.String())
		}
	}
}
