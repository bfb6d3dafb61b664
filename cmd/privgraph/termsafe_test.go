package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// hostileName is a repository folder named to take over a terminal: OSC 0
// (window title), OSC 52 (clipboard), a colour, a clear screen, a carriage
// return that overwrites the line, and a raw 8-bit CSI.
const hostileName = "evil\x1b]0;PWNED\x07\x1b]52;c;cm0gLXJmIH4=\x07\x1b[31mred\x1b[2J\rok\x9b31m"

// TestTerminalSafeOutput scans a repository and a workflow whose names carry
// terminal escape sequences, then prints the report: no control character
// but newline and tab reaches stdout or stderr.
func TestTerminalSafeOutput(t *testing.T) {
	dir := t.TempDir()
	repo := filepath.Join(dir, "src", hostileName)
	if err := os.MkdirAll(filepath.Join(repo, ".github", "workflows"), 0o755); err != nil {
		t.Skipf("this file system refuses the name: %v", err)
	}
	wf := "on: pull_request_target\npermissions: write-all\njobs:\n  deploy:\n" +
		"    name: \"deploy \\e]8;;http://evil.example\\e\\\\click\\e]8;;\\e\\\\ \\u009b2J \\x07\"\n" +
		"    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        with:\n" +
		"          ref: ${{ github.event.pull_request.head.sha }}\n" +
		"      - run: ./deploy.sh\n        env:\n          AWS_SECRET_ACCESS_KEY: ${{ secrets.AWS_SECRET_ACCESS_KEY }}\n"
	if err := os.WriteFile(filepath.Join(repo, ".github", "workflows", "ci.yml"), []byte(wf), 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"PRIVGRAPH_DB": filepath.Join(dir, "p.db")}
	out, stderr, code := runCLI(t, env, "scan", "local", filepath.Join(dir, "src"))
	if code != 0 {
		t.Fatalf("scan local: exit %d\n%s", code, stderr)
	}
	report, rerr, code := runCLI(t, env, "report")
	if code != 0 {
		t.Fatalf("report: exit %d\n%s", code, rerr)
	}
	if !strings.Contains(report, `evil\x1b]0;PWNED\x07`) || !strings.Contains(stderr, `evil\x1b]0;PWNED`) {
		t.Errorf("the hostile name is not shown escaped:\n%s\n%s", stderr, report)
	}
	for what, s := range map[string]string{"scan stdout": out, "scan stderr": stderr, "report": report, "report stderr": rerr} {
		for _, r := range s {
			if r < 0x20 && r != '\n' && r != '\t' || r == 0x7f || r >= 0x80 && r <= 0x9f {
				t.Errorf("%s holds control character %U:\n%q", what, r, s)
				break
			}
		}
		if bytes.IndexByte([]byte(s), 0x1b) >= 0 || bytes.IndexByte([]byte(s), 0x07) >= 0 || bytes.IndexByte([]byte(s), 0x9b) >= 0 {
			t.Errorf("%s holds a raw escape byte", what)
		}
	}
}

// TestTermSafeSplitWrites: a UTF-8 character split across writes (as a
// bufio.Writer splits them) passes intact; controls are escaped wherever
// they fall.
func TestTermSafeSplitWrites(t *testing.T) {
	in := []byte("é ✓ 🔑\x1b[0m\u009b\r\tend\u202eevil\u2066\n\xff")
	for split := range len(in) + 1 {
		var b bytes.Buffer
		w := newTermSafe(&b)
		for _, part := range [][]byte{in[:split], in[split:]} {
			if n, err := w.Write(part); err != nil || n != len(part) {
				t.Fatalf("Write = %d, %v", n, err)
			}
		}
		_ = w.Flush()
		if want := "é ✓ 🔑\\x1b[0m\\u009b\\x0d\tend\\u202eevil\\u2066\n\\xff"; b.String() != want {
			t.Errorf("split at %d: %q, want %q", split, b.String(), want)
		}
	}
}
