package main

import (
	"context"

	"github.com/privgraph/privgraph/ent"
)

func scanGitHubCommand() *command {
	return &command{
		name:    "github",
		summary: "scan a GitHub organization (GITHUB_TOKEN or a GitHub App)",
		usage: `privgraph scan github --org ORG [--api-url URL] [flags]
`,
		flags: notYet("scan github"),
	}
}

// demoScanGitHub scans the demo organization of the bundled fake GitHub API
// at apiURL (…/api/v3/) into db, through the real scanner.
func demoScanGitHub(ctx context.Context, e *env, db *ent.Client, apiURL string) error {
	return &notImplementedError{what: "scan github"}
}
