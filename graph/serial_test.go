package graph_test

import (
	"context"
	"errors"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/privgraph/privgraph/graph"
)

// TestMarshalSerially checks that the serial list marshaller keeps what
// gqlgen's concurrent one guarantees: every element in order with its own
// index, and a panicking element turned into an error and a null.
func TestMarshalSerially(t *testing.T) {
	ctx := graphql.WithResponseContext(context.Background(), graphql.DefaultErrorPresenter,
		func(ctx context.Context, v any) error { return errors.New("internal error") })
	var indexes []int
	got := graph.MarshalSerially(ctx, 3, func(ctx context.Context, i int) graphql.Marshaler {
		indexes = append(indexes, *graphql.GetFieldContext(ctx).Index)
		if i == 1 {
			panic("boom")
		}
		return graphql.MarshalInt(i)
	})
	if len(got) != 3 || got[1] != graphql.Null || got[0] == graphql.Null || got[2] == graphql.Null {
		t.Fatalf("MarshalSerially = %v, want 0, null, 2", got)
	}
	if len(indexes) != 3 || indexes[0] != 0 || indexes[1] != 1 || indexes[2] != 2 {
		t.Errorf("field context indexes = %v, want [0 1 2]", indexes)
	}
	errs := graphql.GetErrors(ctx)
	if len(errs) != 1 || errs[0].Message != "internal error" {
		t.Errorf("errors = %v, want one internal error", gqlerror.List(errs))
	}
}
