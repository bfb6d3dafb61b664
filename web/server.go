// Package web serves privgraph's dashboard (templ pages) and /graphql.
package web

import (
	"crypto/rand"
	"log/slog"
	"net/http"
	"time"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/graph"
)

// Options configures the server. The zero value of every field but Client
// works: a loopback server without login.
type Options struct {
	Client *ent.Client
	Logger *slog.Logger
	// RequireAuth demands an API token (Bearer header, or a session from
	// /login) on every request. serve sets it when binding beyond loopback.
	RequireAuth bool
	// Now returns the current time; nil means time.Now.
	Now func() time.Time
}

// server holds the handlers' dependencies.
type server struct {
	client   *ent.Client
	log      *slog.Logger
	auth     bool
	now      func() time.Time
	sessions *sessions
	key      []byte // signs CSRF tokens of the loopback mode
	graphql  http.Handler
	logins   *limiter // sign-in attempts per remote address
}

// New returns the dashboard and API handler.
func New(opts Options) http.Handler {
	s := &server{client: opts.Client, log: opts.Logger, auth: opts.RequireAuth, now: opts.Now}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.now == nil {
		s.now = time.Now
	}
	s.key = make([]byte, 32)
	_, _ = rand.Read(s.key)
	s.sessions = newSessions(s.now)
	s.logins = newLimiter(loginAttempts, loginWindow, s.now)
	s.graphql = graph.NewHandler(s.client, graph.Options{Logger: s.log.With("component", "graphql"), RequireCaller: s.auth})

	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.handleOverview)
	mux.HandleFunc("GET /credentials", s.handleCredentials)
	mux.HandleFunc("GET /credentials/{id}", s.handleCredential)
	mux.HandleFunc("GET /repositories", s.handleRepositories)
	mux.HandleFunc("GET /repositories/{id}", s.handleRepository)
	mux.HandleFunc("GET /identities", s.handleIdentities)
	mux.HandleFunc("GET /findings", s.handleFindings)
	mux.HandleFunc("GET /findings/checklist.md", s.handleFindingsChecklist)
	mux.HandleFunc("POST /findings/{id}/triage", s.handleFindingTriage)
	mux.HandleFunc("POST /findings/{id}/done", s.handleFindingDone)
	mux.HandleFunc("GET /teams/{slug}", s.handleTeam)
	mux.HandleFunc("GET /teams/{slug}/checklist.md", s.handleTeamChecklist)
	mux.HandleFunc("GET /scans", s.handleScans)
	mux.HandleFunc("GET /scans/{id}", s.handleScan)
	mux.HandleFunc("GET /audit", s.handleAudit)
	mux.HandleFunc("GET /graphql", s.handleGraphQL)
	mux.HandleFunc("POST /graphql", s.handleGraphQL)
	mux.HandleFunc("GET /login", s.handleLoginForm)
	mux.HandleFunc("POST /login", s.handleLogin)
	mux.HandleFunc("POST /logout", s.handleLogout)
	mux.Handle("GET /static/", staticHandler())
	mux.HandleFunc("/", s.handleNotFound)
	return s.recover(securityHeaders(s.checkHost(s.authenticate(s.csrf(mux)))))
}
