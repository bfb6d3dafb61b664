package main

import (
	"net/http"

	"github.com/privgraph/privgraph/scanner/gitlabtest"
)

// extraFakes returns the fake APIs besides GitHub's, by path prefix: the
// fake GitLab serves the demo group under /api/v4/.
func extraFakes() map[string]http.Handler {
	return map[string]http.Handler{gitlabtest.Prefix: gitlabtest.NewDemoHandler()}
}
