package github_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"log/slog"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/ent/credential"
	"github.com/privgraph/privgraph/ent/scan"
	"github.com/privgraph/privgraph/migrations/migratetest"
	"github.com/privgraph/privgraph/scanner"
	"github.com/privgraph/privgraph/scanner/github"
	"github.com/privgraph/privgraph/scanner/githubtest"
	"github.com/privgraph/privgraph/scanner/transport"
)

// inventory counts what the graph holds, by entity.
func inventory(t *testing.T, c *ent.Client) map[string]int {
	t.Helper()
	ctx := t.Context()
	counts := map[string]int{
		"repositories":        c.Repository.Query().CountX(ctx),
		"pipelines":           c.Pipeline.Query().CountX(ctx),
		"jobs":                c.Job.Query().CountX(ctx),
		"environments":        c.Environment.Query().CountX(ctx),
		"identities":          c.Identity.Query().CountX(ctx),
		"teams":               c.Team.Query().CountX(ctx),
		"runner groups":       c.RunnerGroup.Query().CountX(ctx),
		"branch protections":  c.BranchProtection.Query().CountX(ctx),
		"codeowners":          c.CodeOwners.Query().CountX(ctx),
		"usages":              c.Usage.Query().CountX(ctx),
		"owner credentials":   c.Credential.Query().Where(credential.ScopeEQ(credential.ScopeOWNER)).CountX(ctx),
		"repo credentials":    c.Credential.Query().Where(credential.ScopeEQ(credential.ScopeREPOSITORY), credential.KindNEQ(credential.KindGITHUB_TOKEN)).CountX(ctx),
		"env credentials":     c.Credential.Query().Where(credential.ScopeEQ(credential.ScopeENVIRONMENT)).CountX(ctx),
		"deploy keys":         c.Credential.Query().Where(credential.KindEQ(credential.KindDEPLOY_KEY)).CountX(ctx),
		"app installations":   c.Credential.Query().Where(credential.KindEQ(credential.KindAPP_INSTALLATION)).CountX(ctx),
		"dependabot secrets":  c.Credential.Query().Where(credential.KindEQ(credential.KindDEPENDABOT_SECRET)).CountX(ctx),
		"static cloud keys":   c.Credential.Query().Where(credential.StaticCloudKey(true)).CountX(ctx),
		"personal tokens":     c.Credential.Query().Where(credential.PersonalToken(true)).CountX(ctx),
		"write deploy keys":   c.Credential.Query().Where(credential.KindEQ(credential.KindDEPLOY_KEY), credential.ReadOnly(false)).CountX(ctx),
		"archived repository": 0,
	}
	for _, r := range c.Repository.Query().AllX(ctx) {
		if r.Archived {
			counts["archived repository"]++
		}
	}
	return counts
}

func run(t *testing.T, db *ent.Client, s *github.Scanner) (*ent.Scan, error) {
	t.Helper()
	return scanner.Run(t.Context(), db, s, scanner.RunOptions{Platform: scanner.GitHub, Target: "demo",
		Logger: slog.New(slog.NewTextHandler(t.Output(), nil))})
}

func TestRunDemoIntoGraph(t *testing.T) {
	dbf := migratetest.OpenSQLite(t)
	db := dbf.Client
	srv := githubtest.NewServer(t, githubtest.DemoOrg())
	logs := &syncBuffer{}
	cache := transport.NewEntCache(db)
	s, _ := newScanner(t, srv, github.Options{Cache: cache}, logs)
	first, err := run(t, db, s)
	if err != nil || first.Status != scan.StatusSUCCEEDED {
		t.Fatalf("first scan: %v, status %v", err, first)
	}
	want := inventory(t, db)
	wantCounts := map[string]int{"repositories": 13, "identities": 3, "teams": 8, "runner groups": 3, "app installations": 3,
		"owner credentials": 9, "env credentials": 3, "deploy keys": 2, "write deploy keys": 1, "dependabot secrets": 2,
		"codeowners": 9, "archived repository": 1}
	for k, v := range wantCounts {
		if want[k] != v {
			t.Errorf("graph %s = %d, want %d", k, want[k], v)
		}
	}
	for _, k := range []string{"pipelines", "jobs", "environments", "branch protections", "usages", "repo credentials", "static cloud keys", "personal tokens"} {
		if want[k] == 0 {
			t.Errorf("graph has no %s", k)
		}
	}

	// Organization variables: names and visibility, never values.
	o := db.Owner.Query().OnlyX(t.Context())
	if want := []string{"AWS_REGION:all", "PROD_DEPLOY_ROLE_ARN:selected", "STAGING_DEPLOY_ROLE_ARN:private"}; !slices.Equal(o.Variables, want) {
		t.Errorf("owner variables = %v, want %v", o.Variables, want)
	}
	for _, f := range []string{dbf.DSN, dbf.DSN + "-wal"} {
		if file, _ := os.ReadFile(f); bytes.Contains(file, []byte("444455556666")) {
			t.Errorf("a variable value reached %s", f)
		}
	}

	// A failed scan (bad credentials) leaves the inventory as it was.
	srv.SetTokens("someone-else")
	failed, err := run(t, db, s)
	if err == nil || failed == nil || failed.Status != scan.StatusFAILED {
		t.Fatalf("scan with bad credentials = %v, %v; want FAILED", failed, err)
	}
	if diff := cmp.Diff(want, inventory(t, db)); diff != "" {
		t.Errorf("inventory changed by a failed scan (-before +after):\n%s", diff)
	}

	// A scan missing one resource ends PARTIAL with the gap recorded, and
	// an unchanged rescan is mostly answered 304.
	srv.SetTokens(testToken)
	srv.Fail(githubtest.Fault{Match: "/repos/demo/web-frontend/dependabot/secrets", Status: 403})
	s2, _ := newScanner(t, srv, github.Options{Cache: cache}, logs)
	partial, err := run(t, db, s2)
	if err != nil || partial.Status != scan.StatusPARTIAL || len(partial.CoverageGaps) != 1 ||
		!strings.Contains(partial.CoverageGaps[0], "Dependabot secrets read permission") {
		t.Fatalf("partial scan = %v (%v), want PARTIAL with the Dependabot gap", partial, err)
	}
	if !slices.Contains(partial.Unread, "credentials:demo/web-frontend") {
		t.Errorf("scan.unread = %v, want credentials:demo/web-frontend", partial.Unread)
	}
	// What the partial scan could not read stays as the full scan found it.
	if diff := cmp.Diff(want, inventory(t, db)); diff != "" {
		t.Errorf("inventory changed by a partial scan (-before +after):\n%s", diff)
	}
	if partial.APINotModified < partial.APIRequests*9/10 {
		t.Errorf("rescan: %d of %d answered 304, want ≥ 90%%", partial.APINotModified, partial.APIRequests)
	}

	// No token text anywhere: logs, scan rows, the DB file.
	rows, _ := db.Scan.Query().All(t.Context())
	var scans bytes.Buffer
	for _, r := range rows {
		scans.WriteString(r.Error + strings.Join(r.CoverageGaps, " ") + strings.Join(r.TokenScopes, " "))
	}
	file, err := os.ReadFile(dbf.DSN)
	if err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{"logs": logs.String(), "scans": scans.String(), "db file": string(file)} {
		if strings.Contains(out, "SENTINEL") {
			t.Errorf("token text in %s", name)
		}
	}
}

func TestGitHubApp(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	keyPEM := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})
	srv := githubtest.NewServer(t, githubtest.DemoOrg())
	srv.SetTokens("none-but-issued")
	logs := &syncBuffer{}
	now := time.Now()
	clock := func() time.Time { return now }
	srv.SetClock(clock)
	s, _ := newScanner(t, srv, github.Options{App: &github.App{AppID: 9001, Key: transport.NewToken(string(keyPEM))}, Now: clock}, logs)
	f, err := s.Scan(context.Background(), "demo")
	if err != nil {
		t.Fatalf("Scan as app: %v", err)
	}
	if len(f.Repositories) != 13 || !f.TokenCanWrite || !strings.Contains(strings.Join(f.TokenScopes, ","), "contents:write") {
		t.Errorf("repositories %d, can write %v, scopes %v; want 13, the installation's write permissions", len(f.Repositories), f.TokenCanWrite, f.TokenScopes)
	}
	var lookups, mints int
	for _, r := range srv.Requests() {
		switch r.Endpoint {
		case "GET /orgs/{name}/installation":
			lookups++
		case "POST /app/installations/{id}/access_tokens":
			mints++
		}
	}
	if lookups != 1 || mints != 1 {
		t.Errorf("installation lookups %d, token mints %d; want 1 and 1 (the token is reused until it nears expiry)", lookups, mints)
	}
	// An hour later the token is about to expire: a long scan mints a new one.
	now = now.Add(58 * time.Minute)
	f2, err := s.Scan(context.Background(), "demo")
	if err != nil {
		t.Fatalf("second scan as app: %v", err)
	}
	if f2.Requests != f.Requests {
		t.Errorf("second scan counted %d requests, first %d: a scan counts its own requests only", f2.Requests, f.Requests)
	}
	mints = 0
	for _, r := range srv.Requests() {
		if r.Endpoint == "POST /app/installations/{id}/access_tokens" {
			mints++
		}
	}
	if mints != 2 {
		t.Errorf("token mints = %d after the token neared expiry, want 2", mints)
	}
	if strings.Contains(logs.String(), "PRIVATE KEY") || strings.Contains(logs.String(), "ghs_") {
		t.Error("app key or installation token in the logs")
	}
	bad := github.New(github.Options{BaseURL: srv.APIURL, App: &github.App{AppID: 1, Key: transport.NewToken("not a key")}})
	if _, err := bad.Scan(t.Context(), "demo"); err == nil || !strings.Contains(err.Error(), "--app-key") {
		t.Errorf("bad key: err = %v, want a sentence naming --app-key", err)
	}

	// GitHub refusing to mint the installation token is about the app's
	// flags, not the network; the endpoint is named once, with its method.
	appKey := transport.NewToken(string(keyPEM))
	for _, tc := range []struct {
		name         string
		installation int64
		fault        *githubtest.Fault
		want         string // the whole message, or a part of it
	}{
		{name: "wrong installation id", installation: 456,
			want: "GitHub App 9001 has no installation 456 (or the app key is for another app): check --installation-id, or leave it out to find the installation on --org"},
		{name: "JWT refused when minting", installation: 51001,
			fault: &githubtest.Fault{Match: "POST /app/installations/{id}/access_tokens", Status: 401},
			want:  "GitHub refused the JSON web token of GitHub App 9001 (401): check that --app-key is a current private key of the app --app-id names"},
		{name: "no installation on the organization",
			fault: &githubtest.Fault{Match: "GET /orgs/{name}/installation", Status: 404},
			want:  "find the GitHub App's installation on demo (pass --installation-id, or install the app on the organization): GET /orgs/{name}/installation: GitHub answered 404"},
		{name: "JWT refused when finding the installation",
			fault: &githubtest.Fault{Match: "GET /orgs/{name}/installation", Status: 401},
			want:  "GET /orgs/{name}/installation: GitHub answered 401; check --app-id and --app-key"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv.ClearFaults()
			if tc.fault != nil {
				srv.Fail(*tc.fault)
			}
			s := github.New(github.Options{BaseURL: srv.APIURL, App: &github.App{AppID: 9001, Key: appKey, InstallationID: tc.installation}})
			_, err := s.Scan(t.Context(), "demo")
			if err == nil {
				t.Fatal("scan succeeded")
			}
			msg := err.Error()
			if !strings.Contains(msg, tc.want) {
				t.Errorf("err = %q, want %q", msg, tc.want)
			}
			for _, wrong := range []string{"unreachable", "--api-url", "POST POST", "GET GET"} {
				if strings.Contains(msg, wrong) {
					t.Errorf("err = %q, says %q", msg, wrong)
				}
			}
		})
	}
}
