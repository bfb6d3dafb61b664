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
			name := fs.String("name", "", "who or what the token is for (required)")
			role := fs.String("role", "", "reader, triager or admin (required)")
			expires := fs.String("expires", "90d", "lifetime: 90d, 12h or never")
			return func(ctx context.Context, args []string) error {
				if len(args) > 0 {
					return &usageError{msg: fmt.Sprintf("unexpected argument %q", args[0])}
				}
				if *name == "" {
					return &usageError{msg: "--name is required"}
				}
				r := graph.Role(strings.ToUpper(*role))
				if !r.IsValid() {
					return &usageError{msg: "--role must be reader, triager or admin"}
				}
				life, err := parseLifetime(*expires)
				if err != nil {
					return &usageError{msg: err.Error()}
				}
				client, err := openDB(ctx, db())
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
				}
				fmt.Fprintf(e.stderr, "privgraph: token %q (%s, %s) created; it is shown only this once: store it now.\n",
					*name, strings.ToLower(string(r)), exp)
				return nil
			}
		},
	}
}

// parseLifetime reads 90d, 12h or never.
func parseLifetime(s string) (time.Duration, error) {
	if s == "never" {
		return 0, nil
	}
	if n, ok := strings.CutSuffix(s, "d"); ok {
		d, err := strconv.Atoi(n)
		if err == nil && d > 0 && d <= 3650 {
			return time.Duration(d) * 24 * time.Hour, nil
		}
	}
	if d, err := time.ParseDuration(s); err == nil && d > 0 {
		return d, nil
	}
	return 0, fmt.Errorf("--expires must be days (90d), a duration (12h) or never, not %q", s)
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
				client, err := openDB(ctx, db())
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
				client, err := openDB(ctx, db())
				if err != nil {
					return err
				}
				defer client.Close()
				q := client.ApiToken.Update().Where(apitoken.Name(args[0]))
				if id, err := strconv.Atoi(args[0]); err == nil {
					q = client.ApiToken.Update().Where(apitoken.ID(id))
				}
				n, err := q.SetRevoked(true).Save(ctx)
				if err != nil {
					return fmt.Errorf("revoke token: %w", err)
				}
				if n == 0 {
					return &usageError{msg: fmt.Sprintf("no token %q (see privgraph token list)", args[0])}
				}
				fmt.Fprintf(e.stderr, "privgraph: %d token(s) revoked.\n", n)
				return nil
			}
		},
	}
}
