package main

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/privgraph/privgraph/ent/apitoken"
	"github.com/privgraph/privgraph/graph"
	"github.com/privgraph/privgraph/web"
)

func tokenCommand() *command {
	return &command{
		name:    "token",
		summary: "create, list and revoke API tokens for serve",
		usage: `privgraph token create|list|revoke

API tokens let people and scripts use a server bound beyond loopback:
  Authorization: Bearer TOKEN   for /graphql
  /login                        signs a browser in with a token
Only a token's SHA-256 is stored; the token is printed once, at creation.
`,
		subs: []*command{tokenCreateCommand(), tokenListCommand(), tokenRevokeCommand()},
	}
}

func tokenCreateCommand() *command {
	return &command{
		name:    "create",
		summary: "create a token and print it once",
		usage: `privgraph token create --name N --role reader|triager|admin [--expires 90d] [--db DSN]

Roles: reader reads everything but the audit log; triager may also triage
findings; admin may also read the audit log. --expires takes days (90d),
hours (12h) or never (default 90d).
`,
		flags: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			db := dbFlag(fs, e)
			name := fs.String("name", "", "who or what the token is for: a `NAME` (required)")
			role := fs.String("role", "", "`ROLE`: reader, triager or admin (required)")
			expires := fs.String("expires", "90d", "`LIFETIME`: days (90d), a duration (12h) or never")
			return func(ctx context.Context, args []string) error {
				if len(args) > 0 {
					return &usageError{msg: fmt.Sprintf("unexpected argument %q", args[0])}
				}
				*name = strings.TrimSpace(*name)
				if *name == "" {
					return &usageError{msg: "--name is required: who or what the token is for"}
				}
				r := graph.Role(strings.ToUpper(*role))
				if !r.IsValid() {
					return &usageError{msg: "--role must be reader, triager or admin"}
				}
				life, err := parseLifetime(*expires)
				if err != nil {
					return &usageError{msg: err.Error()}
				}
				client, err := openDB(ctx, db(), false)
				if err != nil {
					return err
				}
				defer client.Close()
				var until time.Time
				if life > 0 {
					until = time.Now().Add(life)
				}
				t, err := web.CreateToken(ctx, client, *name, r, until)
				if err != nil {
					return err
				}
				fmt.Fprintln(e.stdout, t.Plain.Expose())
				exp := "never expires"
				if !until.IsZero() {
					exp = "expires " + until.UTC().Format(time.DateOnly)
					if life < 48*time.Hour {
						exp = "expires " + until.UTC().Format("2006-01-02 15:04 UTC")
					}
				}
				fmt.Fprintf(e.stderr, "privgraph: token %q (%s, %s) created; it is shown only this once: store it now.\n",
					*name, strings.ToLower(string(r)), exp)
				return nil
			}
		},
	}
}

// maxLifetime is the longest --expires short of never: ten years.
const maxLifetime = 3650 * 24 * time.Hour

// parseLifetime reads 90d, 12h or never: at least a minute (a shorter one
// would be expired before anyone could store it), at most ten years.
func parseLifetime(s string) (time.Duration, error) {
	if s == "never" {
		return 0, nil
	}
	d, err := time.ParseDuration(s)
	if n, ok := strings.CutSuffix(s, "d"); ok {
		days, aerr := strconv.Atoi(n)
		d, err = time.Duration(days)*24*time.Hour, aerr
		if days > 3650 {
			d = maxLifetime + 1
		}
	}
	if err == nil && d >= time.Minute && d <= maxLifetime {
		return d, nil
	}
	return 0, fmt.Errorf("--expires must be days (90d), a duration (12h, at least 1m) or never, up to 3650d; not %q", s)
}

func tokenListCommand() *command {
	return &command{
		name:    "list",
		summary: "list tokens (never their values)",
		usage:   "privgraph token list [--db DSN]\n",
		flags: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			db := dbFlag(fs, e)
			return func(ctx context.Context, args []string) error {
				if len(args) > 0 {
					return &usageError{msg: fmt.Sprintf("unexpected argument %q", args[0])}
				}
				client, err := openDB(ctx, db(), true)
				if err != nil {
					return err
				}
				defer client.Close()
				ts, err := client.ApiToken.Query().Order(apitoken.ByID()).All(ctx)
				if err != nil {
					return fmt.Errorf("list tokens: %w", err)
				}
				w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
				fmt.Fprintln(w, "ID\tNAME\tROLE\tPREFIX\tCREATED\tEXPIRES\tLAST USED\tSTATE")
				now := time.Now()
				for _, t := range ts {
					state := "active"
					switch {
					case t.Revoked:
						state = "revoked"
					case t.ExpiresAt != nil && !now.Before(*t.ExpiresAt):
						state = "expired"
					}
					fmt.Fprintf(w, "%d\t%s\t%s\t%s…\t%s\t%s\t%s\t%s\n", t.ID, t.Name, strings.ToLower(string(t.Role)), t.Prefix,
						t.CreatedAt.UTC().Format(time.DateOnly), day(t.ExpiresAt, "never"), day(t.LastUsedAt, "-"), state)
				}
				return w.Flush()
			}
		},
	}
}

func day(t *time.Time, none string) string {
	if t == nil {
		return none
	}
	return t.UTC().Format(time.DateOnly)
}

func tokenRevokeCommand() *command {
	return &command{
		name:    "revoke",
		summary: "revoke a token by id or name",
		usage:   "privgraph token revoke ID|NAME [--db DSN]\n",
		flags: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			db := dbFlag(fs, e)
			return func(ctx context.Context, args []string) error {
				if len(args) != 1 {
					return &usageError{msg: "give one token id or name (see privgraph token list)"}
				}
				client, err := openDB(ctx, db(), true)
				if err != nil {
					return err
				}
				defer client.Close()
				which := apitoken.Name(args[0])
				if id, err := strconv.Atoi(args[0]); err == nil {
					which = apitoken.ID(id)
				}
				ts, err := client.ApiToken.Query().Where(which).Order(apitoken.ByID()).All(ctx)
				if err != nil {
					return fmt.Errorf("revoke token: %w", err)
				}
				if len(ts) == 0 {
					return fmt.Errorf("no token %q: give an ID or NAME from `privgraph token list`", args[0])
				}
				var ids []string
				for _, t := range ts {
					if !t.Revoked {
						ids = append(ids, fmt.Sprintf("%d", t.ID))
					}
				}
				if len(ids) == 0 {
					fmt.Fprintf(e.stderr, "privgraph: token %q was already revoked.\n", args[0])
					return nil
				}
				if _, err := client.ApiToken.Update().Where(which, apitoken.Revoked(false)).SetRevoked(true).Save(ctx); err != nil {
					return fmt.Errorf("revoke token: %w", err)
				}
				label := "id"
				if len(ids) > 1 {
					label = "ids"
				}
				fmt.Fprintf(e.stderr, "privgraph: revoked token %q (%s %s).\n", args[0], label, strings.Join(ids, ", "))
				return nil
			}
		},
	}
}
