package main

import (
	"context"

	"github.com/privgraph/privgraph/ent"
)

func scanGitLabCommand() *command {
	return &command{
		name:    "gitlab",
		summary: "scan a GitLab group and its subgroups (GITLAB_TOKEN)",
		usage: `privgraph scan gitlab --group GROUP [--url URL] [flags]
`,
		flags: notYet("scan gitlab"),
	}
}

// demoScanGitLab scans the demo group of the bundled fake GitLab API at
// baseURL (http://host:port, the API under /api/v4/) into db, through the
// real scanner.
func demoScanGitLab(ctx context.Context, e *env, db *ent.Client, baseURL string) error {
	return &notImplementedError{what: "scan gitlab"}
}
