package graph

import (
	"context"
	"fmt"
)

// Caller is who sends a request: a token's name and role, or "local" on a
// loopback server without tokens.
type Caller struct {
	Name       string
	Role       Role
	RemoteAddr string
}

// Local is the caller of a loopback server without tokens and of the offline
// CLI: trusted with every role.
var Local = Caller{Name: "local", Role: RoleAdmin}

type callerKey struct{}

// WithCaller returns ctx carrying c.
func WithCaller(ctx context.Context, c Caller) context.Context {
	return context.WithValue(ctx, callerKey{}, c)
}

// CallerFrom returns the caller ctx carries.
func CallerFrom(ctx context.Context) (Caller, bool) {
	c, ok := ctx.Value(callerKey{}).(Caller)
	return c, ok
}

// rank orders roles: each includes the ones below it.
func (r Role) rank() int {
	switch r {
	case RoleReader:
		return 1
	case RoleTriager:
		return 2
	case RoleAdmin:
		return 3
	}
	return 0
}

// Includes reports whether a caller with role r may do what needs role want.
func (r Role) Includes(want Role) bool { return r.rank() >= want.rank() }

// allow checks that the caller in ctx holds role want. Without a caller, ctx
// is trusted unless requireCaller is set (the server binds beyond loopback).
func allow(ctx context.Context, want Role, requireCaller bool) error {
	c, ok := CallerFrom(ctx)
	if !ok {
		if requireCaller {
			return &Error{Code: CodeUnauthenticated, Message: "sign in with an API token (Authorization: Bearer …); create one with `privgraph token create`"}
		}
		return nil
	}
	if !c.Role.Includes(want) {
		return &Error{Code: CodeForbidden, Message: fmt.Sprintf("this needs the %s role; token %q has %s", want, c.Name, c.Role)}
	}
	return nil
}
