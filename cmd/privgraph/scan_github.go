package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/scanner"
	"github.com/privgraph/privgraph/scanner/github"
	"github.com/privgraph/privgraph/scanner/transport"
)

func scanGitHubCommand() *command {
	return &command{
		name:    "github",
		summary: "scan a GitHub organization (GITHUB_TOKEN or a GitHub App)",
		usage: `privgraph scan github --org ORG [--api-url URL] [flags]

Inventories a GitHub organization (github.com or Enterprise Server, whose
API URL is https://HOST/api/v3/): Actions settings, secrets (names and
dates, never values), app installations, runner groups, teams, and for each
repository its workflows, environments and their protection, secrets,
deploy keys, branch protection and rulesets, CODEOWNERS and runners.

Authenticates with GITHUB_TOKEN (a classic or fine-grained personal access
token, or an installation token) or as a GitHub App (--app-id, --app-key;
the installation is found from --org unless --installation-id is given).
The scan only reads; it warns when its own token could write. What the token
cannot read is recorded as a coverage gap and the scan ends "partial".
Responses are cached with their ETags in the inventory, so a rescan of an
unchanged organization is mostly answered 304 (free of rate limit).
`,
		flags: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			db := dbFlag(fs, e)
			org := fs.String("org", "", "the organization's `ORG` login (required)")
			apiURL := fs.String("api-url", github.DefaultBaseURL, "REST API root `URL`; https://HOST/api/v3/ for Enterprise Server")
			appID := fs.Int64("app-id", 0, "GitHub App id (with --app-key) instead of GITHUB_TOKEN")
			appKey := fs.String("app-key", "", "GitHub App private key `FILE` (PEM)")
			installation := fs.Int64("installation-id", 0, "GitHub App installation id (default: the app's installation on --org)")
			concurrency := fs.Int("concurrency", 8, "repositories read at once")
			skipArchived := fs.Bool("skip-archived", false, "leave archived repositories out")
			repoActions := fs.Bool("repo-actions-policy", false, "also read each repository's own Actions permissions (enabled, allowed actions), which may be narrower than the organization's; costs one request per repository")
			return func(ctx context.Context, args []string) error {
				if len(args) > 0 {
					return &usageError{msg: fmt.Sprintf("unexpected argument %q; the organization goes in --org", args[0])}
				}
				*org = strings.TrimSpace(*org)
				if *org == "" {
					return &usageError{msg: "--org is required: the organization's login, e.g. --org acme"}
				}
				if *concurrency < 1 || *concurrency > 64 {
					return &usageError{msg: "--concurrency must be between 1 and 64"}
				}
				if err := checkURL("--api-url", *apiURL, "https://github.example.com/api/v3/"); err != nil {
					return err
				}
				if *appID < 0 || *installation < 0 {
					return &usageError{msg: "--app-id and --installation-id are the positive numbers GitHub shows for the app"}
				}
				opts := github.Options{BaseURL: *apiURL, Concurrency: *concurrency, SkipArchived: *skipArchived, RepoActionsPolicy: *repoActions}
				switch {
				case *appID != 0 || *appKey != "":
					if *appID == 0 || *appKey == "" {
						return &usageError{msg: "--app-id and --app-key go together"}
					}
					pem, err := os.ReadFile(*appKey)
					if err != nil {
						return fmt.Errorf("cannot read --app-key %s: %v", *appKey, rootCause(err))
					}
					opts.App = &github.App{AppID: *appID, Key: transport.NewToken(string(pem)), InstallationID: *installation}
				case strings.TrimSpace(e.getenv("GITHUB_TOKEN")) != "":
					opts.Token = transport.NewToken(strings.TrimSpace(e.getenv("GITHUB_TOKEN")))
				default:
					return &usageError{msg: "no credentials: GITHUB_TOKEN is not set (or empty); export a read-only token (see README), or pass --app-id and --app-key"}
				}
				client, err := openDB(ctx, db(), false)
				if err != nil {
					return err
				}
				defer client.Close()
				_, err = scanGitHub(ctx, e, client, *org, opts)
				return err
			}
		},
	}
}

// scanGitHub scans one organization into client and prints a summary.
func scanGitHub(ctx context.Context, e *env, client *ent.Client, org string, opts github.Options) (*ent.Scan, error) {
	opts.Logger = e.log.With("component", "scanner.github")
	cache := transport.NewEntCache(client)
	opts.Cache = cache
	opts.Progress = githubProgress(e)
	src := github.New(opts)
	s, err := scanner.Run(ctx, client, src, scanner.RunOptions{
		Platform: scanner.GitHub, Target: org, Logger: e.log, Progress: progress(e), Analyze: analyzeFunc(e),
	})
	if err != nil {
		return s, scanError(ctx, "GitHub organization "+org, err)
	}
	st := src.Stats()
	fmt.Fprintf(e.stderr, "privgraph: %d requests (%d answered 304 from the cache), %d rate-limit waits, %d retries\n",
		st.Requests, st.NotModified, st.RateLimitWaits, st.Retries)
	// Keep the ETags this scan used; drop those no scan has used for the
	// retention period, so the cache does not grow with every renamed or
	// deleted repository. A failure here costs only future 304s.
	if _, pruned, err := cache.Retain(ctx, 0); err != nil {
		e.log.Warn("http cache retention", "err", err)
	} else if pruned > 0 {
		fmt.Fprintf(e.stderr, "privgraph: dropped %d cached responses no scan used for %d days\n", pruned, int(transport.DefaultCacheRetention.Hours()/24))
	}
	if s.TokenCanWrite {
		fmt.Fprintf(e.stderr, "privgraph: warning: the scan's token can write (%s); privgraph only reads: use a read-only token (see README)\n",
			strings.Join(s.TokenScopes, ", "))
	}
	printSummary(ctx, e, client, s)
	return s, nil
}

// githubProgress reports repositories done / total on stderr, at most once
// a second and at the end.
func githubProgress(e *env) func(github.Progress) {
	var mu sync.Mutex
	var last time.Time
	return func(p github.Progress) {
		mu.Lock()
		defer mu.Unlock()
		if p.ReposDone != p.ReposTotal && time.Since(last) < time.Second {
			return
		}
		last = time.Now()
		if p.ReposDone == 0 {
			fmt.Fprintf(e.stderr, "privgraph: %d repositories to read\n", p.ReposTotal)
			return
		}
		fmt.Fprintf(e.stderr, "privgraph: repositories %d/%d, %d requests (%d not modified), %d rate-limit waits\n",
			p.ReposDone, p.ReposTotal, p.Requests, p.NotModified, p.RateLimitWaits)
	}
}

// demoScanGitHub scans the demo organization of the bundled fake GitHub API
// at apiURL (…/api/v3/) into db, through the real scanner.
func demoScanGitHub(ctx context.Context, e *env, db *ent.Client, apiURL string) error {
	_, err := scanGitHub(ctx, e, db, "demo", github.Options{
		BaseURL: apiURL, Token: transport.NewToken("demo-token"),
	})
	return err
}
