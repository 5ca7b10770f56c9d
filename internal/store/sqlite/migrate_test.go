package sqlite_test

import (
	"database/sql"
	"os"
	"path/filepath"
	"testing"

	"github.com/pressly/goose/v3"
)

// TestMigrateToolKey: a database at schema version 1 with an approved
// review gets the review's tool key from its tool_call JSON when opened, so
// approvals given before the upgrade are still found.
func TestMigrateToolKey(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v1.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, db, os.DirFS("migrations"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(t.Context(), 1); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`INSERT INTO reviews (id, session_id, created_at, status, tool_call, decided_at, reason) VALUES
		 ('r1', 's', 1, 'approved', '{"name":"transfer","key":"abc"}', 2, ''),
		 ('r2', 's', 1, 'approved', '{"name":"no key"}', 2, ''),
		 ('r3', 's', 1, 'approved', NULL, 2, ''),
		 ('r4', 's', 1, 'approved', '{"key": 7}', 2, '')`,
	} {
		if _, err := db.ExecContext(t.Context(), q); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	s := open(t, path)
	for key, want := range map[string]bool{"abc": true, "7": false, "other": false} {
		got, err := s.ToolCallApproved(t.Context(), "s", key)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("ToolCallApproved(s, %s) = %v, want %v", key, got, want)
		}
	}
	r, err := s.GetReview(t.Context(), "r2")
	if err != nil || r.ToolKey != "" {
		t.Errorf("review without a key: %+v, %v", r, err)
	}
}
