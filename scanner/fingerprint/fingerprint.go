// Package fingerprint turns secret values into keyed fingerprints
// (HMAC-SHA256), so that one value stored under several variables or projects
// can be spotted without ever keeping the value. The key lives outside the
// inventory: PRIVGRAPH_FINGERPRINT_KEY, or a 0600 key file beside the SQLite
// database.
package fingerprint

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
)

// Prefix starts every fingerprint, naming the algorithm.
const Prefix = "hmac-sha256:"

// KeySize is the size of a generated key, in bytes.
const KeySize = 32

// minKeySize is the shortest key accepted from the environment.
const minKeySize = 16

// Fingerprinter computes fingerprints with one key.
type Fingerprinter struct {
	key []byte
}

// New returns a Fingerprinter using key (copied).
func New(key []byte) *Fingerprinter {
	return &Fingerprinter{key: append([]byte(nil), key...)}
}

// Sum returns the fingerprint of value: "hmac-sha256:" and 64 hex digits.
// The same value under the same key always gives the same fingerprint.
func (f *Fingerprinter) Sum(value string) string {
	m := hmac.New(sha256.New, f.key)
	m.Write([]byte(value))
	return Prefix + hex.EncodeToString(m.Sum(nil))
}

// String keeps the key out of logs and errors.
func (f *Fingerprinter) String() string { return "fingerprint.Fingerprinter{[redacted]}" }

// GoString keeps the key out of %#v.
func (f *Fingerprinter) GoString() string { return f.String() }

// KeyPath is the key file that belongs to an SQLite database file.
func KeyPath(dbPath string) string { return dbPath + ".fpkey" }

// LoadKey returns the fingerprint key. envValue is PRIVGRAPH_FINGERPRINT_KEY
// as the CLI read it: when set, it is the key (hex, base64, or at least 16
// bytes of text). Otherwise the key is read from the 0600 file beside the
// SQLite database at dbPath (created with a random key on first use). dbPath
// is "" for PostgreSQL, where the environment variable is required.
func LoadKey(envValue string, dbPath string) ([]byte, error) {
	if envValue != "" {
		return decodeKey(envValue)
	}
	if dbPath == "" {
		return nil, errors.New("PRIVGRAPH_FINGERPRINT_KEY is not set: with a PostgreSQL inventory the fingerprint key must come from the environment; " +
			"set it to 32 random bytes, hex-encoded (for example the output of `openssl rand -hex 32`), and keep it the same for every scan")
	}
	return loadOrCreateKeyFile(KeyPath(dbPath))
}

// decodeKey accepts a hex or base64 key, else the text itself.
func decodeKey(v string) ([]byte, error) {
	v = strings.TrimSpace(v)
	if b, err := hex.DecodeString(v); err == nil && len(b) >= minKeySize {
		return b, nil
	}
	if b, err := base64.StdEncoding.DecodeString(v); err == nil && len(b) >= minKeySize {
		return b, nil
	}
	if len(v) < minKeySize {
		return nil, fmt.Errorf("PRIVGRAPH_FINGERPRINT_KEY is too short: use at least %d bytes, for example 32 random bytes hex-encoded (`openssl rand -hex 32`)", minKeySize)
	}
	return []byte(v), nil
}

func loadOrCreateKeyFile(path string) ([]byte, error) {
	info, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return createKeyFile(path)
	case err != nil:
		return nil, fmt.Errorf("read fingerprint key file %s: %w", path, err)
	}
	if perm := info.Mode().Perm(); perm&0o077 != 0 {
		return nil, fmt.Errorf("fingerprint key file %s is readable by others (mode %04o): run `chmod 600 %s`, or set PRIVGRAPH_FINGERPRINT_KEY", path, perm, path)
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("fingerprint key file %s is not a regular file: remove it or set PRIVGRAPH_FINGERPRINT_KEY", path)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read fingerprint key file %s: %w", path, err)
	}
	key, err := hex.DecodeString(strings.TrimSpace(string(b)))
	if err != nil || len(key) < minKeySize {
		return nil, fmt.Errorf("fingerprint key file %s does not hold a hex key of at least %d bytes: restore it from a backup, or remove it to start new fingerprints (reuse across old and new scans is then not detected)", path, minKeySize)
	}
	return key, nil
}

// createKeyFile writes a new random key with mode 0600; O_EXCL makes two
// scans that start together agree on one key.
func createKeyFile(path string) ([]byte, error) {
	key := make([]byte, KeySize)
	if _, err := rand.Read(key); err != nil {
		return nil, fmt.Errorf("generate fingerprint key: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return loadOrCreateKeyFile(path)
	}
	if err != nil {
		return nil, fmt.Errorf("create fingerprint key file %s: %w (set PRIVGRAPH_FINGERPRINT_KEY instead when the directory is read-only)", path, err)
	}
	if _, err := f.WriteString(hex.EncodeToString(key) + "\n"); err != nil {
		f.Close()
		os.Remove(path)
		return nil, fmt.Errorf("write fingerprint key file %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("write fingerprint key file %s: %w", path, err)
	}
	return key, nil
}
