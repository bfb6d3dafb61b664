package web_test

import (
	"context"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/privgraph/privgraph/graph"
	"github.com/privgraph/privgraph/graph/graphtest"
	"github.com/privgraph/privgraph/migrations/migratetest"
	"github.com/privgraph/privgraph/web"
)

// TestScriptsAreTheREADMEs: the scripts TestScripts runs are the README's,
// byte for byte, so a README edit cannot leave untested scripts behind.
func TestScriptsAreTheREADMEs(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := 0
	for _, name := range []string{"overscoped-of-team.sh", "deploy-static-keys.sh", "changes-since-last-scan.sh"} {
		script, err := os.ReadFile("testdata/scripts/" + name)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(readme), "```sh\n"+string(script)+"```\n") {
			t.Errorf("testdata/scripts/%s is not a code block of README.md: copy the README's version here (or the other way round)", name)
		}
		blocks++
	}
	if n := strings.Count(string(readme), "```sh\n#!/usr/bin/env bash\n"); n != blocks {
		t.Errorf("README.md has %d script blocks, testdata/scripts has %d: every README script must be tested", n, blocks)
	}
}

// TestScripts runs the README's curl + jq scripts (testdata/scripts) against
// a server that requires tokens, over a seeded inventory.
func TestScripts(t *testing.T) {
	for _, bin := range []string{"bash", "curl", "jq"} {
		if _, err := exec.LookPath(bin); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("%s is missing in CI: .ci/run should have installed it", bin)
			}
			t.Skipf("%s is not installed; the README scripts need it", bin)
		}
	}
	c := migratetest.Open(t)
	graphtest.Seed(t, c, 3)
	tok, err := web.CreateToken(context.Background(), c, "ci", graph.RoleReader, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(newServer(t, c, true))
	defer srv.Close()
	tests := []struct {
		script string
		args   []string
		want   []string // lines that must appear
	}{
		{"overscoped-of-team.sh", []string{"payments"}, []string{"AWS_ACCESS_KEY_ID\tOWNER\t-\tneeded by DEPLOY\texposed to BUILD,TEST,DEPLOY", "NPM_TOKEN\tREPOSITORY\tacme/payments-api"}},
		{"deploy-static-keys.sh", nil, []string{"acme/payments-api\t.github/workflows/ci.yml\tdeploy\tAWS_ACCESS_KEY_ID\t.github/workflows/ci.yml:41", "acme/service-0002\t"}},
		{"changes-since-last-scan.sh", nil, []string{"# GITHUB acme at ", ": PARTIAL, 3 changes", "! GitHub answered 403", "MODIFIED\tEnvironment\trequired reviewers removed"}},
	}
	for _, tc := range tests {
		t.Run(tc.script, func(t *testing.T) {
			cmd := exec.CommandContext(t.Context(), "bash", append([]string{"testdata/scripts/" + tc.script}, tc.args...)...)
			cmd.Env = append(os.Environ(), "PRIVGRAPH_URL="+srv.URL, "PRIVGRAPH_TOKEN="+tok.Plain.Expose())
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("%s: %v\n%s", tc.script, err, out)
			}
			for _, w := range tc.want {
				if !strings.Contains(string(out), w) {
					t.Errorf("%s output lacks %q:\n%s", tc.script, w, out)
				}
			}
		})
	}
}
