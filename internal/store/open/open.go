// Package open turns a --store DSN into a store.Store, choosing the back end
// by the DSN's scheme. It is separate from package store because the back
// ends import store: store cannot import them.
package open

import (
	"context"
	"fmt"
	"strings"

	"github.com/faultline-dev/faultline/internal/store"
	"github.com/faultline-dev/faultline/internal/store/postgres"
	"github.com/faultline-dev/faultline/internal/store/sqlite"
)

// Open opens the store named by dsn and applies its pending migrations:
//
//	sqlite:PATH[?synchronous=normal|full]   an SQLite file (created when missing); sqlite::memory: for tests
//	postgres://... or postgresql://...      a PostgreSQL database (pgx URL, pool_* options allowed)
//
// Any other DSN is an error wrapping store.ErrInvalid.
func Open(ctx context.Context, dsn string) (store.Store, error) {
	switch {
	case strings.HasPrefix(dsn, "sqlite:"):
		path := strings.TrimPrefix(dsn, "sqlite:")
		path = strings.TrimPrefix(path, "//") // accept sqlite:///abs/path too
		if path == "" || strings.HasPrefix(path, "?") {
			return nil, fmt.Errorf("open store %q: sqlite DSN without a path (want sqlite:PATH): %w", dsn, store.ErrInvalid)
		}
		s, err := sqlite.Open(ctx, path)
		if err != nil {
			return nil, err
		}
		return s, nil
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		s, err := postgres.Open(ctx, dsn)
		if err != nil {
			return nil, err
		}
		return s, nil
	}
	return nil, fmt.Errorf("open store %q: unknown DSN (want sqlite:PATH, postgres://... or postgresql://...): %w",
		redact(dsn), store.ErrInvalid)
}

// redact keeps a DSN's scheme and drops the rest, which may hold a password.
func redact(dsn string) string {
	if scheme, _, ok := strings.Cut(dsn, "://"); ok {
		return scheme + "://..."
	}
	if len(dsn) > 16 {
		return dsn[:16] + "..."
	}
	return dsn
}
