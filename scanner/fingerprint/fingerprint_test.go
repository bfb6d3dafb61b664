package fingerprint

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSum(t *testing.T) {
	a, b := New([]byte("0123456789abcdef")), New([]byte("fedcba9876543210"))
	const v = "SENTINEL-value"
	got := a.Sum(v)
	if !strings.HasPrefix(got, Prefix) || len(got) != len(Prefix)+64 {
		t.Fatalf("Sum = %q, want %s and 64 hex digits", got, Prefix)
	}
	if strings.Contains(got, v) {
		t.Fatal("Sum contains the value")
	}
	if a.Sum(v) != got {
		t.Error("Sum is not deterministic")
	}
	if b.Sum(v) == got {
		t.Error("two keys give the same fingerprint")
	}
	if a.Sum(v+"x") == got {
		t.Error("two values give the same fingerprint")
	}
	for _, s := range []string{fmt.Sprint(a), fmt.Sprintf("%#v", a), fmt.Sprintf("%+v", a)} {
		if strings.Contains(s, "0123456789abcdef") {
			t.Errorf("formatting prints the key: %s", s)
		}
	}
}

func TestLoadKeyFromEnv(t *testing.T) {
	tests := []struct {
		name, env string
		want      []byte
		wantErr   string
	}{
		{name: "hex", env: strings.Repeat("ab", 32), want: []byte(strings.Repeat("\xab", 32))},
		{name: "base64", env: "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", want: []byte("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f")},
		{name: "text", env: "a long passphrase here", want: []byte("a long passphrase here")},
		{name: "too short", env: "k3y!", wantErr: "too short"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := LoadKey(tc.env, "")
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("LoadKey err = %v, want %q", err, tc.wantErr)
				}
				if strings.Contains(err.Error(), tc.env) {
					t.Errorf("error repeats the key: %v", err)
				}
				return
			}
			if err != nil || string(got) != string(tc.want) {
				t.Fatalf("LoadKey = %x, %v; want %x", got, err, tc.want)
			}
		})
	}
}

func TestLoadKeyPostgresNeedsEnv(t *testing.T) {
	_, err := LoadKey("", "")
	if err == nil || !strings.Contains(err.Error(), "PRIVGRAPH_FINGERPRINT_KEY") {
		t.Fatalf("LoadKey(\"\", \"\") err = %v, want a sentence naming PRIVGRAPH_FINGERPRINT_KEY", err)
	}
}

func TestLoadKeyFile(t *testing.T) {
	db := filepath.Join(t.TempDir(), "inv.db")
	k1, err := LoadKey("", db)
	if err != nil {
		t.Fatal(err)
	}
	if len(k1) != KeySize {
		t.Errorf("created key has %d bytes, want %d", len(k1), KeySize)
	}
	info, err := os.Stat(KeyPath(db))
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o600 {
		t.Errorf("key file mode = %04o, want 0600", perm)
	}
	k2, err := LoadKey("", db)
	if err != nil || string(k1) != string(k2) {
		t.Fatalf("second LoadKey = %x, %v; want the same key %x", k2, err, k1)
	}

	if err := os.Chmod(KeyPath(db), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = LoadKey("", db)
	if err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Fatalf("LoadKey with a 0644 key file err = %v, want a refusal that says chmod 600", err)
	}

	if err := os.WriteFile(KeyPath(db), []byte("not hex"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(KeyPath(db), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err = LoadKey("", db); err == nil {
		t.Fatal("LoadKey accepted a key file without a hex key")
	}
}
