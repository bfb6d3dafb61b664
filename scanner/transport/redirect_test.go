package transport_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/privgraph/privgraph/scanner/transport"
)

// TestTokenStaysWithTheAPIHost: an API answer that redirects to another
// server (a hostile or compromised API, an open redirect on it) never makes
// the scanner send its token there; the transport's client refuses the
// redirect, and any other client following it gets no token from the
// transport. A redirect on the API's own host keeps working.
func TestTokenStaysWithTheAPIHost(t *testing.T) {
	var mu sync.Mutex
	var leaked []string
	attacker := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		for k, vs := range r.Header {
			for _, v := range vs {
				if strings.Contains(v, "SENTINEL") {
					leaked = append(leaked, k)
				}
			}
		}
		_, _ = io.WriteString(w, "[]")
	}))
	defer attacker.Close()
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/away":
			http.Redirect(w, r, attacker.URL+"/collect", http.StatusFound)
		case "/away-307":
			http.Redirect(w, r, attacker.URL+"/collect", http.StatusTemporaryRedirect)
		case "/moved":
			http.Redirect(w, r, "/here", http.StatusMovedPermanently)
		case "/here":
			if r.Header.Get("Authorization") == "" && r.Header.Get("PRIVATE-TOKEN") == "" {
				http.Error(w, "no token", http.StatusUnauthorized)
				return
			}
			_, _ = io.WriteString(w, "[]")
		}
	}))
	defer api.Close()

	for _, header := range []string{"", "PRIVATE-TOKEN"} {
		tr := transport.New(transport.Options{Token: transport.NewToken(secret), AuthHeader: header, MaxRetries: -1})
		for _, path := range []string{"/away", "/away-307"} {
			resp, err := tr.Client().Get(api.URL + path)
			if err == nil {
				resp.Body.Close()
				t.Errorf("header %q: GET %s followed a redirect to another server (%d)", header, path, resp.StatusCode)
			} else if strings.Contains(err.Error(), "SENTINEL") {
				t.Errorf("the error names the token: %v", err)
			}
			// A client of its own follows the redirect: the transport
			// still sends no token there.
			resp, err = (&http.Client{Transport: tr}).Get(api.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
		}
		resp, err := tr.Client().Get(api.URL + "/moved")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("header %q: a redirect on the API host lost the token: %d", header, resp.StatusCode)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(leaked) > 0 {
		t.Errorf("the token reached another server in %v", leaked)
	}
}
