package sqlite_test

import (
	"errors"
	"path/filepath"
	"testing"

	"github.com/faultline-dev/faultline/internal/store"
	"github.com/faultline-dev/faultline/internal/store/sqlite"
	"github.com/faultline-dev/faultline/internal/store/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		return open(t, filepath.Join(t.TempDir(), "faultline.db"))
	})
}

func TestConformanceInMemory(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return open(t, ":memory:") })
}

func open(t *testing.T, dsn string) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	})
	return s
}

func TestReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "faultline.db")
	s := open(t, path)
	in := store.Incident{SessionID: "s", Phenomenon: "policy_erosion", Score: 0.5}
	if err := s.AddIncident(t.Context(), &in); err != nil {
		t.Fatal(err)
	}
	// A second store on the same file (another process, say): migrations
	// are already applied and writes of one are seen by the other.
	s2 := open(t, path+"?synchronous=full")
	if _, err := s2.GetIncident(t.Context(), in.ID); err != nil {
		t.Fatal(err)
	}
	if err := s2.AddDecision(t.Context(), &store.Decision{SessionID: "s", Action: store.ActionWarn}); err != nil {
		t.Fatal(err)
	}
	ds, err := s.ListDecisions(t.Context(), "s")
	if err != nil || len(ds) != 1 {
		t.Fatalf("decisions seen by the first store: %v, %v", ds, err)
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name, dsn string
	}{
		{"empty", ""},
		{"unknown option", filepath.Join(dir, "a.db") + "?cache=shared"},
		{"bad synchronous", filepath.Join(dir, "a.db") + "?synchronous=off"},
		{"missing directory", filepath.Join(dir, "no", "such", "dir", "a.db")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := sqlite.Open(t.Context(), tt.dsn)
			if err == nil {
				s.Close()
				t.Fatalf("Open(%q) succeeded", tt.dsn)
			}
			if tt.name != "missing directory" && !errors.Is(err, store.ErrInvalid) {
				t.Errorf("Open(%q) = %v, want ErrInvalid", tt.dsn, err)
			}
		})
	}
}
