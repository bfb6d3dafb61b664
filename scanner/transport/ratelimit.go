package transport

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// RateLimitError is returned when the API asks for a wait longer than
// Options.MaxWait.
type RateLimitError struct {
	Endpoint string
	Wait     time.Duration
}

func (e *RateLimitError) Error() string {
	return fmt.Sprintf("%s: rate limit exhausted for %s; retry later or raise the limit (another token or a GitHub App has its own)", e.Endpoint, e.Wait.Round(time.Second))
}

// rateHeader reads a rate-limit header in GitHub's (X-RateLimit-*) or
// GitLab's (RateLimit-*) spelling.
func rateHeader(h http.Header, name string) (int64, bool) {
	v := h.Get("X-RateLimit-" + name)
	if v == "" {
		v = h.Get("RateLimit-" + name)
	}
	if v == "" {
		return 0, false
	}
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	return n, err == nil
}

// resetIn is how long until the primary limit resets (0 when unknown).
func (t *Transport) resetIn(h http.Header) time.Duration {
	reset, ok := rateHeader(h, "Reset")
	if !ok {
		return 0
	}
	d := time.Unix(reset, 0).Sub(t.opts.Now())
	if d < 0 {
		return 0
	}
	return d
}

// notePrimary remembers an exhausted primary limit so that every later
// request waits for the reset instead of burning an error.
func (t *Transport) notePrimary(resp *http.Response) {
	remaining, ok := rateHeader(resp.Header, "Remaining")
	if !ok || remaining > 0 {
		return
	}
	d := t.resetIn(resp.Header)
	if d <= 0 {
		return
	}
	until := t.opts.Now().Add(d)
	t.mu.Lock()
	if until.After(t.blockedUntil) {
		t.blockedUntil = until
	}
	t.mu.Unlock()
}

// waitBlocked waits out a known exhausted primary limit. Concurrent
// requests wait together; the wait is counted once.
func (t *Transport) waitBlocked(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	t.mu.Lock()
	until := t.blockedUntil
	d := until.Sub(t.opts.Now())
	if d <= 0 {
		t.mu.Unlock()
		return nil
	}
	if d > t.opts.MaxWait {
		t.mu.Unlock()
		return &RateLimitError{Endpoint: "primary rate limit", Wait: d}
	}
	if !until.Equal(t.counted) {
		t.counted = until
		t.stats.RateLimitWaits++
		t.stats.WaitTime += d
		t.log.Info("primary rate limit exhausted; waiting for reset", "duration", d)
	}
	t.mu.Unlock()
	if err := t.opts.Sleep(ctx, d); err != nil {
		return err
	}
	t.mu.Lock()
	if t.blockedUntil.Equal(until) {
		t.blockedUntil = time.Time{}
	}
	t.mu.Unlock()
	return nil
}

// rateLimited says whether resp is a rate-limit answer and how long to
// wait: Retry-After when given; the primary reset when the limit is
// exhausted; else (GitHub's secondary limit without Retry-After) at least a
// minute, doubling per retry.
func (t *Transport) rateLimited(resp *http.Response, body []byte, retry int) (time.Duration, bool) {
	if resp.StatusCode != http.StatusForbidden && resp.StatusCode != http.StatusTooManyRequests {
		return 0, false
	}
	if ra := resp.Header.Get("Retry-After"); ra != "" {
		if secs, err := strconv.Atoi(strings.TrimSpace(ra)); err == nil && secs >= 0 {
			return time.Duration(secs) * time.Second, true
		}
		if at, err := http.ParseTime(ra); err == nil {
			return max(at.Sub(t.opts.Now()), 0), true
		}
	}
	if remaining, ok := rateHeader(resp.Header, "Remaining"); ok && remaining == 0 {
		if d := t.resetIn(resp.Header); d > 0 {
			// notePrimary blocked everyone; this request waits in waitBlocked.
			return 0, true
		}
	}
	lower := strings.ToLower(string(body))
	if resp.StatusCode == http.StatusTooManyRequests || strings.Contains(lower, "secondary rate limit") || strings.Contains(lower, "abuse detection") {
		return time.Minute << min(retry, 4), true
	}
	return 0, false
}
