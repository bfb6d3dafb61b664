package gitlab_test

import (
	"bytes"
	"context"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/privgraph/privgraph/scanner/fingerprint"
	"github.com/privgraph/privgraph/scanner/gitlab"
	"github.com/privgraph/privgraph/scanner/gitlabtest"
	"github.com/privgraph/privgraph/scanner/transport"
)

// testKey is the fingerprint key of the tests.
var testKey = []byte("privgraph-test-fingerprint-key!!")

// syncBuffer is a log sink safe for the scanner's workers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// rig is a scanner wired to a fake GitLab through the shared transport,
// with waits recorded instead of slept and logs captured.
type rig struct {
	srv     *gitlabtest.Server
	tr      *transport.Transport
	scanner *gitlab.Scanner
	logs    *syncBuffer
	mu      sync.Mutex
	waits   []time.Duration
}

func (r *rig) sleep(ctx context.Context, d time.Duration) error {
	r.mu.Lock()
	r.waits = append(r.waits, d)
	r.mu.Unlock()
	return ctx.Err()
}

func (r *rig) slept() []time.Duration {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]time.Duration(nil), r.waits...)
}

// newRig starts a fake serving f and a scanner pointed at it.
func newRig(t testing.TB, f *gitlabtest.Fixture, tweak ...func(*gitlab.Options)) *rig {
	t.Helper()
	r := &rig{srv: gitlabtest.NewServer(t, f), logs: &syncBuffer{}}
	log := slog.New(slog.NewTextHandler(r.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	r.tr = transport.New(transport.Options{
		Base: r.srv.Client().Transport, Token: transport.NewToken("glpat-test-token"), AuthHeader: "PRIVATE-TOKEN",
		Logger: log.With("component", "transport"), Sleep: r.sleep, Backoff: time.Millisecond,
		Timeout: 10 * time.Second,
	})
	opts := gitlab.Options{
		HTTPClient: r.tr.Client(), BaseURL: r.srv.URL, Fingerprinter: fingerprint.New(testKey),
		Logger: log.With("component", "scanner.gitlab"), Concurrency: 4,
		Progress: func(format string, args ...any) { log.Info("progress", "format", format) },
		Counts: func() (int, int) {
			st := r.tr.Stats()
			return st.Requests, st.NotModified
		},
	}
	for _, fn := range tweak {
		fn(&opts)
	}
	r.scanner = gitlab.New(opts)
	return r
}
