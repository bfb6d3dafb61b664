package graph_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	entgo "entgo.io/ent"
	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"github.com/99designs/gqlgen/client"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/ent/auditevent"
	"github.com/privgraph/privgraph/ent/schema"
	"github.com/privgraph/privgraph/graph"
	"github.com/privgraph/privgraph/graph/graphtest"
	"github.com/privgraph/privgraph/migrations/migratetest"
)

// ContractQuery is DESIGN.md's scripting contract, verbatim.
const ContractQuery = `{
  jobs(first: 500) { totalCount edges { node {
    key name stage stageReason environment { name }
    pipeline { path repository { fullName } }
    usages { file line expression credential { name kind scope } }
  } } }
  credentials(first: 500, where: {overScoped: true}) { edges { node {
    name kind scope neededBy exposedTo overScoped
    exposedJobs { key pipeline { path } }
    findings { rule severity }
  } } }
  findings(first: 500, where: {rule: "secrets-inherit"}) { edges { node {
    rule severity status title remediation repository { fullName }
  } } }
}`

// counter is a dialect.Driver that counts the statements it runs.
type counter struct {
	dialect.Driver
	n *atomic.Int64
}

func (c counter) Exec(ctx context.Context, q string, args, v any) error {
	c.n.Add(1)
	return c.Driver.Exec(ctx, q, args, v)
}

func (c counter) Query(ctx context.Context, q string, args, v any) error {
	c.n.Add(1)
	return c.Driver.Query(ctx, q, args, v)
}

func (c counter) Tx(ctx context.Context) (dialect.Tx, error) {
	tx, err := c.Driver.Tx(ctx)
	return countingTx{tx, c.n}, err
}

type countingTx struct {
	dialect.Tx
	n *atomic.Int64
}

func (c countingTx) Exec(ctx context.Context, q string, args, v any) error {
	c.n.Add(1)
	return c.Tx.Exec(ctx, q, args, v)
}

func (c countingTx) Query(ctx context.Context, q string, args, v any) error {
	c.n.Add(1)
	return c.Tx.Query(ctx, q, args, v)
}

// openCounted returns a migrated SQLite inventory whose client counts statements.
func openCounted(t *testing.T) (*ent.Client, *atomic.Int64) {
	t.Helper()
	db := migratetest.OpenSQLite(t)
	n := &atomic.Int64{}
	c := ent.NewClient(ent.Driver(counter{entsql.OpenDB(dialect.SQLite, db.SQL), n}))
	return c, n
}

// gql returns an in-process client over the handler, calling as caller
// (nil: no caller, the trusted CLI).
func gql(t *testing.T, c *ent.Client, opts graph.Options, caller *graph.Caller) *client.Client {
	t.Helper()
	h := graph.NewHandler(c, opts)
	return client.New(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if caller != nil {
			r = r.WithContext(graph.WithCaller(r.Context(), *caller))
		}
		h.ServeHTTP(w, r)
	}))
}

type contractResp struct {
	Jobs struct {
		TotalCount int
		Edges      []struct {
			Node struct {
				Key, Name, Stage, StageReason string
				Environment                   *struct{ Name string }
				Pipeline                      struct {
					Path       string
					Repository struct{ FullName string }
				}
				Usages []struct {
					File, Expression string
					Line             int
					Credential       struct{ Name, Kind, Scope string }
				}
			}
		}
	}
	Credentials struct {
		Edges []struct {
			Node struct {
				Name, Kind, Scope   string
				NeededBy, ExposedTo []string
				OverScoped          bool
				ExposedJobs         []struct {
					Key      string
					Pipeline struct{ Path string }
				}
				Findings []struct{ Rule, Severity string }
			}
		}
	}
	Findings struct {
		Edges []struct {
			Node struct {
				Rule, Severity, Status, Title, Remediation string
				Repository                                 *struct{ FullName string }
			}
		}
	}
}

func TestContractQuery(t *testing.T) {
	migratetest.Each(t, func(t *testing.T, db migratetest.DB) { testContractQuery(t, db.Client) })
}

func testContractQuery(t *testing.T, c *ent.Client) {
	inv := graphtest.Seed(t, c, 0)
	var resp contractResp
	gql(t, c, graph.Options{}, nil).MustPost(ContractQuery, &resp)

	if resp.Jobs.TotalCount != inv.Jobs || len(resp.Jobs.Edges) != inv.Jobs {
		t.Errorf("jobs: totalCount %d, %d edges, want %d", resp.Jobs.TotalCount, len(resp.Jobs.Edges), inv.Jobs)
	}
	var deploy bool
	for _, e := range resp.Jobs.Edges {
		n := e.Node
		if n.Key == "" || n.Stage == "" || n.Pipeline.Path == "" || n.Pipeline.Repository.FullName == "" {
			t.Errorf("job %+v lacks key, stage or pipeline", n)
		}
		if n.Name == "deploy" && n.Pipeline.Repository.FullName == "acme/payments-api" {
			deploy = true
			if n.Stage != "DEPLOY" || n.Environment == nil || n.Environment.Name != "production" {
				t.Errorf("deploy job = %+v, want stage DEPLOY in production", n)
			}
			if len(n.Usages) != 1 || n.Usages[0].Line != 41 || n.Usages[0].Credential.Name != "AWS_ACCESS_KEY_ID" ||
				n.Usages[0].Credential.Kind != "ACTIONS_SECRET" || n.Usages[0].Credential.Scope != "OWNER" {
				t.Errorf("deploy usages = %+v, want AWS_ACCESS_KEY_ID at line 41", n.Usages)
			}
		}
	}
	if !deploy {
		t.Error("the deploy job of acme/payments-api is missing")
	}
	if got := len(resp.Credentials.Edges); got != 2 {
		t.Fatalf("over-scoped credentials = %d, want 2", got)
	}
	for _, e := range resp.Credentials.Edges {
		n := e.Node
		if !n.OverScoped || len(n.NeededBy) == 0 || len(n.ExposedTo) <= len(n.NeededBy) || len(n.ExposedJobs) == 0 {
			t.Errorf("credential %s = %+v, want over-scoped with exposedTo beyond neededBy", n.Name, n)
		}
		if n.Name == "AWS_ACCESS_KEY_ID" && (len(n.Findings) != 1 || n.Findings[0].Rule != "static-cloud-credential" || n.Findings[0].Severity != "HIGH") {
			t.Errorf("AWS_ACCESS_KEY_ID findings = %+v", n.Findings)
		}
		for _, j := range n.ExposedJobs {
			if j.Key == "" || j.Pipeline.Path == "" {
				t.Errorf("exposed job %+v lacks key or pipeline", j)
			}
		}
	}
	if got := len(resp.Findings.Edges); got != 1 {
		t.Fatalf("secrets-inherit findings = %d, want 1", got)
	}
	f := resp.Findings.Edges[0].Node
	if f.Rule != "secrets-inherit" || f.Status != "OPEN" || f.Remediation == "" || f.Repository == nil || f.Repository.FullName != "acme/web-frontend" {
		t.Errorf("finding = %+v", f)
	}
}

// TestContractQueryStatements asserts that the heaviest contract query runs
// a bounded number of SQL statements, whatever the number of rows.
func TestContractQueryStatements(t *testing.T) {
	counts := map[int]int64{}
	for _, n := range []int{5, 60} {
		c, stmts := openCounted(t)
		graphtest.Seed(t, c, n)
		stmts.Store(0)
		var resp contractResp
		gql(t, c, graph.Options{}, nil).MustPost(ContractQuery, &resp)
		if len(resp.Jobs.Edges) < 3*n {
			t.Fatalf("%d repositories: %d jobs returned", n, len(resp.Jobs.Edges))
		}
		counts[n] = stmts.Load()
	}
	if counts[5] != counts[60] || counts[60] > 30 {
		t.Errorf("statements per contract query: %d with 5 repositories, %d with 60; want equal and at most 30", counts[5], counts[60])
	}
	t.Logf("statements per contract query: %d", counts[60])
}

func TestFilters(t *testing.T) {
	migratetest.Each(t, func(t *testing.T, db migratetest.DB) { testFilters(t, db.Client) })
}

func testFilters(t *testing.T, c *ent.Client) {
	graphtest.Seed(t, c, 4)
	cl := gql(t, c, graph.Options{}, nil)
	tests := []struct {
		name  string
		query string
		want  int
	}{
		{"credentials exposed to TEST", `{credentials(where:{stage: TEST}){totalCount}}`, 7},
		{"credentials needed by DEPLOY", `{credentials(where:{neededByStage: DEPLOY}){totalCount}}`, 1},
		{"credentials of a repository", `{credentials(where:{repository: "acme/payments-api"}){totalCount}}`, 3},
		{"credentials of a team", `{credentials(where:{team: "payments"}){totalCount}}`, 5},
		{"credential search", `{credentials(where:{search: "npm"}){totalCount}}`, 1},
		{"static cloud keys of kind", `{credentials(where:{staticCloudKey: true, kind: ACTIONS_SECRET, scope: OWNER}){totalCount}}`, 1},
		{"jobs by stage and team", `{jobs(where:{stage: DEPLOY, team: "web"}){totalCount}}`, 4},
		{"job search", `{jobs(where:{search: "DEPL"}){totalCount}}`, 7},
		{"findings by severity", `{findings(where:{severity: CRITICAL}){totalCount}}`, 1},
		{"findings by status", `{findings(where:{status: ACCEPTED}){totalCount}}`, 1},
		{"findings of a team", `{findings(where:{team: "payments", rule: "secrets-inherit"}){totalCount}}`, 2},
		{"findings by stage", `{findings(where:{stage: DEPLOY}){totalCount}}`, 6},
		{"finding search", `{findings(where:{search: "AWS"}){totalCount}}`, 1},
		{"repositories of a team", `{repositories(where:{team: "payments"}){totalCount}}`, 3},
		{"repository search", `{repositories(where:{search: "frontend"}){totalCount}}`, 1},
		{"pipelines of a repository", `{pipelines(where:{repository: "acme/payments-api"}){totalCount}}`, 1},
		{"usages of a repository", `{usages(where:{repository: "acme/payments-api"}){totalCount}}`, 3},
		{"identity search", `{identities(where:{search: "release"}){totalCount}}`, 1},
		{"team search", `{teams(where:{search: "pay"}){totalCount}}`, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var resp map[string]struct{ TotalCount int }
			if err := cl.Post(tc.query, &resp); err != nil {
				t.Fatal(err)
			}
			for _, v := range resp {
				if v.TotalCount != tc.want {
					t.Errorf("%s = %d, want %d", tc.query, v.TotalCount, tc.want)
				}
			}
		})
	}
}

func TestOrderingPaginationAndNode(t *testing.T) {
	c := migratetest.Open(t)
	inv := graphtest.Seed(t, c, 3)
	cl := gql(t, c, graph.Options{}, nil)
	var resp struct {
		Repositories struct {
			TotalCount int
			PageInfo   struct {
				HasNextPage bool
				EndCursor   string
			}
			Edges []struct{ Node struct{ FullName string } }
		}
	}
	cl.MustPost(`{repositories(first: 2, orderBy: [{field: FULL_NAME, direction: DESC}]) {totalCount pageInfo {hasNextPage endCursor} edges {node {fullName}}}}`, &resp)
	r := resp.Repositories
	if r.TotalCount != 6 || !r.PageInfo.HasNextPage || len(r.Edges) != 2 || r.Edges[0].Node.FullName != "acme/web-frontend" {
		t.Fatalf("first page = %+v", r)
	}
	var next struct {
		Repositories struct {
			Edges []struct{ Node struct{ FullName string } }
		}
	}
	cl.MustPost(`query($after: Cursor) {repositories(first: 2, after: $after, orderBy: [{field: FULL_NAME, direction: DESC}]) {edges {node {fullName}}}}`, &next, client.Var("after", r.PageInfo.EndCursor))
	if len(next.Repositories.Edges) != 2 || next.Repositories.Edges[0].Node.FullName != "acme/service-0001" {
		t.Errorf("second page = %+v", next.Repositories.Edges)
	}
	var node struct {
		Node struct {
			Typename string `json:"__typename"`
			Name     string
		}
	}
	cl.MustPost(`query($id: ID!) { node(id: $id) { __typename ... on Credential { name } } }`, &node, client.Var("id", inv.AWSKey.ID))
	if node.Node.Typename != "Credential" || node.Node.Name != "AWS_ACCESS_KEY_ID" {
		t.Errorf("node = %+v", node.Node)
	}
	var scans struct {
		Scans struct {
			Edges []struct {
				Node struct {
					Status       string
					CoverageGaps []string
					Changes      struct {
						TotalCount int
						Edges      []struct {
							Node struct{ Kind, Summary, EntityKey string }
						}
					}
				}
			}
		}
	}
	cl.MustPost(`{scans(orderBy: [{field: STARTED_AT, direction: DESC}]) {edges {node {status coverageGaps changes(first: 10) {totalCount edges {node {kind summary entityKey}}}}}}}`, &scans)
	if len(scans.Scans.Edges) != 2 || scans.Scans.Edges[0].Node.Status != "PARTIAL" || scans.Scans.Edges[0].Node.Changes.TotalCount != 3 {
		t.Errorf("scans = %+v", scans.Scans.Edges)
	}
}

func TestRoles(t *testing.T) {
	c := migratetest.Open(t)
	inv := graphtest.Seed(t, c, 0)
	until := time.Now().Add(30 * 24 * time.Hour).UTC().Format(time.RFC3339)
	accept := `mutation($id: ID!, $until: Time) { triageFinding(id: $id, status: ACCEPTED, reason: "compensating control", until: $until) { status acceptedReason acceptedBy } }`
	reader := &graph.Caller{Name: "dashboards", Role: graph.RoleReader}
	triager := &graph.Caller{Name: "alice", Role: graph.RoleTriager}
	admin := &graph.Caller{Name: "root", Role: graph.RoleAdmin}
	opts := graph.Options{RequireCaller: true}

	tests := []struct {
		name   string
		caller *graph.Caller
		query  string
		code   string // "" = success
	}{
		{"anonymous reads", nil, `{jobs{totalCount}}`, graph.CodeUnauthenticated},
		{"reader reads", reader, `{jobs{totalCount}}`, ""},
		{"reader mutates", reader, accept, graph.CodeForbidden},
		{"reader reads audit", reader, `{auditEvents{totalCount}}`, graph.CodeForbidden},
		{"triager accepts", triager, accept, ""},
		{"triager reads audit", triager, `{auditEvents{totalCount}}`, graph.CodeForbidden},
		{"admin reads audit", admin, `{auditEvents{totalCount}}`, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var resp map[string]any
			err := gql(t, c, opts, tc.caller).Post(tc.query, &resp, client.Var("id", inv.Finding.ID), client.Var("until", until))
			if got := errCode(err); got != tc.code {
				t.Errorf("code = %q (%v), want %q", got, err, tc.code)
			}
		})
	}
	ev, err := c.AuditEvent.Query().Where(auditevent.Action("triageFinding")).Only(context.Background())
	if err != nil {
		t.Fatalf("audit event of the triage: %v", err)
	}
	if ev.Actor != "alice" || ev.Target != inv.Finding.Fingerprint || !strings.Contains(ev.Detail, "ACCEPTED") {
		t.Errorf("audit event = %+v", ev)
	}
}

func TestTriageValidation(t *testing.T) {
	c := migratetest.Open(t)
	inv := graphtest.Seed(t, c, 0)
	cl := gql(t, c, graph.Options{}, nil)
	past := time.Now().Add(-time.Hour).UTC().Format(time.RFC3339)
	tests := []struct {
		name, query, code string
	}{
		{"accept without reason", `mutation($id: ID!) { triageFinding(id: $id, status: ACCEPTED) { status } }`, graph.CodeBadInput},
		{"accept in the past", `mutation($id: ID!, $past: Time) { triageFinding(id: $id, status: ACCEPTED, reason: "x", until: $past) { status } }`, graph.CodeBadInput},
		{"unknown finding", `mutation { triageFinding(id: 999999, status: OPEN) { status } }`, graph.CodeNotFound},
		{"resolve is for scans", `mutation($id: ID!) { triageFinding(id: $id, status: RESOLVED) { status } }`, graph.CodeBadInput},
		{"reopen", `mutation($id: ID!) { triageFinding(id: $id, status: OPEN) { status } }`, ""},
		{"tick done", `mutation($id: ID!) { markFindingDone(id: $id, done: true) { done } }`, ""},
		{"bad enum", `mutation($id: ID!) { triageFinding(id: $id, status: MAYBE) { status } }`, "GRAPHQL_VALIDATION_FAILED"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var resp map[string]any
			err := cl.Post(tc.query, &resp, client.Var("id", inv.Finding.ID), client.Var("past", past))
			if got := errCode(err); got != tc.code {
				t.Errorf("code = %q (%v), want %q", got, err, tc.code)
			}
		})
	}
}

func TestLimits(t *testing.T) {
	c := migratetest.Open(t)
	graphtest.Seed(t, c, 0)
	cl := gql(t, c, graph.Options{}, nil)
	deep := `{jobs{edges{node{pipeline{repository{pipelines{jobs{exposedCredentials{exposedJobs{pipeline{repository{owner{name}}}}}}}}}}}}}`
	tests := []struct {
		name, query, code string
	}{
		{"depth", deep, graph.CodeDepth},
		{"complexity", `{repositories(first: 1000){edges{node{pipelines{jobs{usages{credential{exposedJobs{key name stage}}}}}}}}}`, graph.CodeComplexity},
		{"page size", `{jobs(first: 5000){totalCount}}`, graph.CodePageSize},
		{"depth through fragments", `fragment R on Repository { pipelines { jobs { exposedCredentials { exposedJobs { pipeline { repository { owner { name } } } } } } } }
			{ jobs { edges { node { pipeline { repository { ...R } } } } } }`, graph.CodeDepth},
		{"complexity through a variable", `query($n: Int) { repositories(first: $n) { edges { node { pipelines { jobs { usages { credential { exposedJobs { key name stage } } } } } } } } }`, graph.CodeComplexity},
		{"syntax", `{jobs(`, "GRAPHQL_PARSE_FAILED"},
		{"unknown field", `{jobs{nope}}`, "GRAPHQL_VALIDATION_FAILED"},
		{"introspection", `{__schema{types{name fields{name type{name ofType{name ofType{name ofType{name}}}}}}}}`, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var resp map[string]any
			err := cl.Post(tc.query, &resp, client.Var("n", 1000))
			if got := errCode(err); got != tc.code {
				t.Errorf("code = %q (%v), want %q", got, err, tc.code)
			}
		})
	}
	t.Run("request size", func(t *testing.T) {
		body := `{"query":"{jobs{totalCount}}","variables":{"pad":"` + strings.Repeat("x", graph.MaxBodyBytes) + `"}}`
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		graph.NewHandler(c, graph.Options{}).ServeHTTP(rec, req)
		if !strings.Contains(rec.Body.String(), graph.CodeTooLarge) {
			t.Errorf("a %d-byte body: %d %s", len(body), rec.Code, rec.Body.String()[:min(200, rec.Body.Len())])
		}
	})
}

// TestDescriptions asserts that the API documents itself (issue 2/7): every
// type, field, argument, input field (the generated where filters included),
// id and enum value has a description; and that no Sensitive ent field is
// exposed under any name.
func TestDescriptions(t *testing.T) {
	c := migratetest.Open(t)
	type described struct {
		Name        string
		Description *string
	}
	var resp struct {
		Schema struct {
			Types []struct {
				Name, Kind  string
				Description *string
				Fields      []struct {
					Name        string
					Description *string
					Args        []described
				}
				InputFields []described
				EnumValues  []described
				Interfaces  []struct{ Name string }
			}
		} `json:"__schema"`
	}
	gql(t, c, graph.Options{}, nil).MustPost(`{__schema{types{name kind description
		fields(includeDeprecated: true){name description args{name description}}
		inputFields{name description} enumValues(includeDeprecated: true){name description}
		interfaces{name}}}}`, &resp)
	none := func(d *string) bool { return d == nil || strings.TrimSpace(*d) == "" }
	var ids, values, inputs int
	for _, ty := range resp.Schema.Types {
		if strings.HasPrefix(ty.Name, "__") {
			continue
		}
		builtin := map[string]bool{"String": true, "Int": true, "Float": true, "Boolean": true, "ID": true}
		if none(ty.Description) && !builtin[ty.Name] {
			t.Errorf("type %s has no description", ty.Name)
		}
		for _, f := range ty.Fields {
			if f.Name == "id" {
				ids++
			}
			if none(f.Description) {
				t.Errorf("field %s.%s has no description", ty.Name, f.Name)
			}
			for _, a := range f.Args {
				if none(a.Description) {
					t.Errorf("argument %s.%s(%s) has no description", ty.Name, f.Name, a.Name)
				}
			}
		}
		for _, f := range ty.InputFields {
			inputs++
			if none(f.Description) {
				t.Errorf("input field %s.%s has no description", ty.Name, f.Name)
			}
		}
		for _, v := range ty.EnumValues {
			values++
			if none(v.Description) {
				t.Errorf("enum value %s.%s has no description", ty.Name, v.Name)
			}
		}
	}
	// The walk must have seen what it checks: an id per Node type and the
	// ent enums (a query that stopped returning them would pass vacuously).
	if ids < 16 || values < 100 || inputs < 1000 {
		t.Errorf("checked %d id fields, %d enum values, %d input fields: the introspection query lost some", ids, values, inputs)
	}

	// No Sensitive ent field (token hashes, value fingerprints) may reach the
	// API under any name: as a field, a filter, an argument or an order value.
	schemas := map[string]entgo.Interface{
		"ApiToken": schema.ApiToken{}, "AuditEvent": schema.AuditEvent{}, "BranchProtection": schema.BranchProtection{},
		"Change": schema.Change{}, "CodeOwners": schema.CodeOwners{}, "Credential": schema.Credential{},
		"Environment": schema.Environment{}, "Finding": schema.Finding{}, "HTTPCache": schema.HTTPCache{},
		"Identity": schema.Identity{}, "Job": schema.Job{}, "Owner": schema.Owner{}, "Pipeline": schema.Pipeline{},
		"Repository": schema.Repository{}, "RunnerGroup": schema.RunnerGroup{}, "Scan": schema.Scan{},
		"Team": schema.Team{}, "Usage": schema.Usage{},
	}
	norm := func(s string) string { return strings.ToLower(strings.ReplaceAll(s, "_", "")) }
	var sensitive []string
	for _, sc := range schemas {
		for _, f := range sc.Fields() {
			if d := f.Descriptor(); d.Sensitive {
				sensitive = append(sensitive, norm(d.Name))
			}
		}
	}
	if len(sensitive) < 2 {
		t.Errorf("found %d Sensitive fields in ent/schema, want at least the token hash and the value fingerprint", len(sensitive))
	}
	leaks := func(where, name string) {
		for _, s := range sensitive {
			if strings.Contains(norm(name), s) {
				t.Errorf("%s %s exposes the Sensitive ent field %s", where, name, s)
			}
		}
	}
	for _, ty := range resp.Schema.Types {
		if slices.ContainsFunc(ty.Interfaces, func(i struct{ Name string }) bool { return i.Name == "Node" }) && schemas[ty.Name] == nil {
			t.Errorf("Node type %s has no ent schema in this test's list: add it", ty.Name)
		}
		for _, f := range ty.Fields {
			leaks("field", ty.Name+"."+f.Name)
			for _, a := range f.Args {
				leaks("argument", ty.Name+"."+f.Name+"("+a.Name+")")
			}
		}
		for _, f := range ty.InputFields {
			leaks("input field", ty.Name+"."+f.Name)
		}
		for _, v := range ty.EnumValues {
			leaks("enum value", ty.Name+"."+v.Name)
		}
	}
}

// errCode returns the extensions.code of the first error in err ("" for nil).
func errCode(err error) string {
	if err == nil {
		return ""
	}
	var errs []struct {
		Extensions struct{ Code string }
	}
	msg := err.Error()
	if strings.HasPrefix(msg, "http ") { // a whole-request error: http 422: {"errors": …}
		var body struct {
			Errors json.RawMessage
		}
		_ = json.Unmarshal([]byte(msg[strings.Index(msg, "{"):]), &body)
		msg = string(body.Errors)
	}
	if json.Unmarshal([]byte(msg), &errs) != nil || len(errs) == 0 {
		return "unparsed: " + err.Error()
	}
	return errs[0].Extensions.Code
}
