// Package sqlite is the embedded back end of the incident store: one file,
// no server, no cgo (modernc.org/sqlite), the default of `faultline serve`.
//
// The database runs in WAL mode with a busy timeout. All writes go through a
// single connection with prepared statements, each in its own transaction
// (BEGIN IMMEDIATE), and commit before the method returns; reads use a
// separate read-only pool, so readers never wait for the writer. With the
// default synchronous=NORMAL a committed write survives a crash or kill -9 of
// the process (it is in the WAL); synchronous=FULL also survives power loss at
// the cost of an fsync per commit.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"strings"
	"time"

	"github.com/pressly/goose/v3"
	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver

	"github.com/faultline-dev/faultline/internal/store"
)

//go:embed migrations/*.sql
var migrations embed.FS

// busyTimeout is how long a write waits for another process holding the
// database lock before failing.
const busyTimeout = 10 * time.Second

// readConns bounds the read pool (the machine has few cores; SQLite readers
// are CPU-bound).
const readConns = 4

// Store is a store.Store on one SQLite file.
type Store struct {
	w     *sql.DB // one connection: every write
	r     *sql.DB // read-only pool
	stmts statements
	now   func() time.Time
}

var _ store.Store = (*Store)(nil)

// memory is the path of a private in-memory database.
const memory = ":memory:"

// Open opens (creating when missing) the SQLite database named by dsn and
// applies the pending migrations. dsn is a file path, optionally followed by
// "?synchronous=normal" (the default) or "?synchronous=full". The path
// ":memory:" gives a private in-memory database (for tests; nothing is kept),
// served by one connection.
func Open(ctx context.Context, dsn string) (*Store, error) {
	path, query, _ := strings.Cut(dsn, "?")
	if path == "" {
		return nil, fmt.Errorf("open sqlite store: empty path: %w", store.ErrInvalid)
	}
	q, err := url.ParseQuery(query)
	if err != nil {
		return nil, fmt.Errorf("open sqlite store %s: options %q: %v: %w", path, query, err, store.ErrInvalid)
	}
	sync := "NORMAL"
	for k, v := range q {
		switch {
		case k == "synchronous" && len(v) == 1 && (strings.EqualFold(v[0], "normal") || strings.EqualFold(v[0], "full")):
			sync = strings.ToUpper(v[0])
		default:
			return nil, fmt.Errorf("open sqlite store %s: unknown option %s=%v (want synchronous=normal|full): %w", path, k, v, store.ErrInvalid)
		}
	}
	base := path + "?_pragma=" + url.QueryEscape(fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds())) +
		"&_pragma=journal_mode(WAL)&_pragma=" + url.QueryEscape("synchronous("+sync+")")

	w, err := sql.Open("sqlite", base+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("open sqlite store %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	s := &Store{w: w, now: time.Now}
	if err := s.migrate(ctx); err != nil {
		_ = w.Close()
		return nil, fmt.Errorf("open sqlite store %s: %w", path, err)
	}
	if path == memory {
		// Every connection would get its own empty database: share the one.
		s.r = w
	} else {
		r, err := sql.Open("sqlite", base+"&_pragma=query_only(1)")
		if err != nil {
			_ = w.Close()
			return nil, fmt.Errorf("open sqlite store %s: %w", path, err)
		}
		r.SetMaxOpenConns(readConns)
		r.SetMaxIdleConns(readConns)
		s.r = r
	}
	if err := s.stmts.prepare(ctx, w); err != nil {
		_ = s.Close()
		return nil, fmt.Errorf("open sqlite store %s: %w", path, err)
	}
	return s, nil
}

func (s *Store) migrate(ctx context.Context) error {
	fsys, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, s.w, fsys)
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}

// Close closes the statements and both connection pools.
func (s *Store) Close() error {
	errs := []error{s.stmts.close()}
	if s.r != nil && s.r != s.w {
		errs = append(errs, s.r.Close())
	}
	errs = append(errs, s.w.Close())
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("close sqlite store: %w", err)
	}
	return nil
}

// micros converts a time to the stored representation.
func micros(t time.Time) int64 { return t.UnixMicro() }

// fromMicros converts a stored time back.
func fromMicros(us int64) time.Time { return time.UnixMicro(us).UTC() }

// nullJSON stores empty JSON as NULL.
func nullJSON(raw []byte) any {
	if len(raw) == 0 {
		return nil
	}
	return string(raw)
}
