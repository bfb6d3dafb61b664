package web

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"

	"github.com/privgraph/privgraph/ent/auditevent"
	"github.com/privgraph/privgraph/graph"
	"github.com/privgraph/privgraph/web/ui"
)

func (s *server) handleLoginForm(w http.ResponseWriter, r *http.Request) {
	if !s.auth {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	s.loginForm(w, r, http.StatusOK, "")
}

func (s *server) loginForm(w http.ResponseWriter, r *http.Request, status int, msg string) {
	pre := randomHex(16)
	http.SetCookie(w, cookie(r, preCookie, pre, 600))
	r.AddCookie(&http.Cookie{Name: preCookie, Value: pre})
	p := s.page(r, "Sign in", "")
	p.CSRF = s.loginCSRF(withPre(r, pre))
	next := r.URL.Query().Get("next")
	if r.Method == http.MethodPost {
		next = r.PostFormValue("next")
	}
	s.renderStatus(w, r, status, ui.LoginPage(ui.LoginView{Page: p, Error: msg, Next: safeNext(next)}))
}

// withPre returns r carrying only the given pre-session cookie.
func withPre(r *http.Request, pre string) *http.Request {
	r2 := r.Clone(r.Context())
	r2.Header.Del("Cookie")
	r2.AddCookie(&http.Cookie{Name: preCookie, Value: pre})
	return r2
}

func (s *server) handleLogin(w http.ResponseWriter, r *http.Request) {
	if !s.auth {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	if ok, retry := s.logins.allow(remoteHost(r.RemoteAddr)); !ok {
		secs := int(math.Ceil(retry.Seconds()))
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		s.loginForm(w, r, http.StatusTooManyRequests, fmt.Sprintf(
			"Too many sign-in attempts from your address (%d a minute): wait %d seconds, then try again.", loginAttempts, secs))
		return
	}
	c, hash, err := checkToken(r.Context(), s.client, r.PostFormValue("token"), s.now())
	if errors.Is(err, errBadToken) {
		s.loginForm(w, r, http.StatusUnauthorized, "That token is unknown, revoked or expired.")
		return
	}
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	c.RemoteAddr = r.RemoteAddr
	if err := graph.Audit(graph.WithCaller(r.Context(), c), s.client, "signIn", c.Name, "role="+string(c.Role)); err != nil {
		s.failErr(w, r, fmt.Errorf("record sign-in: %w", err))
		return
	}
	sess := s.sessions.create(c, hash)
	http.SetCookie(w, cookie(r, sessionCookie, sess.id, int(sessionTTL.Seconds())))
	http.SetCookie(w, cookie(r, preCookie, "", -1))
	http.Redirect(w, r, safeNext(r.PostFormValue("next")), http.StatusSeeOther)
}

func (s *server) handleLogout(w http.ResponseWriter, r *http.Request) {
	if sess := sessionFrom(r.Context()); sess != nil && !sess.bearer {
		s.sessions.delete(sess.id)
		_ = graph.Audit(r.Context(), s.client, "signOut", sess.caller.Name, "")
	}
	http.SetCookie(w, cookie(r, sessionCookie, "", -1))
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

func (s *server) handleAudit(w http.ResponseWriter, r *http.Request) {
	c, _ := graph.CallerFrom(r.Context())
	if !c.Role.Includes(graph.RoleAdmin) {
		s.fail(w, r, http.StatusForbidden, "The audit log is for administrators (role admin).")
		return
	}
	page, off := offset(r)
	q := s.client.AuditEvent.Query()
	total, err := q.Clone().Count(r.Context())
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	evs, err := q.Order(auditevent.ByAt(sqlDesc()), auditevent.ByID(sqlDesc())).Offset(off).Limit(pageSize).All(r.Context())
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	v := ui.AuditView{Page: s.page(r, "Audit log", "audit"), Pager: pager(r, page, total, len(evs))}
	for _, e := range evs {
		v.Rows = append(v.Rows, ui.AuditRow{At: stamp(e.At), Actor: e.Actor, Action: e.Action, Target: e.Target, Detail: e.Detail, Remote: e.RemoteAddr})
	}
	s.render(w, r, ui.AuditPage(v))
}

// handleGraphQL serves the API; GET without a query shows the console.
func (s *server) handleGraphQL(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodGet && r.URL.Query().Get("query") == "" {
		s.render(w, r, ui.ConsolePage(ui.ConsoleView{Page: s.page(r, "GraphQL", "graphql"), Example: consoleExample}))
		return
	}
	s.graphql.ServeHTTP(w, r)
}

const consoleExample = `{
  credentials(first: 20, where: {overScoped: true}) {
    totalCount
    edges { node { name kind scope neededBy exposedTo overScopeReasons } }
  }
}`
