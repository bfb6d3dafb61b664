package main

import (
	"context"
	"errors"
	"fmt"
	"net/url"
)

func scanCommand() *command {
	return &command{
		name:    "scan",
		summary: "scan a GitHub organization, a GitLab group or a local directory",
		usage: `privgraph scan github|gitlab|local [flags]

Scans one target and records what it holds in the inventory, in one
transaction: a scan that fails leaves the previous inventory as it was.
Progress goes to stderr.
`,
		subs: []*command{scanGitHubCommand(), scanGitLabCommand(), scanLocalCommand()},
	}
}

// checkURL validates an --api-url or --url before anything is opened: an
// http(s) URL with a host, and no credentials or query in it (they would be
// echoed in progress lines and errors, and stored with the scan: the token
// goes in the environment).
func checkURL(flagName, raw, example string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return &usageError{msg: fmt.Sprintf("%s %q is not an http(s) URL; e.g. %s %s", flagName, raw, flagName, example)}
	}
	if u.User != nil {
		return &usageError{msg: fmt.Sprintf("%s must not hold credentials (user:password@); the token goes in the environment", flagName)}
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return &usageError{msg: fmt.Sprintf("%s must not have a query or fragment; e.g. %s %s", flagName, flagName, example)}
	}
	return nil
}

// scanError is the error of a scan that did not complete: interrupted
// (Ctrl-C), or failed with the scanner's reason. Either way scanner.Run
// left the previous inventory as it was.
func scanError(ctx context.Context, what string, err error) error {
	if ctx.Err() != nil || errors.Is(err, context.Canceled) {
		return &interruptedError{what: "the scan of " + what + " stopped and was recorded as failed; the previous inventory is unchanged"}
	}
	return fmt.Errorf("scan of %s failed (the previous inventory is unchanged): %w", what, err)
}
