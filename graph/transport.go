package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// postTransport is gqlgen's transport.POST as NewHandler used it (no extra
// response headers; application/json unless the client asks for
// application/graphql-response+json), except for how it writes the answer.
// gqlgen writes json.Marshal(response): for the contract query that copies
// the ≈ 600 KB answer into a growing buffer to compact and HTML-escape it,
// then writes the copy. writeResponse writes the same bytes straight from the
// buffer the schema marshalled the answer into (marshalData), which returns
// to a pool once written. TestPostTransport checks that both transports
// answer byte for byte the same.
type postTransport struct{ transport.POST }

var _ graphql.Transport = postTransport{}

const (
	mediaJSON            = "application/json"
	mediaGraphQLResponse = "application/graphql-response+json"
)

func (postTransport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	ctx := r.Context()
	contentType := responseContentType(r.Header.Get("Accept"))
	w.Header().Add("Content-Type", contentType)
	start := graphql.Now()
	body, err := io.ReadAll(r.Body)
	if err != nil {
		writeResponse(w, exec.DispatchError(ctx, gqlerror.List{gqlerror.Errorf("could not read request body: %+v", err)}))
		return
	}
	params := &graphql.RawParams{}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(params); err != nil {
		w.WriteHeader(http.StatusBadRequest)
		writeResponse(w, exec.DispatchError(ctx, gqlerror.List{gqlerror.Errorf("json request body could not be decoded: %+v body:%s", err, string(body))}))
		return
	}
	params.Headers = r.Header
	params.ReadTime = graphql.TraceTiming{Start: start, End: graphql.Now()}

	oc, errs := exec.CreateOperationContext(ctx, params)
	if errs != nil {
		if errcode.GetErrorKind(errs) == errcode.KindProtocol {
			if contentType == mediaGraphQLResponse {
				w.WriteHeader(http.StatusBadRequest)
			} else {
				w.WriteHeader(http.StatusUnprocessableEntity)
			}
		}
		writeResponse(w, exec.DispatchError(graphql.WithOperationContext(ctx, oc), errs))
		return
	}
	buf := &dataBuffer{}
	defer buf.release()
	responses, ctx := exec.DispatchOperation(context.WithValue(ctx, dataBufferKey{}, buf), oc)
	writeResponse(w, responses(ctx))
}

// responseContentType is the media type of the answer to a request that
// accepts accept, as gqlgen's POST transport chooses it.
func responseContentType(accept string) string {
	if accept == "" {
		return mediaJSON
	}
	for part := range strings.SplitSeq(accept, ",") {
		mediaType, _, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		switch mediaType {
		case "*/*", "application/*", mediaJSON:
			return mediaJSON
		case mediaGraphQLResponse:
			return mediaGraphQLResponse
		}
	}
	return mediaGraphQLResponse
}

// writeResponse writes json.Marshal(resp). An answer with data only is
// written from resp.Data directly, compacted and HTML-escaped as
// json.Marshal does with a json.RawMessage; anything else goes through
// json.Marshal.
func writeResponse(w io.Writer, resp *graphql.Response) {
	if resp == nil || len(resp.Data) == 0 || len(resp.Errors) > 0 || resp.Label != "" || len(resp.Path) > 0 ||
		resp.HasNext != nil || len(resp.Extensions) > 0 {
		b, err := json.Marshal(resp)
		if err != nil {
			panic(fmt.Errorf("unable to marshal %s: %w", string(resp.Data), err))
		}
		w.Write(b)
		return
	}
	io.WriteString(w, `{"data":`)
	writeCompact(w, resp.Data)
	io.WriteString(w, `}`)
}

// jsonSpecial marks the bytes writeCompact must look at: string delimiters,
// whitespace, and what json.Marshal escapes for HTML (<, >, & and the first
// byte of U+2028 and U+2029).
var jsonSpecial = [256]bool{'"': true, '\\': true, ' ': true, '\t': true, '\n': true, '\r': true,
	'<': true, '>': true, '&': true, 0xE2: true}

// writeCompact writes the valid JSON src as encoding/json's Compact with
// HTML escaping (what json.Marshal does to a json.RawMessage) would: without
// whitespace outside strings, and with <, >, &, U+2028 and U+2029 escaped.
func writeCompact(w io.Writer, src []byte) {
	start := 0
	inString, escaped := false, false
	for i := 0; i < len(src); i++ {
		c := src[i]
		if !jsonSpecial[c] {
			escaped = false
			continue
		}
		switch c {
		case '<', '>', '&':
			w.Write(src[start:i])
			io.WriteString(w, htmlEscapes[c])
			start = i + 1
		case 0xE2:
			if i+2 < len(src) && src[i+1] == 0x80 && src[i+2]&^1 == 0xA8 {
				w.Write(src[start:i])
				io.WriteString(w, lineSeparators[src[i+2]&1])
				i += 2
				start = i + 1
			}
		case '"':
			if !escaped {
				inString = !inString
			}
		case '\\':
			if inString {
				escaped = !escaped
				continue
			}
		default: // whitespace
			if !inString {
				w.Write(src[start:i])
				start = i + 1
			}
		}
		escaped = false
	}
	w.Write(src[start:])
}

var (
	htmlEscapes    = map[byte]string{'<': `\u003c`, '>': `\u003e`, '&': `\u0026`}
	lineSeparators = [2]string{`\u2028`, `\u2029`}
)

// dataBuffer lends a pooled buffer to the answer of one request, from
// marshalData to the transport's release.
type dataBuffer struct{ buf *bytes.Buffer }

type dataBufferKey struct{}

var dataPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooled bounds the buffers kept for the next request.
const maxPooled = 8 << 20

// lastSize is the size of the last answer marshalled into a pooled buffer:
// a new buffer (the pool is emptied by garbage collections) starts that
// large instead of doubling its way up from 64 bytes.
var lastSize atomic.Int64

func (b *dataBuffer) release() {
	if b.buf != nil && b.buf.Cap() <= maxPooled {
		lastSize.Store(int64(b.buf.Len()))
		b.buf.Reset()
		dataPool.Put(b.buf)
	}
	b.buf = nil
}

// marshalData marshals an answer's data. graph/internal/gqlgen makes the
// generated Exec call it instead of marshalling into a new bytes.Buffer:
// under postTransport, the first answer of a request goes into a pooled
// buffer that the transport releases after writing it.
func marshalData(ctx context.Context, data graphql.Marshaler) []byte {
	if b, ok := ctx.Value(dataBufferKey{}).(*dataBuffer); ok && b.buf == nil {
		b.buf = dataPool.Get().(*bytes.Buffer)
		if b.buf.Cap() == 0 {
			b.buf.Grow(int(lastSize.Load()))
		}
		data.MarshalGQL(b.buf)
		return b.buf.Bytes()
	}
	var buf bytes.Buffer
	data.MarshalGQL(&buf)
	return buf.Bytes()
}
