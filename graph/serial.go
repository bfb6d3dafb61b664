package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
)

// MarshalSerially marshals the n elements of a list one after the other on
// the calling goroutine, each as gqlgen's MarshalSliceConcurrently marshals
// a one-element list: with its own field context and index, and a panic in
// one element recorded as an error and a null. graph/internal/gqlgen makes
// generated.go call it (see there for why).
func MarshalSerially(ctx context.Context, n int, marshal func(ctx context.Context, i int) graphql.Marshaler) graphql.Array {
	ret := make(graphql.Array, n)
	for i := range n {
		ret[i] = marshalOne(ctx, i, marshal)
	}
	return ret
}

// element is an element's field context with the index it points to, in one
// allocation.
type element struct {
	fc  graphql.FieldContext
	idx int
}

func marshalOne(ctx context.Context, i int, marshal func(ctx context.Context, i int) graphql.Marshaler) (m graphql.Marshaler) {
	e := &element{idx: i}
	e.fc.Index = &e.idx
	ctx = graphql.WithFieldContext(ctx, &e.fc)
	defer func() {
		if r := recover(); r != nil {
			graphql.AddError(ctx, graphql.Recover(ctx, r))
			m = graphql.Null
		}
	}()
	return marshal(ctx, i)
}
