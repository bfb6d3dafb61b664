package github

import (
	"bytes"
	"context"
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/privgraph/privgraph/scanner/transport"
)

// App is a GitHub App to authenticate as: its id, its private key (PEM, as
// a Token so that it cannot be printed), and optionally the installation
// (found from the organization otherwise).
type App struct {
	AppID          int64
	Key            transport.Token
	InstallationID int64
}

// appSource mints installation tokens from the app's JWT and refreshes them
// five minutes before they expire. It is a transport.TokenSource.
type appSource struct {
	app     App
	key     *rsa.PrivateKey
	base    string
	client  *http.Client
	now     func() time.Time
	mu      sync.Mutex
	token   transport.Token
	expires time.Time
	perms   map[string]string
}

func newAppSource(app *App, base string, hopts transport.Options, now func() time.Time) (*appSource, error) {
	if app.AppID <= 0 {
		return nil, errors.New("--app-id must be the GitHub App's numeric id")
	}
	key, err := parseRSAKey([]byte(app.Key.Expose()))
	if err != nil {
		return nil, err
	}
	a := &appSource{app: *app, key: key, base: base, now: now}
	hopts.Token = transport.Token{}
	hopts.TokenSource = jwtSource{a}
	hopts.Cache = nil
	a.client = transport.New(hopts).Client()
	return a, nil
}

func parseRSAKey(pemBytes []byte) (*rsa.PrivateKey, error) {
	block, _ := pem.Decode(pemBytes)
	if block == nil {
		return nil, errors.New("the GitHub App key is not a PEM file; pass the .pem GitHub generated with --app-key")
	}
	if k, err := x509.ParsePKCS1PrivateKey(block.Bytes); err == nil {
		return k, nil
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, errors.New("the GitHub App key is not an RSA private key; pass the .pem GitHub generated with --app-key")
	}
	rk, ok := k.(*rsa.PrivateKey)
	if !ok {
		return nil, errors.New("the GitHub App key is not an RSA private key")
	}
	return rk, nil
}

func (a *appSource) identity() string { return fmt.Sprintf("github-app:%d", a.app.AppID) }

// jwt signs the app's JSON Web Token (RS256, valid for nine minutes, issued
// a minute in the past against clock drift).
func (a *appSource) jwt() (transport.Token, error) {
	now := a.now()
	enc := base64.RawURLEncoding
	header := enc.EncodeToString([]byte(`{"alg":"RS256","typ":"JWT"}`))
	claims, _ := json.Marshal(map[string]any{"iat": now.Add(-time.Minute).Unix(), "exp": now.Add(9 * time.Minute).Unix(), "iss": fmt.Sprint(a.app.AppID)})
	signing := header + "." + enc.EncodeToString(claims)
	sum := sha256.Sum256([]byte(signing))
	sig, err := rsa.SignPKCS1v15(nil, a.key, crypto.SHA256, sum[:])
	if err != nil {
		return transport.Token{}, fmt.Errorf("sign GitHub App JWT: %w", err)
	}
	return transport.NewToken(signing + "." + enc.EncodeToString(sig)), nil
}

type jwtSource struct{ a *appSource }

func (j jwtSource) Token(context.Context) (transport.Token, error) { return j.a.jwt() }

// resolve finds the installation on org when none was given.
func (a *appSource) resolve(ctx context.Context, org string) error {
	if a.app.InstallationID != 0 {
		return nil
	}
	var out struct {
		ID int64 `json:"id"`
	}
	if err := a.call(ctx, http.MethodGet, "orgs/"+url.PathEscape(org)+"/installation", &out); err != nil {
		return fmt.Errorf("find the GitHub App's installation on %s (pass --installation-id, or install the app on the organization): %w", org, err)
	}
	a.mu.Lock()
	a.app.InstallationID = out.ID
	a.mu.Unlock()
	return nil
}

// Token returns a valid installation token, minting one when needed.
func (a *appSource) Token(ctx context.Context) (transport.Token, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if !a.token.IsZero() && a.now().Add(5*time.Minute).Before(a.expires) {
		return a.token, nil
	}
	if a.app.InstallationID == 0 {
		return transport.Token{}, errors.New("GitHub App installation unknown; pass --installation-id")
	}
	var out struct {
		Token       string            `json:"token"`
		ExpiresAt   time.Time         `json:"expires_at"`
		Permissions map[string]string `json:"permissions"`
	}
	if err := a.call(ctx, http.MethodPost, fmt.Sprintf("app/installations/%d/access_tokens", a.app.InstallationID), &out); err != nil {
		var se *appStatusError
		if errors.As(err, &se) {
			switch se.status {
			case http.StatusNotFound:
				return transport.Token{}, &appAuthError{msg: fmt.Sprintf("GitHub App %d has no installation %d (or the app key is for another app): check --installation-id, or leave it out to find the installation on --org",
					a.app.AppID, a.app.InstallationID)}
			case http.StatusUnauthorized:
				return transport.Token{}, &appAuthError{msg: fmt.Sprintf("GitHub refused the JSON web token of GitHub App %d (401): check that --app-key is a current private key of the app --app-id names", a.app.AppID)}
			}
		}
		return transport.Token{}, fmt.Errorf("mint a GitHub App installation token: %w", err)
	}
	if out.Token == "" {
		return transport.Token{}, errors.New("mint a GitHub App installation token: GitHub returned none")
	}
	a.token, a.expires, a.perms = transport.NewToken(out.Token), out.ExpiresAt, out.Permissions
	return a.token, nil
}

func (a *appSource) permissions() map[string]string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.perms
}

// call does one app-authenticated request; errors never carry the body.
func (a *appSource) call(ctx context.Context, method, p string, v any) error {
	var body io.Reader
	if method == http.MethodPost {
		body = bytes.NewReader([]byte("{}"))
	}
	req, err := http.NewRequestWithContext(ctx, method, strings.TrimSuffix(a.base, "/")+"/"+p, body)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/vnd.github+json")
	req.Header.Set("X-GitHub-Api-Version", "2022-11-28")
	resp, err := a.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		// EndpointOf names the method already ("POST /app/…").
		return &appStatusError{endpoint: transport.EndpointOf(method, req.URL.Path), status: resp.StatusCode}
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(v); err != nil {
		return fmt.Errorf("decode %s: %w", transport.EndpointOf(method, req.URL.Path), err)
	}
	return nil
}

// appStatusError is a non-2xx answer to an app-authenticated request.
type appStatusError struct {
	endpoint string
	status   int
}

func (e *appStatusError) Error() string {
	if e.status == http.StatusUnauthorized {
		return fmt.Sprintf("%s: GitHub answered 401; check --app-id and --app-key", e.endpoint)
	}
	return fmt.Sprintf("%s: GitHub answered %d", e.endpoint, e.status)
}

// appAuthError is GitHub refusing to mint the App's installation token: a
// wrong --installation-id, --app-id or --app-key. Its message says which
// flag to check; the scan ends with it.
type appAuthError struct{ msg string }

func (e *appAuthError) Error() string { return e.msg }
