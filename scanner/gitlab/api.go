package gitlab

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"sync/atomic"

	gl "gitlab.com/gitlab-org/api/client-go"
)

// perPage is the page size asked for; GitLab's maximum is 100.
const perPage = 100

// maxPages bounds one listing (100 items a page), so that a server that
// keeps answering "next page" cannot make a scan loop.
const maxPages = 5000

// apiError is a GitLab answer that is not a success. It names the endpoint
// and the status, never the body, a header or the token.
type apiError struct {
	Method   string
	Endpoint string
	Status   int
}

func (e *apiError) Error() string {
	switch e.Status {
	case http.StatusUnauthorized:
		return fmt.Sprintf("GitLab answered 401 Unauthorized for %s %s: the token (GITLAB_TOKEN) is missing, expired or revoked; "+
			"create a personal, group or project access token with the read_api scope and set GITLAB_TOKEN", e.Method, e.Endpoint)
	case http.StatusTooManyRequests:
		return fmt.Sprintf("GitLab kept answering 429 Too Many Requests for %s %s: the instance's rate limit was reached; wait for it to reset and scan again, or lower --concurrency", e.Method, e.Endpoint)
	}
	if e.Status >= 500 {
		return fmt.Sprintf("GitLab answered %d for %s %s after retries: the instance is failing; scan again later", e.Status, e.Method, e.Endpoint)
	}
	return fmt.Sprintf("GitLab answered %d for %s %s", e.Status, e.Method, e.Endpoint)
}

// isGap reports whether err is a 403 or 404 on one resource: recorded as
// a coverage gap, not fatal.
func isGap(err error) (int, bool) {
	var ae *apiError
	if errors.As(err, &ae) && (ae.Status == http.StatusForbidden || ae.Status == http.StatusNotFound) {
		return ae.Status, true
	}
	return 0, false
}

// unreachableError is a request that got no HTTP answer.
type unreachableError struct {
	Base string
	Err  error
}

func (e *unreachableError) Error() string {
	return fmt.Sprintf("GitLab at %s could not be reached (%v): check --url, the network and any proxy settings", redactURL(e.Base), e.Err)
}

func (e *unreachableError) Unwrap() error { return e.Err }

// malformedError is a success answer whose body is not the JSON expected.
type malformedError struct {
	Endpoint string
	Err      error
}

func (e *malformedError) Error() string {
	return fmt.Sprintf("GitLab sent a malformed answer for GET %s twice (%s): scan again; if it persists, a proxy may be cutting responses short", e.Endpoint, jsonProblem(e.Err))
}

// jsonProblem describes a decode error without quoting the body.
func jsonProblem(err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return "the body ends early"
	case errors.As(err, &se):
		return "invalid JSON at byte " + strconv.FormatInt(se.Offset, 10)
	case errors.As(err, &te):
		return "a field " + te.Field + " of an unexpected type"
	}
	return "not the JSON expected"
}

// get sends one GET and decodes the answer into v (a pointer, a
// json.Unmarshaler or an io.Writer). A body that does not decode is asked
// for once more before it is an error.
func (r *scan) get(ctx context.Context, path string, q url.Values, v any) (*gl.Response, error) {
	resp, err := r.getOnce(ctx, path, q, v)
	var me *malformedError
	if errors.As(err, &me) {
		if rv, ok := v.(interface{ reset() }); ok {
			rv.reset()
		}
		resp, err = r.getOnce(ctx, path, q, v)
	}
	return resp, err
}

func (r *scan) getOnce(ctx context.Context, path string, q url.Values, v any) (*gl.Response, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	req, err := r.c.NewRequest(http.MethodGet, path, nil, []gl.RequestOptionFunc{gl.WithContext(ctx)})
	if err != nil {
		return nil, fmt.Errorf("build request for %s: %w", path, err)
	}
	if len(q) > 0 {
		req.URL.RawQuery = q.Encode()
	}
	endpoint := "/" + path
	resp, err := r.c.Do(req, v)
	if err == nil {
		return resp, nil
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		return nil, ctxErr
	}
	if resp != nil && resp.StatusCode >= 300 {
		return resp, &apiError{Method: http.MethodGet, Endpoint: endpoint, Status: resp.StatusCode}
	}
	if resp == nil {
		inner := err
		var ue *url.Error
		if errors.As(err, &ue) {
			inner = ue.Err
		}
		var ne net.Error
		if errors.As(inner, &ne) {
			return nil, &unreachableError{Base: r.s.opts.BaseURL, Err: inner}
		}
		// the transport's own verdicts (a rate-limit wait too long, a body
		// too large) keep their sentence
		return nil, fmt.Errorf("GET %s: %w", endpoint, inner)
	}
	var le *limitError
	if errors.As(err, &le) {
		return resp, le
	}
	return resp, &malformedError{Endpoint: endpoint, Err: err}
}

// paginate lists every page of path. newDst returns a fresh page target;
// add takes a decoded page and returns how many items it held. It follows
// the Link rel="next" (keyset and offset) or X-Next-Page, and stops on an
// empty page, a repeated page, or after maxPages: GitLab omits
// X-Total-Pages above 10,000 rows, so totals are never relied on.
func (r *scan) paginate(ctx context.Context, path string, q url.Values, newDst func() any, add func(any) int) error {
	q = cloneValues(q)
	q.Set("per_page", strconv.Itoa(perPage))
	seen := map[string]bool{}
	for range maxPages {
		key := q.Encode()
		if seen[key] {
			return nil
		}
		seen[key] = true
		dst := newDst()
		resp, err := r.get(ctx, path, q, dst)
		if err != nil {
			return err
		}
		if add(dst) == 0 {
			return nil
		}
		switch {
		case resp.NextLink != "":
			next, err := url.Parse(resp.NextLink)
			if err != nil {
				return nil
			}
			for k, vs := range next.Query() {
				q[k] = vs
			}
		case resp.NextPage > 0:
			q.Set("page", strconv.FormatInt(resp.NextPage, 10))
		default:
			return nil
		}
	}
	return fmt.Errorf("list %s: more than %d pages; the listing did not end", path, maxPages)
}

// listAll pages through path into a slice of T.
func listAll[T any](ctx context.Context, r *scan, path string, q url.Values) ([]T, error) {
	var out []T
	err := r.paginate(ctx, path, q,
		func() any { return new([]T) },
		func(v any) int { p := *(v.(*[]T)); out = append(out, p...); return len(p) })
	return out, err
}

// listKeyset asks for keyset pagination, which large listings need (GitLab
// refuses offsets past its maximum), and falls back to offset pagination
// when the instance answers 400 or 405 (keyset unsupported there).
func listKeyset[T any](ctx context.Context, r *scan, path string, q url.Values) ([]T, error) {
	kq := cloneValues(q)
	kq.Set("pagination", "keyset")
	out, err := listAll[T](ctx, r, path, kq)
	var ae *apiError
	if errors.As(err, &ae) && (ae.Status == http.StatusBadRequest || ae.Status == http.StatusMethodNotAllowed) {
		return listAll[T](ctx, r, path, q)
	}
	return out, err
}

func cloneValues(q url.Values) url.Values {
	out := url.Values{}
	for k, v := range q {
		out[k] = append([]string(nil), v...)
	}
	return out
}

// pid is the path segment of a project or group id.
func pid(id int64) string { return strconv.FormatInt(id, 10) }

// counter counts the requests of a scan and the 304s among them.
type counter struct {
	next        http.RoundTripper
	requests    atomic.Int64
	notModified atomic.Int64
}

func (c *counter) reset() { c.requests.Store(0); c.notModified.Store(0) }

func (c *counter) RoundTrip(req *http.Request) (*http.Response, error) {
	c.requests.Add(1)
	resp, err := c.next.RoundTrip(req)
	if err == nil && resp.StatusCode == http.StatusNotModified {
		c.notModified.Add(1)
	}
	return resp, err
}

// limitError is a file larger than the bound.
type limitError struct {
	Path  string
	Limit int64
}

func (e *limitError) Error() string {
	return fmt.Sprintf("%s is larger than %d bytes and was not read", e.Path, e.Limit)
}

// limitedBuffer collects a body up to a bound (used as Do's io.Writer).
type limitedBuffer struct {
	path  string
	limit int64
	buf   []byte
}

func (b *limitedBuffer) Write(p []byte) (int, error) {
	if int64(len(b.buf)+len(p)) > b.limit {
		return 0, &limitError{Path: b.path, Limit: b.limit}
	}
	b.buf = append(b.buf, p...)
	return len(p), nil
}

func (b *limitedBuffer) reset() { b.buf = b.buf[:0] }

// redactURL drops credentials and the query from a URL before it is shown.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(an unparsable URL)"
	}
	u.User = nil
	u.RawQuery = ""
	u.Fragment = ""
	return u.String()
}
