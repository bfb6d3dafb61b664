package web

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"

	"github.com/privgraph/privgraph/graph"
)

// securityHeaders sets the headers every response carries: a CSP without
// inline script or style, no framing, no sniffing, no referrer leaks.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "+
			"connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

type requestIDKey struct{}

// requestID returns the id that ties an error page to its log line.
func requestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// recover gives each request an id, and turns a panic into an error page
// and one log line.
func (s *server) recover(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r = r.WithContext(context.WithValue(r.Context(), requestIDKey{}, randomHex(6)))
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.ErrorContext(r.Context(), "web handler panic", "err", fmt.Sprint(v), "path", r.URL.Path, "request_id", requestID(r.Context()))
				s.fail(w, r, http.StatusInternalServerError, "Something went wrong on our side; the details are in the server log.")
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// checkHost refuses, on a server without login, requests whose Host is not
// a loopback name: a web page cannot rebind a DNS name to 127.0.0.1 and
// read the inventory.
func (s *server) checkHost(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.auth && !loopbackHost(r.Host) {
			http.Error(w, "this server answers only on localhost; bind another address with tokens (see privgraph serve --help)", http.StatusMisdirectedRequest)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func loopbackHost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.Trim(host, "[]")
	if host == "localhost" || host == "" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// authenticate finds the caller: Authorization: Bearer, else the session
// cookie; without RequireAuth, everyone is the trusted local caller.
func (s *server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if !s.auth {
			c := graph.Local
			c.RemoteAddr = r.RemoteAddr
			next.ServeHTTP(w, r.WithContext(graph.WithCaller(ctx, c)))
			return
		}
		if tok, ok := bearer(r); ok {
			c, _, err := checkToken(ctx, s.client, tok, s.now())
			if err != nil {
				s.unauthorized(w, r, err)
				return
			}
			c.RemoteAddr = r.RemoteAddr
			r = r.WithContext(withSession(graph.WithCaller(ctx, c), &session{caller: c, bearer: true}))
			next.ServeHTTP(w, r)
			return
		}
		if sess := s.sessions.fromRequest(r); sess != nil {
			// The token the browser signed in with must still be valid:
			// revoking it, or its expiry, ends the session at once.
			c, err := tokenCaller(ctx, s.client, sess.tokenHash, s.now())
			switch {
			case err == nil:
				c.RemoteAddr = r.RemoteAddr
				next.ServeHTTP(w, r.WithContext(withSession(graph.WithCaller(ctx, c), sess)))
				return
			case errors.Is(err, errBadToken):
				s.sessions.delete(sess.id)
				http.SetCookie(w, cookie(r, sessionCookie, "", -1))
			default:
				s.unauthorized(w, r, err)
				return
			}
		}
		if public(r) {
			next.ServeHTTP(w, r)
			return
		}
		s.unauthorized(w, r, nil)
	})
}

// public reports whether a path needs no sign-in.
func public(r *http.Request) bool {
	return r.URL.Path == "/login" || strings.HasPrefix(r.URL.Path, "/static/")
}

func bearer(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	tok, ok := strings.CutPrefix(h, "Bearer ")
	return strings.TrimSpace(tok), ok && tok != ""
}

func (s *server) unauthorized(w http.ResponseWriter, r *http.Request, err error) {
	if err != nil && !errors.Is(err, errBadToken) {
		// The token could not be checked (the database failed): say so
		// without the details, which go to the log.
		id := requestID(r.Context())
		s.log.ErrorContext(r.Context(), "check API token", "err", err, "path", r.URL.Path, "request_id", id)
		if r.URL.Path == "/graphql" || r.Header.Get("Authorization") != "" {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusInternalServerError)
			fmt.Fprintf(w, `{"errors":[{"message":"internal error (request_id=%s)","extensions":{"code":"INTERNAL_SERVER_ERROR"}}]}`, id)
			return
		}
		s.fail(w, r, http.StatusInternalServerError, "Something went wrong on our side; the server log has the details under request_id="+id+".")
		return
	}
	if r.URL.Path == "/graphql" || r.Header.Get("Authorization") != "" {
		msg := "send Authorization: Bearer TOKEN; create a token with `privgraph token create --name N --role reader`"
		if err != nil {
			msg = err.Error() + "; create a new one with `privgraph token create`"
		}
		w.Header().Set("WWW-Authenticate", `Bearer realm="privgraph"`)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprintf(w, `{"errors":[{"message":%q,"extensions":{"code":"UNAUTHENTICATED"}}]}`, msg)
		return
	}
	if r.Method != http.MethodGet {
		s.fail(w, r, http.StatusUnauthorized, "Sign in first.")
		return
	}
	http.Redirect(w, r, "/login?next="+safeNext(r.URL.RequestURI()), http.StatusSeeOther)
}

// csrf checks the form token of every POST except the GraphQL API (JSON
// only, so a cross-site form cannot send it) and the sign-in form (which
// carries the token of the pre-session cookie).
func (s *server) csrf(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			next.ServeHTTP(w, r)
			return
		}
		if err := cop.Check(r); err != nil {
			s.fail(w, r, http.StatusForbidden, "Cross-site request refused.")
			return
		}
		if r.URL.Path == "/graphql" {
			if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
				http.Error(w, "POST /graphql takes Content-Type: application/json", http.StatusUnsupportedMediaType)
				return
			}
			next.ServeHTTP(w, r)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
		if err := r.ParseForm(); err != nil {
			s.fail(w, r, http.StatusBadRequest, "The form could not be read.")
			return
		}
		want := s.csrfToken(r)
		got := r.PostFormValue("csrf")
		if want == "" || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
			s.fail(w, r, http.StatusForbidden, "The form expired or did not come from this dashboard; reload the page and try again.")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// csrfToken is the form token for the request: the session's, or on a
// loopback server an HMAC of a per-process key.
func (s *server) csrfToken(r *http.Request) string {
	if !s.auth {
		m := hmac.New(sha256.New, s.key)
		m.Write([]byte("local-csrf"))
		return hex.EncodeToString(m.Sum(nil))
	}
	if r.URL.Path == "/login" {
		return s.loginCSRF(r)
	}
	if sess := sessionFrom(r.Context()); sess != nil && !sess.bearer {
		return sess.csrf
	}
	return ""
}

// loginCSRF binds the sign-in form to a pre-session cookie.
func (s *server) loginCSRF(r *http.Request) string {
	c, err := r.Cookie(preCookie)
	if err != nil || len(c.Value) < 16 {
		return ""
	}
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte("login:" + c.Value))
	return hex.EncodeToString(m.Sum(nil))
}

// safeNext keeps a redirect target on this site: a path, never a URL.
// Browsers drop tabs and newlines from a Location and read a backslash as
// a slash, so "/\t/evil.example" would leave the site: any control
// character or backslash refuses the target.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") ||
		strings.ContainsFunc(next, func(r rune) bool { return r < 0x20 || r == 0x7f || r == '\\' }) {
		return "/"
	}
	return next
}
