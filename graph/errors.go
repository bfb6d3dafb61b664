package graph

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/scanner/analysis"
)

// Error codes set in a GraphQL error's extensions.code.
const (
	CodeUnauthenticated = "UNAUTHENTICATED"
	CodeForbidden       = "FORBIDDEN"
	CodeNotFound        = "NOT_FOUND"
	CodeBadInput        = "BAD_USER_INPUT"
	CodeConflict        = "CONFLICT"
	CodeTimeout         = "TIMEOUT"
	CodeDepth           = "DEPTH_LIMIT_EXCEEDED"
	CodeComplexity      = "COMPLEXITY_LIMIT_EXCEEDED"
	CodePageSize        = "PAGE_SIZE_EXCEEDED"
	CodeTooLarge        = "REQUEST_TOO_LARGE"
	CodeInternal        = "INTERNAL_SERVER_ERROR"
)

// Error is an error a caller may read: a sentence and a code.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Message }

// Classify returns the code and the caller-safe message for err: ent's
// not-found, validation and constraint errors, timeouts, and our *Error.
// ok is false for anything else, which callers must report as internal.
func Classify(err error) (code, msg string, ok bool) {
	var e *Error
	var ve *analysis.ValidationError
	switch {
	case errors.As(err, &e):
		return e.Code, e.Message, true
	case errors.As(err, &ve):
		return CodeBadInput, ve.Error(), true
	case ent.IsNotFound(err):
		return CodeNotFound, "no such object: check the id", true
	case ent.IsValidationError(err):
		return CodeBadInput, "invalid input: " + err.Error(), true
	case ent.IsConstraintError(err):
		return CodeConflict, "the change conflicts with the inventory; reload and retry", true
	case errors.As(err, new(*http.MaxBytesError)):
		return CodeTooLarge, fmt.Sprintf("the request body is larger than %d bytes; send a shorter query and fewer variables", MaxBodyBytes), true
	case errors.As(err, new(*time.ParseError)):
		return CodeBadInput, "invalid time: use RFC 3339, e.g. 2026-12-31T00:00:00Z", true
	case errors.Is(err, context.DeadlineExceeded):
		return CodeTimeout, "the request took longer than " + Timeout.String() + "; ask for fewer rows (smaller first:)", true
	}
	return "", "", false
}

// presenter maps resolver errors to GraphQL errors with extensions.code.
// Unknown errors become "internal error" for the caller and one log line.
func presenter(log *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		if code, msg, ok := Classify(err); ok {
			ge := gqlerror.WrapPath(graphql.GetPath(ctx), err)
			ge.Message = msg
			ge.Extensions = map[string]any{"code": code}
			return ge
		}
		var ge *gqlerror.Error
		if errors.As(err, &ge) && ge.Err == nil {
			if ge.Extensions == nil || ge.Extensions["code"] == nil {
				if ge.Extensions == nil {
					ge.Extensions = map[string]any{}
				}
				ge.Extensions["code"] = CodeBadInput
			}
			return ge
		}
		log.ErrorContext(ctx, "graphql resolver error", "err", err, "path", graphql.GetPath(ctx).String())
		ge = gqlerror.WrapPath(graphql.GetPath(ctx), err)
		ge.Message = "internal error"
		ge.Extensions = map[string]any{"code": CodeInternal}
		return ge
	}
}
