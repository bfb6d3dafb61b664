package transport

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/ent/httpcache"
)

// EntCache is a Cache in the inventory DB (the HTTPCache entity), so a
// later scan's conditional requests are answered 304. Bodies are gzipped.
type EntCache struct {
	client *ent.Client
	now    func() time.Time
}

// NewEntCache returns a Cache backed by client.
func NewEntCache(client *ent.Client) *EntCache {
	return &EntCache{client: client, now: time.Now}
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
	return nil
}
