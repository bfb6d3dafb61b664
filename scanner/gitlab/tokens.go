package gitlab

import (
	"bytes"
	"encoding/json"
	"strconv"
	"time"

	"github.com/privgraph/privgraph/scanner"
)

// apiTime is a GitLab timestamp or date ("2021-01-31"); null is nil.
type apiTime struct{ t *time.Time }

func (a *apiTime) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		a.t = nil
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			t = t.UTC()
			a.t = &t
			return nil
		}
	}
	a.t = nil // an unparseable time is unknown, not an error
	return nil
}

type apiAccessToken struct {
	ID          int64    `json:"id"`
	Name        string   `json:"name"`
	Scopes      []string `json:"scopes"`
	Active      bool     `json:"active"`
	Revoked     bool     `json:"revoked"`
	AccessLevel int      `json:"access_level"`
	CreatedAt   apiTime  `json:"created_at"`
	ExpiresAt   apiTime  `json:"expires_at"`
	LastUsedAt  apiTime  `json:"last_used_at"`
	UserID      int64    `json:"user_id"`
}

type apiDeployToken struct {
	ID        int64    `json:"id"`
	Name      string   `json:"name"`
	Username  string   `json:"username"`
	Scopes    []string `json:"scopes"`
	Revoked   bool     `json:"revoked"`
	Expired   bool     `json:"expired"`
	ExpiresAt apiTime  `json:"expires_at"`
}

type apiDeployKey struct {
	ID        int64   `json:"id"`
	Title     string  `json:"title"`
	CanPush   bool    `json:"can_push"`
	CreatedAt apiTime `json:"created_at"`
	ExpiresAt apiTime `json:"expires_at"`
}

func boundedAll(ss []string) []string {
	if len(ss) > 64 {
		ss = ss[:64]
	}
	out := make([]string, 0, len(ss))
	for _, s := range ss {
		out = append(out, bounded(s, 128))
	}
	return out
}

func nameOr(name string, id int64, what string) string {
	if name = bounded(name, 255); name != "" {
		return name
	}
	return what + " " + strconv.FormatInt(id, 10)
}

// toAccessToken maps a project or group access token: its scopes are its
// permissions, its role the access level.
func toAccessToken(t apiAccessToken, kind scanner.CredentialKind, scope scanner.Scope) scanner.Credential {
	return scanner.Credential{
		Kind: kind, Name: nameOr(t.Name, t.ID, "access token"), Scope: scope, ID: strconv.FormatInt(t.ID, 10),
		Permissions: boundedAll(t.Scopes), AccessLevel: accessLevelName(t.AccessLevel),
		CreatedAt: t.CreatedAt.t, ExpiresAt: t.ExpiresAt.t, LastUsedAt: t.LastUsedAt.t,
		Active: t.Active && !t.Revoked,
	}
}

func toDeployToken(t apiDeployToken, scope scanner.Scope) scanner.Credential {
	ro := true
	for _, s := range t.Scopes {
		if len(s) >= 6 && s[:6] == "write_" {
			ro = false
		}
	}
	return scanner.Credential{
		Kind: scanner.DeployToken, Name: nameOr(t.Name, t.ID, "deploy token"), Scope: scope, ID: strconv.FormatInt(t.ID, 10),
		Permissions: boundedAll(t.Scopes), ExpiresAt: t.ExpiresAt.t, ReadOnly: ro,
		Description: bounded(t.Username, 255),
		Active:      !t.Revoked && !t.Expired,
	}
}

func toDeployKey(k apiDeployKey) scanner.Credential {
	perm := "read_repository"
	if k.CanPush {
		perm = "write_repository"
	}
	return scanner.Credential{
		Kind: scanner.DeployKey, Name: nameOr(k.Title, k.ID, "deploy key"), Scope: scanner.ScopeRepository,
		ID: strconv.FormatInt(k.ID, 10), ReadOnly: !k.CanPush, Permissions: []string{perm},
		CreatedAt: k.CreatedAt.t, ExpiresAt: k.ExpiresAt.t, Active: true,
	}
}
