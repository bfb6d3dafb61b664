package web

import (
	"context"
	"errors"
	"net/http"

	"github.com/privgraph/privgraph/graph"
	"github.com/privgraph/privgraph/web/ui"
)

// fail renders an error page with a sentence that says what to do.
func (s *server) fail(w http.ResponseWriter, r *http.Request, status int, msg string) {
	s.renderStatus(w, r, status, ui.ErrorPage(s.page(r, http.StatusText(status), ""), status, msg))
}

// failErr classifies err (web/errors.go of STYLE.md): not found, bad input,
// timeouts, or an internal error logged once.
func (s *server) failErr(w http.ResponseWriter, r *http.Request, err error) {
	code, msg, ok := graph.Classify(err)
	switch {
	case ok && code == graph.CodeNotFound:
		s.fail(w, r, http.StatusNotFound, "There is no such item; it may have gone with the last scan.")
	case ok && code == graph.CodeForbidden:
		s.fail(w, r, http.StatusForbidden, msg)
	case ok && (code == graph.CodeBadInput || code == graph.CodeConflict):
		s.fail(w, r, http.StatusBadRequest, msg)
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled):
		s.fail(w, r, http.StatusServiceUnavailable, "The page took too long; narrow the filters and try again.")
	default:
		id := requestID(r.Context())
		s.log.ErrorContext(r.Context(), "web handler error", "err", err, "path", r.URL.Path, "request_id", id)
		s.fail(w, r, http.StatusInternalServerError, "Something went wrong on our side; the server log has the details under request_id="+id+".")
	}
}

func (s *server) handleNotFound(w http.ResponseWriter, r *http.Request) {
	s.fail(w, r, http.StatusNotFound, "There is no page at this address.")
}
