package gitlabtest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// get sends a GET with a token and returns the response and body.
func get(t *testing.T, s *Server, path string, hdr ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, s.URL+"/api/v4"+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("PRIVATE-TOKEN", "t")
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := s.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, b
}

func bulk(n int) *Fixture {
	f := DemoFixture()
	for i := range n {
		f.Projects[0].Variables = append(f.Projects[0].Variables, Variable{Key: "K" + string(rune('A'+i%26)), Value: "v"})
	}
	return f
}

func TestOffsetPaginationHeaders(t *testing.T) {
	tests := []struct {
		name, query                                                 string
		noTotalsAbove                                               int
		wantPage, wantNext, wantPrev, wantTotal, wantPages, wantLen string
		wantLinks                                                   []string
	}{
		{name: "first page", query: "?per_page=10", wantPage: "1", wantNext: "2", wantPrev: "", wantTotal: "25", wantPages: "3", wantLen: "10",
			wantLinks: []string{`rel="next"`, `rel="first"`, `rel="last"`}},
		{name: "last page", query: "?per_page=10&page=3", wantPage: "3", wantNext: "", wantPrev: "2", wantTotal: "25", wantPages: "3", wantLen: "5",
			wantLinks: []string{`rel="prev"`, `rel="first"`, `rel="last"`}},
		{name: "no totals above the limit", query: "?per_page=10&page=2", noTotalsAbove: 20, wantPage: "2", wantNext: "3", wantPrev: "1", wantLen: "10",
			wantLinks: []string{`rel="prev"`, `rel="next"`, `rel="first"`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := bulk(20) // 5 + 20 variables
			f.NoTotalsAbove = tc.noTotalsAbove
			s := NewServer(t, f)
			resp, body := get(t, s, "/projects/1001/variables"+tc.query)
			var list []map[string]any
			if err := json.Unmarshal(body, &list); err != nil {
				t.Fatal(err)
			}
			h := resp.Header
			got := []string{h.Get("X-Page"), h.Get("X-Next-Page"), h.Get("X-Prev-Page"), h.Get("X-Total"), h.Get("X-Total-Pages"), itoa(len(list))}
			want := []string{tc.wantPage, tc.wantNext, tc.wantPrev, tc.wantTotal, tc.wantPages, tc.wantLen}
			for i := range want {
				if got[i] != want[i] {
					t.Errorf("X-Page, X-Next-Page, X-Prev-Page, X-Total, X-Total-Pages, len = %q, want %q", got, want)
					break
				}
			}
			if _, ok := h["X-Total-Pages"]; ok != (tc.wantPages != "") {
				t.Errorf("X-Total-Pages present = %v, want %v", ok, tc.wantPages != "")
			}
			for _, l := range tc.wantLinks {
				if !strings.Contains(h.Get("Link"), l) {
					t.Errorf("Link = %q, want %s", h.Get("Link"), l)
				}
			}
			if strings.Count(h.Get("Link"), "rel=") != len(tc.wantLinks) {
				t.Errorf("Link = %q, want exactly %v", h.Get("Link"), tc.wantLinks)
			}
		})
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func TestKeysetPagination(t *testing.T) {
	f := bulk(20)
	f.Keyset = true
	s := NewServer(t, f)
	path, seen := "/projects/1001/variables?per_page=10", 0
	for range 10 {
		resp, body := get(t, s, path)
		var list []any
		if err := json.Unmarshal(body, &list); err != nil {
			t.Fatal(err)
		}
		seen += len(list)
		if resp.Header.Get("X-Page") != "" || resp.Header.Get("X-Total") != "" {
			t.Errorf("keyset answer has offset headers: %v", resp.Header)
		}
		link := resp.Header.Get("Link")
		if link == "" {
			break
		}
		next := strings.TrimPrefix(strings.SplitN(link, ">", 2)[0], "<")
		path = strings.TrimPrefix(next, s.URL+"/api/v4")
	}
	if seen != 25 {
		t.Errorf("keyset pages held %d items, want 25", seen)
	}
}

func TestFaultsAndLimits(t *testing.T) {
	s := NewServer(t, DemoFixture())
	s.Fail("/projects/*/variables", 502, 1)
	if resp, _ := get(t, s, "/projects/1001/variables"); resp.StatusCode != 502 {
		t.Errorf("first = %d, want 502", resp.StatusCode)
	}
	if resp, _ := get(t, s, "/projects/1001/variables"); resp.StatusCode != 200 {
		t.Errorf("second = %d, want 200 (the burst was one)", resp.StatusCode)
	}
	s.RateLimit("/user", 1, 3*time.Second)
	if resp, _ := get(t, s, "/user"); resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "3" {
		t.Errorf("rate limited = %d Retry-After %q, want 429 and 3", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	s.Truncate("/user", 1)
	if _, body := get(t, s, "/user"); json.Valid(body) {
		t.Error("truncated body is valid JSON")
	}
	s.Forbid("/groups/100/variables")
	if resp, _ := get(t, s, "/groups/100/variables"); resp.StatusCode != 403 {
		t.Errorf("forbidden = %d", resp.StatusCode)
	}
	resp, _ := get(t, s, "/groups/100")
	for _, h := range []string{"RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "RateLimit-Observed"} {
		if resp.Header.Get(h) == "" {
			t.Errorf("%s missing", h)
		}
	}
	etag := resp.Header.Get("ETag")
	if r2, _ := get(t, s, "/groups/100", "If-None-Match", etag); r2.StatusCode != http.StatusNotModified {
		t.Errorf("conditional GET = %d, want 304", r2.StatusCode)
	}
	if n := s.Count("/projects/1001/variables"); n != 2 {
		t.Errorf("Count = %d, want 2", n)
	}
	s.AcceptTokens("other")
	if resp, _ := get(t, s, "/user"); resp.StatusCode != 401 {
		t.Errorf("wrong token = %d, want 401", resp.StatusCode)
	}
}

func TestRateLimitWindow(t *testing.T) {
	f := DemoFixture()
	f.RateLimit = 3
	s := NewServer(t, f)
	for i := range 3 {
		if resp, _ := get(t, s, "/user"); resp.StatusCode != 200 {
			t.Fatalf("request %d = %d, want 200", i, resp.StatusCode)
		}
	}
	resp, _ := get(t, s, "/user")
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") == "" || resp.Header.Get("RateLimit-Remaining") != "0" {
		t.Errorf("over the limit = %d Retry-After %q Remaining %q", resp.StatusCode, resp.Header.Get("Retry-After"), resp.Header.Get("RateLimit-Remaining"))
	}
}

func TestDemoHandler(t *testing.T) {
	mux := http.NewServeMux()
	mux.Handle(Prefix, NewDemoHandler())
	srv := httptest.NewServer(mux)
	defer srv.Close()
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, srv.URL+"/api/v4/groups/demo", nil)
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 401 {
		t.Errorf("no token = %d, want 401", resp.StatusCode)
	}
	req.Header.Set("Authorization", "Bearer anything")
	resp, err = srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var g map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&g); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if g["full_path"] != "demo" {
		t.Errorf("group = %v", g)
	}
	if CountSentinels([]byte("x "+sentinelRegistry+" y")) != 2 || CountSentinels([]byte("clean")) != 0 {
		t.Error("CountSentinels does not count a planted value and its fragment")
	}
	if len(Sentinels()) < 10 {
		t.Errorf("Sentinels() = %d values, want every planted one", len(Sentinels()))
	}
}
