package web

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/ent/apitoken"
	"github.com/privgraph/privgraph/graph"
)

// tokenPrefix starts every API token, so that secret scanners recognise one.
const tokenPrefix = "pgt_"

// Token is a freshly created API token. Plain is shown once and never stored;
// it cannot print itself.
type Token struct {
	Row   *ent.ApiToken
	Plain Secret
}

// Secret is a value that does not print itself: only Expose returns it.
type Secret struct{ v string }

func (Secret) String() string   { return "[redacted]" }
func (Secret) GoString() string { return "[redacted]" }

// Expose returns the secret value.
func (s Secret) Expose() string { return s.v }

// HashToken returns the SHA-256 (hex) under which a token is stored.
func HashToken(plain string) string {
	sum := sha256.Sum256([]byte(plain))
	return hex.EncodeToString(sum[:])
}

// CreateToken stores a new token's hash and returns the token. expires may be zero.
func CreateToken(ctx context.Context, client *ent.Client, name string, role graph.Role, expires time.Time) (*Token, error) {
	if strings.TrimSpace(name) == "" {
		return nil, errors.New("a token needs a --name saying who or what it is for")
	}
	if !role.IsValid() {
		return nil, fmt.Errorf("role must be reader, triager or admin, not %q", strings.ToLower(string(role)))
	}
	var b [20]byte
	if _, err := rand.Read(b[:]); err != nil {
		return nil, fmt.Errorf("generate token: %w", err)
	}
	plain := tokenPrefix + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b[:]))
	q := client.ApiToken.Create().SetName(name).SetRole(apitoken.Role(role)).
		SetTokenHash(HashToken(plain)).SetPrefix(plain[:len(tokenPrefix)+6])
	if !expires.IsZero() {
		q.SetExpiresAt(expires)
	}
	row, err := q.Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("store token: %w", err)
	}
	return &Token{Row: row, Plain: Secret{plain}}, nil
}

// errBadToken is what every failed token check says, whatever the cause.
var errBadToken = errors.New("the token is unknown, revoked or expired")

// checkToken returns the caller a presented token stands for, and the hash
// under which the token is stored (what a session keeps to check it again).
func checkToken(ctx context.Context, client *ent.Client, plain string, now time.Time) (graph.Caller, string, error) {
	if !strings.HasPrefix(plain, tokenPrefix) || len(plain) > 100 {
		return graph.Caller{}, "", errBadToken
	}
	hash := HashToken(plain)
	c, err := tokenCaller(ctx, client, hash, now)
	return c, hash, err
}

// tokenCaller returns the caller of the stored token with the given hash,
// if it is still neither revoked nor expired. A browser session calls it on
// every request, so that revoking a token (or its expiry) signs its
// sessions out at once.
func tokenCaller(ctx context.Context, client *ent.Client, hash string, now time.Time) (graph.Caller, error) {
	if hash == "" {
		return graph.Caller{}, errBadToken
	}
	t, err := client.ApiToken.Query().Where(apitoken.TokenHash(hash)).Only(ctx)
	if ent.IsNotFound(err) {
		return graph.Caller{}, errBadToken
	}
	if err != nil {
		return graph.Caller{}, fmt.Errorf("look up token: %w", err)
	}
	if t.Revoked || (t.ExpiresAt != nil && !now.Before(*t.ExpiresAt)) {
		return graph.Caller{}, errBadToken
	}
	if t.LastUsedAt == nil || now.Sub(*t.LastUsedAt) > time.Minute {
		_ = client.ApiToken.UpdateOne(t).SetLastUsedAt(now).Exec(ctx)
	}
	return graph.Caller{Name: t.Name, Role: graph.Role(t.Role)}, nil
}

// ActiveTokens counts tokens that are neither revoked nor expired.
func ActiveTokens(ctx context.Context, client *ent.Client, now time.Time) (int, error) {
	return client.ApiToken.Query().Where(apitoken.Revoked(false),
		apitoken.Or(apitoken.ExpiresAtIsNil(), apitoken.ExpiresAtGT(now))).Count(ctx)
}
