package main

import (
	"fmt"
	"io"
	"sync"
	"unicode/utf8"
)

// termSafe passes text through to a terminal (or a file a terminal will show)
// with its control characters made visible: scanned names and workflow text
// are hostile, and a repository or job named with "\x1b]…" must not retitle,
// recolour or rewrite the terminal of whoever runs privgraph. Newlines and
// tabs pass; every other C0 control, DEL, the C1 controls (as UTF-8 or as
// raw bytes, which 8-bit terminals read as CSI and OSC) and invalid UTF-8
// bytes are written as Go escapes (\x1b, \u009b). It is safe for concurrent
// use; Flush writes a trailing incomplete UTF-8 sequence, escaped.
type termSafe struct {
	mu      sync.Mutex
	w       io.Writer
	pending []byte // the start of a UTF-8 sequence split across writes
	buf     []byte
}

func newTermSafe(w io.Writer) *termSafe { return &termSafe{w: w} }

func (t *termSafe) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	in := p
	if len(t.pending) > 0 {
		in = append(t.pending, p...)
		t.pending = nil
	}
	out := t.buf[:0]
	for i := 0; i < len(in); {
		c := in[i]
		if c >= 0x20 && c < 0x7f || c == '\n' || c == '\t' {
			out = append(out, c)
			i++
			continue
		}
		if c < 0x80 {
			out = fmt.Appendf(out, `\x%02x`, c)
			i++
			continue
		}
		if !utf8.FullRune(in[i:]) {
			t.pending = append(t.pending, in[i:]...)
			break
		}
		r, n := utf8.DecodeRune(in[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			out = fmt.Appendf(out, `\x%02x`, c)
		case r >= 0x80 && r <= 0x9f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
			// C1 controls, and bidirectional overrides and isolates that
			// would show a name in another order than it reads
			out = fmt.Appendf(out, `\u%04x`, r)
		default:
			out = append(out, in[i:i+n]...)
		}
		i += n
	}
	t.buf = out
	if _, err := t.w.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Flush writes what an incomplete UTF-8 sequence at the end left pending.
func (t *termSafe) Flush() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.pending) == 0 {
		return nil
	}
	var out []byte
	for _, c := range t.pending {
		out = fmt.Appendf(out, `\x%02x`, c)
	}
	t.pending = nil
	_, err := t.w.Write(out)
	return err
}
