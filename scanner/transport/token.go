package transport

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
)

const redacted = "[redacted]"

// Token is a credential that cannot print itself: fmt (every verb, %#v
// included), slog and encoding/json all see "[redacted]". Only the transport
// calls Expose, to set the request's auth header. Hold it in exported fields
// or pass it as an argument: fmt prints unexported struct fields without
// calling their methods.
type Token struct{ v string }

// NewToken wraps a secret string.
func NewToken(s string) Token { return Token{v: s} }

// Expose returns the secret. Only the transport calls it.
func (t Token) Expose() string { return t.v }

// IsZero reports whether the token is empty.
func (t Token) IsZero() bool { return t.v == "" }

// Identity is a short SHA-256 of the token: stable, not reversible, used to
// key caches so that two tokens never share entries.
func (t Token) Identity() string {
	sum := sha256.Sum256([]byte("privgraph-token:" + t.v))
	return hex.EncodeToString(sum[:8])
}

func (Token) String() string                { return redacted }
func (Token) GoString() string              { return redacted }
func (Token) LogValue() slog.Value          { return slog.StringValue(redacted) }
func (Token) MarshalJSON() ([]byte, error)  { return []byte(`"` + redacted + `"`), nil }
func (Token) MarshalText() ([]byte, error)  { return []byte(redacted), nil }
func (Token) Format(f fmt.State, verb rune) { _, _ = f.Write([]byte(redacted)) }
func (t Token) Equal(o Token) bool          { return t.v == o.v }

// TokenSource hands out the current token, minting a new one when the old
// one is about to expire (GitHub App installation tokens).
type TokenSource interface {
	Token(ctx context.Context) (Token, error)
}

// StaticToken is a TokenSource that always returns the same token.
type StaticToken struct{ Value Token }

// Token returns the token.
func (s StaticToken) Token(context.Context) (Token, error) { return s.Value, nil }
