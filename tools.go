//go:build tools

// Package tools pins the code generators run by `make generate`.
package tools

import (
	_ "entgo.io/contrib/entgql"
	_ "github.com/99designs/gqlgen"
	_ "github.com/a-h/templ/cmd/templ"
)
