package githubtest_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/privgraph/privgraph/scanner/githubtest"
)

func do(t *testing.T, method, url, token, body string, hdr map[string]string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func TestServer(t *testing.T) {
	srv := githubtest.NewServer(t, githubtest.Synthetic(githubtest.SyntheticOptions{Repos: 75, OrgSecrets: 3}))
	srv.SetTokens("good")
	tests := []struct {
		name, method, path, token string
		hdr                       map[string]string
		wantStatus                int
		wantBody, wantLink        string
	}{
		{"no token", "GET", "orgs/synthetic", "", nil, 401, "Requires authentication", ""},
		{"bad token", "GET", "orgs/synthetic", "bad", nil, 401, "Bad credentials", ""},
		{"organization", "GET", "orgs/synthetic", "good", nil, 200, `"login":"synthetic"`, ""},
		{"first page of 30", "GET", "orgs/synthetic/repos", "good", nil, 200, "svc-0029", `page=2&per_page=30>; rel="next"`},
		{"last page", "GET", "orgs/synthetic/repos?page=3", "good", nil, 200, "svc-0074", `rel="first"`},
		{"per_page capped at 100", "GET", "orgs/synthetic/repos?per_page=500", "good", nil, 200, "svc-0074", ""},
		{"unknown repository", "GET", "repos/synthetic/nope/actions/secrets", "good", nil, 404, "Not Found", ""},
		{"other prefixes are not served", "GET", "../v4/projects", "good", nil, 404, "Not Found", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := do(t, tc.method, srv.APIURL+tc.path, tc.token, "", tc.hdr)
			if resp.StatusCode != tc.wantStatus || !strings.Contains(body, tc.wantBody) || !strings.Contains(resp.Header.Get("Link"), tc.wantLink) {
				t.Errorf("%s %s = %d, Link %q, body %.200s; want %d, %q, %q", tc.method, tc.path, resp.StatusCode, resp.Header.Get("Link"), body, tc.wantStatus, tc.wantLink, tc.wantBody)
			}
		})
	}
	t.Run("ETag and 304", func(t *testing.T) {
		resp, _ := do(t, "GET", srv.APIURL+"orgs/synthetic/actions/secrets", "good", "", nil)
		etag := resp.Header.Get("ETag")
		again, body := do(t, "GET", srv.APIURL+"orgs/synthetic/actions/secrets", "good", "", map[string]string{"If-None-Match": etag})
		if etag == "" || again.StatusCode != 304 || body != "" || resp.Header.Get("X-RateLimit-Remaining") == "" {
			t.Errorf("ETag %q, conditional answer %d %q; want a 304 with no body", etag, again.StatusCode, body)
		}
	})
	t.Run("faults and the request log", func(t *testing.T) {
		srv.ResetLog()
		srv.Fail(githubtest.Fault{Match: "GET /orgs/{name}/teams", Status: 503, Times: 1})
		first, _ := do(t, "GET", srv.APIURL+"orgs/synthetic/teams", "good", "", nil)
		second, _ := do(t, "GET", srv.APIURL+"orgs/synthetic/teams", "good", "", nil)
		log := srv.Requests()
		if first.StatusCode != 503 || second.StatusCode != 200 || len(log) != 2 || log[0].Status != 503 || log[0].Endpoint != "GET /orgs/{name}/teams" {
			t.Errorf("fault answers %d then %d, log %+v", first.StatusCode, second.StatusCode, log)
		}
	})
	t.Run("GraphQL", func(t *testing.T) {
		q := `{"query":"query($org:String!){ organization(login:$org){ repositories(first: 2){ totalCount pageInfo{hasNextPage} nodes{ name f: object(expression: \"HEAD:.github/workflows/ci.yml\"){ ... on Blob { text } } } } } }","variables":{"org":"synthetic"}}`
		resp, body := do(t, "POST", srv.URL+"/api/graphql", "good", q, nil)
		var out struct {
			Data struct {
				Organization struct {
					Repositories struct {
						TotalCount int
						PageInfo   struct{ HasNextPage bool }
						Nodes      []struct {
							Name string
							F    struct{ Text string }
						}
					}
				}
			}
		}
		_ = json.Unmarshal([]byte(body), &out)
		r := out.Data.Organization.Repositories
		if resp.StatusCode != 200 || r.TotalCount != 75 || !r.PageInfo.HasNextPage || len(r.Nodes) != 2 || !strings.Contains(r.Nodes[1].F.Text, "go test") {
			t.Errorf("GraphQL answer %d %.300s", resp.StatusCode, body)
		}
		_, body = do(t, "POST", srv.URL+"/api/graphql", "good", `{"query":"{ organization(login:\"synthetic\"){ nope } }"}`, nil)
		if !strings.Contains(body, "Field 'nope' doesn't exist on type 'Organization'") {
			t.Errorf("unknown field answer %s", body)
		}
	})
}

func TestDemoHandlerAcceptsAnyToken(t *testing.T) {
	srv := httptest.NewServer(githubtest.NewDemoHandler())
	defer srv.Close()
	resp, body := do(t, "GET", srv.URL+"/api/v3/orgs/demo", "anything", "", nil)
	if resp.StatusCode != 200 || !strings.Contains(body, `"login":"demo"`) {
		t.Errorf("demo org = %d %.200s", resp.StatusCode, body)
	}
	resp, _ = do(t, "GET", srv.URL+"/api/v4/groups/demo", "anything", "", nil)
	if resp.StatusCode != 404 {
		t.Errorf("/api/v4/ answered %d; the GitHub fake must not claim it", resp.StatusCode)
	}
}
