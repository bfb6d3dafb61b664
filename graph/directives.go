package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
)

// hasRole guards fields marked @hasRole(role: R): the caller in the request
// context must hold R or a higher role.
func hasRole(requireCaller bool) func(ctx context.Context, obj any, next graphql.Resolver, role Role) (any, error) {
	return func(ctx context.Context, obj any, next graphql.Resolver, role Role) (any, error) {
		if err := allow(ctx, role, requireCaller); err != nil {
			return nil, err
		}
		return next(ctx)
	}
}
