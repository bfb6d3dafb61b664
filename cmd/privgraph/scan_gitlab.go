package main

import (
	"context"
	"crypto/rand"
	"flag"
	"fmt"
	"strings"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/migrations"
	"github.com/privgraph/privgraph/scanner"
	"github.com/privgraph/privgraph/scanner/fingerprint"
	"github.com/privgraph/privgraph/scanner/gitlab"
	"github.com/privgraph/privgraph/scanner/gitlabtest"
	"github.com/privgraph/privgraph/scanner/transport"
)

func scanGitLabCommand() *command {
	return &command{
		name:    "gitlab",
		summary: "scan a GitLab group and its subgroups (GITLAB_TOKEN)",
		usage: `privgraph scan gitlab --group GROUP [--url URL] [--concurrency N] [--db DSN]

Inventories a GitLab group, all its subgroups and projects, on gitlab.com or
a self-managed instance: CI/CD variables (group, project, and instance ones
with an administrator's token), access and deploy tokens, deploy keys,
runners, environments and protected environments, protected branches and
merge request approvals, job token allowlists, CODEOWNERS and each project's
.gitlab-ci.yml with its include: local files.

The token comes from GITLAB_TOKEN: a personal, group or project access token
with the read_api scope (privgraph only reads) of a user with the
Maintainer role on the projects and Owner on the groups. What it cannot read
is reported as a coverage gap, not an error.

Variable values are never stored: each becomes an HMAC fingerprint whose key
is PRIVGRAPH_FINGERPRINT_KEY or, for an SQLite inventory, a 0600 key file
created beside it (DB.fpkey). Keep the key to compare fingerprints across scans.
`,
		flags: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			db := dbFlag(fs, e)
			group := fs.String("group", "", "full path of the `GROUP` to scan (e.g. acme or acme/platform)")
			base := fs.String("url", gitlab.DefaultURL, "GitLab instance `URL`")
			conc := fs.Int("concurrency", gitlab.DefaultConcurrency, "groups and projects read at once, 1 to 64")
			return func(ctx context.Context, args []string) error {
				if len(args) > 0 {
					return &usageError{msg: fmt.Sprintf("unexpected argument %q", args[0])}
				}
				cfg, err := gitlabConfig(e, *group, *base, *conc, db())
				if err != nil {
					return err
				}
				client, err := openDB(ctx, cfg.dsn, false)
				if err != nil {
					return err
				}
				defer client.Close()
				_, err = scanGitLab(ctx, e, client, cfg)
				return err
			}
		},
	}
}

// gitlabScanConfig is the validated configuration of one GitLab scan.
type gitlabScanConfig struct {
	group       string
	url         string
	concurrency int
	dsn         string
	Token       transport.Token
	key         []byte
}

// gitlabConfig validates flags and environment, naming the flag or
// variable to fix.
func gitlabConfig(e *env, group, base string, conc int, dsn string) (gitlabScanConfig, error) {
	group = strings.Trim(strings.TrimSpace(group), "/")
	if group == "" {
		return gitlabScanConfig{}, &usageError{msg: "--group is required: the full path of the group to scan, e.g. --group acme/platform"}
	}
	if err := checkURL("--url", base, "https://gitlab.example.com"); err != nil {
		return gitlabScanConfig{}, err
	}
	if conc < 1 || conc > 64 {
		return gitlabScanConfig{}, &usageError{msg: "--concurrency must be between 1 and 64"}
	}
	tok := strings.TrimSpace(e.getenv("GITLAB_TOKEN"))
	if tok == "" {
		return gitlabScanConfig{}, &usageError{msg: "GITLAB_TOKEN is not set: create a personal, group or project access token with the read_api scope and export GITLAB_TOKEN"}
	}
	// The key file is created beside an SQLite inventory: check --db first,
	// so that a mistaken --db creates no key file and gets the plain message.
	if err := checkDSN(dsn, false); err != nil {
		return gitlabScanConfig{}, err
	}
	key, err := fingerprint.LoadKey(e.getenv("PRIVGRAPH_FINGERPRINT_KEY"), migrations.SQLitePath(dsn))
	if err != nil {
		return gitlabScanConfig{}, err
	}
	return gitlabScanConfig{group: group, url: base, concurrency: conc, dsn: dsn, Token: transport.NewToken(tok), key: key}, nil
}

// scanGitLab runs one scan through scanner.Run and prints its summary.
func scanGitLab(ctx context.Context, e *env, client *ent.Client, cfg gitlabScanConfig) (*ent.Scan, error) {
	// GitLab responses are not cached: group and project bodies can carry
	// runners_token, and file bodies whatever a repository holds.
	tr := transport.New(transport.Options{
		Token: cfg.Token, AuthHeader: "PRIVATE-TOKEN", UserAgent: "privgraph",
		Logger: e.log.With("component", "transport", "platform", "gitlab"),
	})
	src := gitlab.New(gitlab.Options{
		HTTPClient: tr.Client(), BaseURL: cfg.url, Fingerprinter: fingerprint.New(cfg.key),
		Concurrency: cfg.concurrency, Logger: e.log.With("component", "scanner.gitlab"), Progress: progress(e),
		Counts: func() (int, int) {
			st := tr.Stats()
			return st.Requests, st.NotModified
		},
	})
	s, err := scanner.Run(ctx, client, src, scanner.RunOptions{
		Platform: scanner.GitLab, Target: cfg.group, Logger: e.log, Progress: progress(e), Analyze: analyzeFunc(e),
	})
	if err != nil {
		return s, scanError(ctx, "GitLab group "+cfg.group, err)
	}
	st := tr.Stats()
	fmt.Fprintf(e.stderr, "privgraph: %d requests, %d rate-limit waits, %d retries\n", st.Requests, st.RateLimitWaits, st.Retries)
	if s.TokenCanWrite {
		fmt.Fprintf(e.stderr, "privgraph: warning: the scan's token can write (%s); privgraph only reads: use a token with the read_api scope\n",
			strings.Join(s.TokenScopes, ", "))
	}
	printSummary(ctx, e, client, s)
	return s, nil
}

// demoScanGitLab scans the demo group of the bundled fake GitLab API at
// baseURL (http://host:port, the API under /api/v4/) into db, through the
// real scanner. The fingerprint key is PRIVGRAPH_FINGERPRINT_KEY, else a
// random key for this run.
func demoScanGitLab(ctx context.Context, e *env, db *ent.Client, baseURL string) error {
	var key []byte
	if env := e.getenv("PRIVGRAPH_FINGERPRINT_KEY"); env != "" {
		k, err := fingerprint.LoadKey(env, "")
		if err != nil {
			return err
		}
		key = k
	} else {
		key = make([]byte, fingerprint.KeySize)
		if _, err := rand.Read(key); err != nil {
			return fmt.Errorf("generate a fingerprint key for the demo: %w", err)
		}
	}
	_, err := scanGitLab(ctx, e, db, gitlabScanConfig{
		group: gitlabtest.DemoGroup, url: baseURL, concurrency: gitlab.DefaultConcurrency,
		Token: transport.NewToken("demo-token"), key: key,
	})
	return err
}
