package transport

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"sync"
)

// Entry is one stored response.
type Entry struct {
	ETag   string
	Body   []byte
	Header http.Header
}

// Cache stores responses by key for conditional requests. Implementations
// must be safe for concurrent use.
type Cache interface {
	Get(ctx context.Context, key string) (Entry, bool, error)
	Put(ctx context.Context, key string, e Entry) error
}

// storedHeaders are the response headers a replayed 304 needs; request
// headers (and so auth) are never stored.
var storedHeaders = []string{
	"Content-Type", "Link",
	"X-Total", "X-Total-Pages", "X-Next-Page", "X-Page", "X-Per-Page", "X-Prev-Page",
}

func storedHeader(h http.Header) http.Header {
	out := http.Header{}
	for _, k := range storedHeaders {
		if v := h.Values(k); len(v) > 0 {
			out[http.CanonicalHeaderKey(k)] = append([]string(nil), v...)
		}
	}
	return out
}

// cacheKey is SHA-256 of the credential identity, method and full URL.
func cacheKey(identity string, req *http.Request) string {
	h := sha256.New()
	h.Write([]byte(identity))
	h.Write([]byte{0})
	h.Write([]byte(req.Method))
	h.Write([]byte{0})
	h.Write([]byte(req.URL.String()))
	h.Write([]byte{0})
	h.Write([]byte(req.Header.Get("Accept")))
	return hex.EncodeToString(h.Sum(nil))
}

// MemoryCache is a Cache in memory.
type MemoryCache struct {
	mu sync.Mutex
	m  map[string]Entry
}

// NewMemoryCache returns an empty MemoryCache.
func NewMemoryCache() *MemoryCache { return &MemoryCache{m: map[string]Entry{}} }

// Get returns the entry stored under key.
func (c *MemoryCache) Get(_ context.Context, key string) (Entry, bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[key]
	return e, ok, nil
}

// Put stores e under key.
func (c *MemoryCache) Put(_ context.Context, key string, e Entry) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m[key] = e
	return nil
}

// Len is the number of entries.
func (c *MemoryCache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.m)
}
