package web

import (
	"net"
	"sync"
	"time"
)

// Sign-in attempts allowed per remote address and window.
const (
	loginAttempts = 10
	loginWindow   = time.Minute
	// maxLimited bounds the addresses the limiter remembers; when full, it
	// forgets those whose window has passed, then the least recently seen.
	maxLimited = 10_000
)

// limiter allows n events per window and key (a sliding window over the
// times of the last n events), on an injected clock.
type limiter struct {
	n      int
	window time.Duration
	now    func() time.Time
	mu     sync.Mutex
	seen   map[string][]time.Time // oldest first, at most n
}

func newLimiter(n int, window time.Duration, now func() time.Time) *limiter {
	return &limiter{n: n, window: window, now: now, seen: map[string][]time.Time{}}
}

// allow records an event for key and reports whether it is within the
// limit; when it is not, retry says how long until the next one would be.
func (l *limiter) allow(key string) (ok bool, retry time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	ts := l.seen[key]
	for len(ts) > 0 && now.Sub(ts[0]) >= l.window {
		ts = ts[1:]
	}
	if len(ts) >= l.n {
		l.seen[key] = ts
		return false, ts[0].Add(l.window).Sub(now)
	}
	if _, known := l.seen[key]; !known && len(l.seen) >= maxLimited {
		l.evict(now)
	}
	l.seen[key] = append(ts, now)
	return true, 0
}

// evict forgets keys whose window has passed, or else the one seen least
// recently.
func (l *limiter) evict(now time.Time) {
	var oldest string
	var at time.Time
	for k, ts := range l.seen {
		last := ts[len(ts)-1]
		if now.Sub(last) >= l.window {
			delete(l.seen, k)
			continue
		}
		if oldest == "" || last.Before(at) {
			oldest, at = k, last
		}
	}
	if len(l.seen) >= maxLimited {
		delete(l.seen, oldest)
	}
}

// remoteHost is the address a request came from, without its port.
func remoteHost(remoteAddr string) string {
	if h, _, err := net.SplitHostPort(remoteAddr); err == nil {
		return h
	}
	return remoteAddr
}
