package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/privgraph/privgraph/graph"
)

const (
	sessionCookie = "privgraph_session"
	preCookie     = "privgraph_login"
	sessionTTL    = 12 * time.Hour
	maxSessions   = 10_000
)

// session is a signed-in browser, kept in memory (a restart signs everyone out).
type session struct {
	id      string
	caller  graph.Caller
	csrf    string
	expires time.Time
	bearer  bool // an API request with a token, not a browser session
	// tokenHash is the stored hash of the token the browser signed in
	// with: every request checks that token again (revoked, expired,
	// role changed).
	tokenHash string
}

type sessions struct {
	mu  sync.Mutex
	m   map[string]*session
	now func() time.Time
}

func newSessions(now func() time.Time) *sessions {
	return &sessions{m: map[string]*session{}, now: now}
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// create starts a session for c, who signed in with the token stored under
// tokenHash.
func (ss *sessions) create(c graph.Caller, tokenHash string) *session {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	now := ss.now()
	if len(ss.m) >= maxSessions {
		for id, s := range ss.m {
			if now.After(s.expires) {
				delete(ss.m, id)
			}
		}
	}
	s := &session{id: randomHex(32), caller: c, csrf: randomHex(32), expires: now.Add(sessionTTL), tokenHash: tokenHash}
	ss.m[s.id] = s
	return s
}

func (ss *sessions) fromRequest(r *http.Request) *session {
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return nil
	}
	ss.mu.Lock()
	defer ss.mu.Unlock()
	s := ss.m[c.Value]
	if s == nil {
		return nil
	}
	if ss.now().After(s.expires) {
		delete(ss.m, c.Value)
		return nil
	}
	return s
}

func (ss *sessions) delete(id string) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	delete(ss.m, id)
}

type sessionKey struct{}

func withSession(ctx context.Context, s *session) context.Context {
	return context.WithValue(ctx, sessionKey{}, s)
}

func sessionFrom(ctx context.Context) *session {
	s, _ := ctx.Value(sessionKey{}).(*session)
	return s
}

// cookie returns an HttpOnly, SameSite=Strict cookie, Secure when the
// browser reached the server over HTTPS.
func cookie(r *http.Request, name, value string, maxAge int) *http.Cookie {
	return &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: maxAge, HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: overHTTPS(r)}
}

// overHTTPS reports whether the browser sent r over HTTPS: to this server,
// or to a reverse proxy in front of it that says so in X-Forwarded-Proto
// (serve itself speaks plain HTTP). A client that sends the header itself
// over plain HTTP only gets cookies it will not send back.
func overHTTPS(r *http.Request) bool {
	if r.TLS != nil {
		return true
	}
	proto, _, _ := strings.Cut(r.Header.Get("X-Forwarded-Proto"), ",")
	return strings.EqualFold(strings.TrimSpace(proto), "https")
}
