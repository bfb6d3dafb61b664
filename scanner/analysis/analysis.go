// Package analysis computes, for every credential, the stages that need it and
// the stages that can reach it, runs the rule catalogue of DESIGN.md, and
// upserts findings with stable fingerprints. It reads the graph after a scan
// and knows nothing of HTTP.
package analysis

import (
	"log/slog"
	"time"

	"github.com/privgraph/privgraph/ent"
)

// Options configures an Analyzer; the zero value works.
type Options struct {
	// Now returns the current time; nil means time.Now.
	Now func() time.Time
	// Logger receives one line per analysis run; nil discards.
	Logger *slog.Logger
}

// Analyzer recomputes exposure and findings after a scan.
type Analyzer struct {
	client *ent.Client
	now    func() time.Time
	log    *slog.Logger
}

// New returns an Analyzer over client.
func New(client *ent.Client, opts Options) *Analyzer {
	a := &Analyzer{client: client, now: opts.Now, log: opts.Logger}
	if a.now == nil {
		a.now = time.Now
	}
	if a.log == nil {
		a.log = slog.New(slog.DiscardHandler)
	}
	return a
}

// Result counts what one analysis run did.
type Result struct {
	// Opened counts findings created or reopened (from RESOLVED or an expired acceptance).
	Opened int
	// Updated counts findings seen again (last_seen moved).
	Updated int
	// Resolved counts findings that the scan no longer saw.
	Resolved int
	// Open is the number of OPEN findings of the scan's owners afterwards.
	Open int
	// Credentials is the number of credentials analysed.
	Credentials int
	// OverScoped is the number of them found over-scoped.
	OverScoped int
}
