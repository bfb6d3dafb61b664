package main

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestTokenCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "inv.db")
	out, errOut, code := runCLI(t, nil, "token", "create", "--name", "ci-reader", "--role", "reader", "--expires", "30d", "--db", db)
	tok := strings.TrimSpace(out)
	if code != 0 || !strings.HasPrefix(tok, "pgt_") || !strings.Contains(errOut, "shown only this once") {
		t.Fatalf("token create = %d, stdout %q, stderr %q", code, out, errOut)
	}
	out, _, code = runCLI(t, nil, "token", "list", "--db", db)
	if code != 0 || !strings.Contains(out, "ci-reader") || !strings.Contains(out, "reader") || strings.Contains(out, tok) {
		t.Errorf("token list = %d:\n%s", code, out)
	}
	if _, _, code = runCLI(t, nil, "token", "revoke", "ci-reader", "--db", db); code != 0 {
		t.Errorf("token revoke = %d", code)
	}
	if out, _, _ = runCLI(t, nil, "token", "list", "--db", db); !strings.Contains(out, "revoked") {
		t.Errorf("after revoke, token list =\n%s", out)
	}
	for _, args := range [][]string{
		{"token", "create", "--role", "reader"},
		{"token", "create", "--name", "x", "--role", "owner"},
		{"token", "create", "--name", "x", "--role", "admin", "--expires", "soon"},
		{"token", "revoke"},
	} {
		if _, errOut, code := runCLI(t, nil, append(args, "--db", db)...); code != 2 {
			t.Errorf("%v = %d (%s), want 2", args, code, errOut)
		}
	}
	// Serving beyond loopback without an active token refuses to start and says how to create one.
	_, errOut, code = runCLI(t, nil, "serve", "--addr", "0.0.0.0:0", "--db", db)
	if code != 2 || !strings.Contains(errOut, "privgraph token create") {
		t.Errorf("serve on 0.0.0.0 without tokens = %d: %s", code, errOut)
	}
}
