package transport

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/ent/httpcache"
)

// DefaultCacheRetention is how long an entry no scan has used stays in the
// cache: long enough for a monthly scan of every organization in one
// inventory, short enough that renamed or deleted repositories, or an
// organization no longer scanned, do not grow the DB for ever.
const DefaultCacheRetention = 45 * 24 * time.Hour

// EntCache is a Cache in the inventory DB (the HTTPCache entity), so a
// later scan's conditional requests are answered 304. Bodies are gzipped.
//
// It remembers which entries this scan used; Retain then marks them fresh
// and drops the entries no scan has used for the retention period.
type EntCache struct {
	client *ent.Client
	now    func() time.Time

	mu   sync.Mutex
	used map[string]struct{}
}

// NewEntCache returns a Cache backed by client.
func NewEntCache(client *ent.Client) *EntCache {
	return &EntCache{client: client, now: time.Now, used: map[string]struct{}{}}
}

func (c *EntCache) use(key string) {
	c.mu.Lock()
	c.used[key] = struct{}{}
	c.mu.Unlock()
}

// retainChunk bounds the keys of one UPDATE (SQLite and PostgreSQL both cap
// the parameters of a statement).
const retainChunk = 500

// Retain marks every entry this cache served or stored as used now, then
// deletes the entries last used before now-maxAge (maxAge <= 0 means
// DefaultCacheRetention). Call it after a scan that ended; entries of other
// organizations in the same inventory stay until they age out. It returns
// how many entries were refreshed and how many deleted.
func (c *EntCache) Retain(ctx context.Context, maxAge time.Duration) (refreshed, deleted int, err error) {
	if maxAge <= 0 {
		maxAge = DefaultCacheRetention
	}
	c.mu.Lock()
	keys := make([]string, 0, len(c.used))
	for k := range c.used {
		keys = append(keys, k)
	}
	c.used = map[string]struct{}{}
	c.mu.Unlock()

	now := c.now()
	tx, err := c.client.Tx(ctx)
	if err != nil {
		return 0, 0, fmt.Errorf("http cache retention: %w", err)
	}
	for len(keys) > 0 {
		n := min(len(keys), retainChunk)
		k, err := tx.HTTPCache.Update().Where(httpcache.URLKeyIn(keys[:n]...)).SetStoredAt(now).Save(ctx)
		if err != nil {
			_ = tx.Rollback()
			return 0, 0, fmt.Errorf("http cache retention: %w", err)
		}
		refreshed += k
		keys = keys[n:]
	}
	deleted, err = tx.HTTPCache.Delete().Where(httpcache.StoredAtLT(now.Add(-maxAge))).Exec(ctx)
	if err != nil {
		_ = tx.Rollback()
		return 0, 0, fmt.Errorf("http cache retention: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return 0, 0, fmt.Errorf("http cache retention: %w", err)
	}
	return refreshed, deleted, nil
}

// Get returns the entry stored under key.
func (c *EntCache) Get(ctx context.Context, key string) (Entry, bool, error) {
	row, err := c.client.HTTPCache.Query().Where(httpcache.URLKey(key)).Only(ctx)
	if ent.IsNotFound(err) {
		return Entry{}, false, nil
	}
	if err != nil {
		return Entry{}, false, fmt.Errorf("read http cache: %w", err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(row.Body))
	if err != nil {
		return Entry{}, false, nil // unreadable entry: ask again
	}
	body, err := io.ReadAll(zr)
	if err != nil {
		return Entry{}, false, nil
	}
	e := Entry{ETag: row.Etag, Body: body, Header: http.Header{}}
	if row.Header != "" {
		_ = json.Unmarshal([]byte(row.Header), &e.Header)
	}
	c.use(key)
	return e, true, nil
}

// Put stores e under key, replacing an older entry.
func (c *EntCache) Put(ctx context.Context, key string, e Entry) error {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	if _, err := zw.Write(e.Body); err != nil {
		return fmt.Errorf("compress http cache entry: %w", err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("compress http cache entry: %w", err)
	}
	hdr, err := json.Marshal(storedHeader(e.Header))
	if err != nil {
		return fmt.Errorf("encode http cache headers: %w", err)
	}
	err = c.client.HTTPCache.Create().
		SetURLKey(key).SetEtag(e.ETag).SetBody(buf.Bytes()).SetHeader(string(hdr)).SetStoredAt(c.now()).
		OnConflictColumns(httpcache.FieldURLKey).UpdateNewValues().
		Exec(ctx)
	if err != nil {
		return fmt.Errorf("write http cache: %w", err)
	}
	c.use(key)
	return nil
}
