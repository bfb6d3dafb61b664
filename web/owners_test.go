package web_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/ent/repository"
	"github.com/privgraph/privgraph/graph/graphtest"
	"github.com/privgraph/privgraph/migrations/migratetest"
)

// orgFinding is the title of the organization-level finding ownersFixture
// adds: about the organization secret AWS_ACCESS_KEY_ID, in no repository.
const orgFinding = "AWS_ACCESS_KEY_ID is visible to every repository of acme"

// ownersFixture seeds the inventory and adds team "readers", which can only
// read acme/payments-api (so owns nothing), team "leads", which can read
// acme/payments-api and maintains acme/web-frontend, a repository secret in
// a repository no team owns, and an organization-level finding.
func ownersFixture(t *testing.T) (*ent.Client, *graphtest.Inventory, *ent.Credential) {
	t.Helper()
	c := migratetest.Open(t)
	inv := graphtest.Seed(t, c, 0)
	ctx := t.Context()
	c.Team.Create().SetKey("github:acme/readers").SetName("Readers").SetSlug("readers").SetOwner(inv.Owner).
		SetRepositoryPermissions([]string{"acme/payments-api:pull"}).AddRepositories(inv.Repo).ExecX(ctx)
	frontend := c.Repository.Query().Where(repository.FullName("acme/web-frontend")).OnlyX(ctx)
	c.Team.Create().SetKey("github:acme/leads").SetName("Leads").SetSlug("leads").SetOwner(inv.Owner).
		SetRepositoryPermissions([]string{"acme/payments-api:triage", "acme/web-frontend:maintain"}).
		AddRepositories(inv.Repo, frontend).ExecX(ctx)
	orphan := c.Repository.Create().SetKey("github:acme/orphan").SetPlatform("GITHUB").SetFullName("acme/orphan").
		SetOwner(inv.Owner).SaveX(ctx)
	cred := c.Credential.Create().SetKey("github:acme/orphan:secret:DEPLOY_KEY").SetKind("ACTIONS_SECRET").
		SetName("ORPHAN_DEPLOY_KEY").SetScope("REPOSITORY").SetOwner(inv.Owner).SetRepository(orphan).SaveX(ctx)
	c.Finding.Create().SetRule("org-secret-visibility-too-broad").SetSeverity("HIGH").SetTitle(orgFinding).
		SetRemediation("Set its visibility to the repositories that use it.").
		SetFingerprint("org-secret-visibility-too-broad:AWS_ACCESS_KEY_ID").SetCredential(inv.AWSKey).SetOwner(inv.Owner).
		SetFirstSeen(graphtest.Now).SetLastSeen(graphtest.Now).ExecX(ctx)
	return c, inv, cred
}

func body(t *testing.T, h http.Handler, path string) (int, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "http://127.0.0.1:8080"+path, nil))
	return rec.Code, rec.Body.String()
}

func texts(doc *goquery.Document, sel string) []string {
	var out []string
	doc.Find(sel).Each(func(_ int, s *goquery.Selection) { out = append(out, strings.TrimSpace(s.Text())) })
	return out
}

// TestTeamPageMatchesExport checks that a team's page and its Markdown
// export list the same findings, those of the repositories it owns, and
// that read access is not ownership.
func TestTeamPageMatchesExport(t *testing.T) {
	c, _, _ := ownersFixture(t)
	h := newServer(t, c, false)
	for _, tc := range []struct {
		slug  string
		repos []string
		n     int
	}{
		{"readers", nil, 0},
		{"leads", []string{"acme/web-frontend"}, 1},
		{"payments", []string{"acme/payments-api"}, 3},
	} {
		t.Run(tc.slug, func(t *testing.T) {
			rec, doc := get(t, h, "/teams/"+tc.slug)
			if rec.Code != 200 {
				t.Fatalf("GET /teams/%s = %d", tc.slug, rec.Code)
			}
			if got := texts(doc, `[data-testid="team-repositories"] a`); fmt.Sprint(got) != fmt.Sprint(tc.repos) && !(len(got) == 0 && len(tc.repos) == 0) {
				t.Errorf("repositories = %q, want the owned ones %q", got, tc.repos)
			}
			titles := texts(doc, `[data-testid="checklist"] [data-testid="finding-title"]`)
			if len(titles) != tc.n {
				t.Errorf("page lists %d findings %q, want %d", len(titles), titles, tc.n)
			}
			code, md := body(t, h, "/teams/"+tc.slug+"/checklist.md")
			if code != 200 {
				t.Fatalf("export = %d", code)
			}
			if items := strings.Count(md, "\n- ["); items != len(titles) {
				t.Errorf("export has %d items, page %d:\n%s", items, len(titles), md)
			}
			for _, title := range titles {
				if !strings.Contains(md, strings.ReplaceAll(title, "*", "")) && !strings.Contains(md, firstWords(title)) {
					t.Errorf("export lacks %q:\n%s", title, md)
				}
			}
		})
	}
}

func firstWords(s string) string {
	f := strings.Fields(s)
	return strings.Join(f[:min(3, len(f))], " ")
}

// TestTeamFiltersOwned checks the team filters of the lists against the
// owner definition: a team that can only read a repository gets nothing, an
// unknown team nothing (not everything).
func TestTeamFiltersOwned(t *testing.T) {
	c, _, _ := ownersFixture(t)
	h := newServer(t, c, false)
	for _, tc := range []struct {
		path, sel string
		want      int
	}{
		{"/findings?team=readers", `[data-testid="finding-row"]`, 0},
		{"/findings?team=nobody", `[data-testid="finding-row"]`, 0},
		{"/findings?team=leads", `[data-testid="finding-row"]`, 1},
		{"/credentials?team=readers", `table.list tbody tr`, 0},
		{"/credentials?team=payments", `table.list tbody tr`, 3},
		{"/repositories?team=readers", `table.list tbody tr`, 0},
		{"/repositories?team=nobody", `table.list tbody tr`, 0},
		{"/repositories?team=leads", `table.list tbody tr`, 1},
	} {
		rec, doc := get(t, h, tc.path)
		if rec.Code != 200 {
			t.Errorf("GET %s = %d", tc.path, rec.Code)
			continue
		}
		if n := doc.Find(tc.sel).Length(); n != tc.want {
			t.Errorf("GET %s: %d rows, want %d", tc.path, n, tc.want)
		}
	}
}

// TestOrganizationLevelChecklist checks the findings list's level filter
// and its Markdown export.
func TestOrganizationLevelChecklist(t *testing.T) {
	c, _, _ := ownersFixture(t)
	h := newServer(t, c, false)
	_, doc := get(t, h, "/findings?level=organization")
	if got := texts(doc, `[data-testid="finding-title"]`); len(got) != 1 || got[0] != orgFinding {
		t.Errorf("level=organization lists %q, want only %q", got, orgFinding)
	}
	if doc.Find(`select[name="level"] option[value="organization"][selected]`).Length() != 1 {
		t.Error("the level filter is not offered, or not shown as chosen")
	}
	href, _ := doc.Find(`[data-testid="export-markdown"]`).Attr("href")
	if href != "/findings/checklist.md?level=organization" {
		t.Errorf("export link = %q, want the list's filters", href)
	}
	code, md := body(t, h, href)
	if code != 200 || !strings.HasPrefix(md, "# privgraph checklist: organization level\n") || !strings.Contains(md, orgFinding) ||
		strings.Count(md, "\n- [") != 1 || !strings.Contains(md, "## acme (GitHub organization settings)") {
		t.Errorf("GET %s = %d:\n%s", href, code, md)
	}
	// The export keeps the list's filters and escapes like the team export.
	_, md = body(t, h, "/findings/checklist.md?severity=CRITICAL")
	if strings.Count(md, "\n- [") != 1 || !strings.Contains(md, "triage") || strings.Contains(md, "<b>") {
		t.Errorf("severity=CRITICAL export:\n%s", md)
	}
	// Organization-level findings are on no team's list.
	_, doc = get(t, h, "/findings?team=payments")
	for _, title := range texts(doc, `[data-testid="finding-title"]`) {
		if title == orgFinding {
			t.Error("an organization-level finding is on a team's list")
		}
	}
}

// TestCredentialWhoFixes checks the credential page of an organization
// secret and of a repository secret no team owns.
func TestCredentialWhoFixes(t *testing.T) {
	c, inv, orphan := ownersFixture(t)
	h := newServer(t, c, false)
	_, doc := get(t, h, fmt.Sprintf("/credentials/%d", inv.AWSKey.ID))
	box := doc.Find(`[data-testid="credential-org-owners"]`)
	if box.Length() != 1 {
		t.Fatal("the organization secret's page does not say who fixes it")
	}
	if !strings.Contains(box.Text(), "the organization's owners") || !strings.Contains(box.Text(), "Settings → Secrets and variables → Actions") {
		t.Errorf("who fixes it = %q", box.Text())
	}
	if h, _ := box.Find(`[data-testid="org-export"]`).Attr("href"); h != "/findings/checklist.md?level=organization" {
		t.Errorf("organization export link = %q", h)
	}
	_, doc = get(t, h, fmt.Sprintf("/credentials/%d", orphan.ID))
	if doc.Find(`[data-testid="credential-org-owners"]`).Length() != 0 {
		t.Error("a repository secret is said to be the organization's")
	}
	msg := doc.Find(`[data-testid="credential-no-team"]`)
	if !strings.Contains(msg.Text(), "acme/orphan") {
		t.Errorf("no-team message = %q, want it to name the repository", msg.Text())
	}
	if h, _ := msg.Find(`[data-testid="repository-findings"]`).Attr("href"); h != "/findings?repository=acme%2Forphan" {
		t.Errorf("repository findings link = %q", h)
	}
	// NPM_TOKEN is stored in acme/payments-api, which payments owns (no
	// permission recorded) and readers can only read.
	_, doc = get(t, h, fmt.Sprintf("/credentials/%d", inv.NPMToken.ID))
	if got := texts(doc, `[data-testid="credential-teams"] strong`); fmt.Sprint(got) != "[Payments]" {
		t.Errorf("owning teams of NPM_TOKEN = %q, want [Payments]", got)
	}
}

// TestScanPageFirstScan checks the wording of a target's first scan and of
// the token scopes.
func TestScanPageFirstScan(t *testing.T) {
	c := migratetest.Open(t)
	inv := graphtest.Seed(t, c, 0)
	ctx := t.Context()
	first := c.Scan.Create().SetPlatform("GITLAB").SetTarget("shop").SetStartedAt(graphtest.Now.Add(-time.Hour)).
		SetFinishedAt(graphtest.Now).SetStatus("PARTIAL").SetUnread([]string{"teams"}).
		SetTokenScopes([]string{"read_api", "read_repository"}).SaveX(ctx)
	c.Scan.UpdateOneID(inv.LatestScan.ID).SetUnread([]string{"teams"}).ExecX(ctx)
	h := newServer(t, c, false)

	_, doc := get(t, h, fmt.Sprintf("/scans/%d", first.ID))
	kept := doc.Find(`[data-testid="kept"]`).Text()
	if strings.Contains(kept, "Kept from the previous scan") || strings.Contains(kept, "previous scan found") ||
		doc.Find(`[data-testid="kept-first"]`).Length() != 1 {
		t.Errorf("first scan's unread parts = %q, want no previous scan mentioned", kept)
	}
	if first := doc.Find(`[data-testid="first-scan"]`).Text(); !strings.Contains(first, "first scan of GITLAB shop") {
		t.Errorf("first scan's changes = %q, want it to say it is the first scan of the target", first)
	}
	if doc.Find(`[data-testid="no-changes"]`).Length() != 0 {
		t.Error(`first scan says "No changes recorded"`)
	}
	var scopes string
	doc.Find(`dl.facts dt`).Each(func(_ int, s *goquery.Selection) {
		if s.Text() == "Scan token scopes" {
			scopes = s.Next().Text()
		}
	})
	if scopes != "read_api, read_repository" {
		t.Errorf("token scopes = %q, want a comma-separated list", scopes)
	}

	_, doc = get(t, h, fmt.Sprintf("/scans/%d", inv.LatestScan.ID))
	if !strings.Contains(doc.Find(`[data-testid="kept"]`).Text(), "Kept from the previous scan") || doc.Find(`[data-testid="first-scan"]`).Length() != 0 {
		t.Error("a later scan does not say what it kept from the previous scan")
	}
}
