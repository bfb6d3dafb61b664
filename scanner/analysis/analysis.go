// Package analysis computes, for every credential, the stages that need it and
// the stages that can reach it, runs the rule catalogue of DESIGN.md, and
// upserts findings with stable fingerprints. It reads the graph after a scan
// and knows nothing of HTTP.
package analysis

import "errors"

var errNotImplemented = errors.New("analysis: not implemented yet")
