package open_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/faultline-dev/faultline/internal/store"
	"github.com/faultline-dev/faultline/internal/store/open"
)

func TestOpen(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name    string
		dsn     string
		wantErr error // nil: opens
		noLeak  string
	}{
		{"sqlite path", "sqlite:" + filepath.Join(dir, "a.db"), nil, ""},
		{"sqlite triple slash", "sqlite://" + filepath.Join(dir, "b.db"), nil, ""},
		{"sqlite full sync", "sqlite:" + filepath.Join(dir, "c.db") + "?synchronous=full", nil, ""},
		{"sqlite in memory", "sqlite::memory:", nil, ""},
		{"sqlite bad option", "sqlite:" + filepath.Join(dir, "d.db") + "?journal=off", store.ErrInvalid, ""},
		{"sqlite no path", "sqlite:", store.ErrInvalid, ""},
		{"unknown scheme", "mysql://user:hunter2@host/db", store.ErrInvalid, "hunter2"},
		{"bare path", filepath.Join(dir, "e.db"), store.ErrInvalid, ""},
		{"empty", "", store.ErrInvalid, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := open.Open(t.Context(), tt.dsn)
			if tt.wantErr == nil {
				if err != nil {
					t.Fatal(err)
				}
				if err := s.Close(); err != nil {
					t.Error(err)
				}
				return
			}
			if err == nil {
				s.Close()
				t.Fatalf("Open(%q) succeeded", tt.dsn)
			}
			if !errors.Is(err, tt.wantErr) {
				t.Errorf("Open(%q) = %v, want %v", tt.dsn, err, tt.wantErr)
			}
			if tt.noLeak != "" && strings.Contains(err.Error(), tt.noLeak) {
				t.Errorf("error leaks a secret: %v", err)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "a.db")); err != nil {
		t.Errorf("sqlite file not created: %v", err)
	}
}

func TestOpenPostgresUnreachable(t *testing.T) {
	// A refused connection is an error, not a hang: port 1 on loopback.
	_, err := open.Open(t.Context(), "postgres://nobody:secret@127.0.0.1:1/x?connect_timeout=2")
	if err == nil {
		t.Fatal("Open succeeded against a closed port")
	}
	if strings.Contains(err.Error(), "secret") {
		t.Errorf("error leaks the password: %v", err)
	}
}
