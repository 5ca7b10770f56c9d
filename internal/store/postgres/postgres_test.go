package postgres_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"

	"github.com/faultline-dev/faultline/internal/store"
	"github.com/faultline-dev/faultline/internal/store/postgres"
	"github.com/faultline-dev/faultline/internal/store/storetest"
)

// defaultDSN is the local superuser over the Unix socket (Debian's layout).
const defaultDSN = "host=/var/run/postgresql user=postgres dbname=postgres"

// rootDSN is used when peer authentication refuses root as postgres: the
// test then creates a login role named after the OS user.
const rootDSN = "host=/var/run/postgresql user=root dbname=postgres"

func TestConformance(t *testing.T) {
	db := testDatabase(t)
	var n atomic.Int64
	storetest.Run(t, func(t *testing.T) store.Store {
		return openSchema(t, db, fmt.Sprintf("t%d", n.Add(1)))
	})
}

func TestReopen(t *testing.T) {
	db := testDatabase(t)
	s := openSchema(t, db, "reopen")
	in := store.Incident{SessionID: "s", Phenomenon: "policy_erosion", Score: 0.5}
	if err := s.AddIncident(t.Context(), &in); err != nil {
		t.Fatal(err)
	}
	// A second Open on a migrated database migrates nothing and sees the data.
	s2, err := postgres.Open(t.Context(), withDB(db, db.name, "search_path=reopen"))
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if _, err := s2.GetIncident(t.Context(), in.ID); err != nil {
		t.Fatal(err)
	}
}

func TestOpenErrors(t *testing.T) {
	tests := []struct {
		name, dsn string
	}{
		{"malformed", "postgres://%zz"},
		{"unknown parameter value", "host=/nonexistent/dir connect_timeout=1 user=nobody"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
			defer cancel()
			s, err := postgres.Open(ctx, tt.dsn)
			if err == nil {
				s.Close()
				t.Fatalf("Open(%q) succeeded", tt.dsn)
			}
		})
	}
}

// database is the per-run test database.
type database struct {
	admin string // DSN of the admin connection
	name  string
}

// testDatabase finds (or starts) PostgreSQL, creates a database with a
// random name and drops it when t ends. Without PostgreSQL it skips, or
// fails when CI=true.
func testDatabase(t testing.TB) database {
	t.Helper()
	admin, err := findPostgres(t)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("PostgreSQL is required in CI (CI=true): %v", err)
		}
		t.Skipf("PostgreSQL not reachable, skipping (set FAULTLINE_TEST_POSTGRES to a DSN): %v", err)
	}
	var rnd [6]byte
	_, _ = rand.Read(rnd[:])
	db := database{admin: admin, name: "faultline_test_" + hex.EncodeToString(rnd[:])}
	exec1(t, admin, "CREATE DATABASE "+db.name)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := execSQL(ctx, admin, "DROP DATABASE IF EXISTS "+db.name+" WITH (FORCE)"); err != nil {
			t.Errorf("drop test database: %v", err)
		}
	})
	return db
}

// openSchema opens a store in a fresh schema of db: every conformance
// subtest starts empty at the cost of a CREATE SCHEMA, not a CREATE DATABASE.
func openSchema(t testing.TB, db database, schema string) *postgres.Store {
	t.Helper()
	exec1(t, withDB(db, db.name), "CREATE SCHEMA "+schema)
	s, err := postgres.Open(t.Context(), withDB(db, db.name, "search_path="+schema))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// withDB returns db's admin DSN pointed at another database, with extra
// runtime parameters given as "key=value" (search_path=..., ...).
func withDB(db database, name string, params ...string) string {
	dsn := db.admin
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		u, err := url.Parse(dsn)
		if err != nil {
			return dsn // Open reports it
		}
		u.Path = "/" + name
		q := u.Query()
		for _, p := range params {
			k, v, _ := strings.Cut(p, "=")
			q.Set(k, v)
		}
		u.RawQuery = q.Encode()
		return u.String()
	}
	return strings.Join(append([]string{dsn, "dbname=" + name}, params...), " ")
}

// findPostgres returns the DSN of a reachable PostgreSQL where the test may
// create databases: FAULTLINE_TEST_POSTGRES when set; else the local
// superuser over the Unix socket, starting the local cluster when it is down
// and, as root under peer authentication, creating a role "root" (or giving
// an existing one LOGIN CREATEDB) through `su postgres -c psql`.
func findPostgres(t testing.TB) (string, error) {
	if dsn := os.Getenv("FAULTLINE_TEST_POSTGRES"); dsn != "" {
		return dsn, ping(t.Context(), dsn)
	}
	err := ping(t.Context(), defaultDSN)
	if err == nil {
		return defaultDSN, nil
	}
	if startClusters(t) {
		for range 20 {
			if err = ping(t.Context(), defaultDSN); err == nil {
				return defaultDSN, nil
			}
			time.Sleep(500 * time.Millisecond)
		}
	}
	if os.Geteuid() == 0 {
		if rerr := ping(t.Context(), rootDSN); rerr == nil {
			return rootDSN, nil
		}
		out, cerr := exec.CommandContext(t.Context(), "su", "postgres", "-c",
			`psql -v ON_ERROR_STOP=1 -qc "DO \$\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'root') THEN CREATE ROLE root LOGIN CREATEDB; ELSE ALTER ROLE root LOGIN CREATEDB; END IF; END\$\$"`).CombinedOutput()
		if cerr == nil {
			if rerr := ping(t.Context(), rootDSN); rerr == nil {
				return rootDSN, nil
			}
		} else {
			err = errors.Join(err, fmt.Errorf("create role root: %w: %s", cerr, out))
		}
	}
	return "", err
}

// startClusters starts the local clusters pg_lsclusters reports down. It
// reports whether it started any.
func startClusters(t testing.TB) bool {
	out, err := exec.CommandContext(t.Context(), "pg_lsclusters", "--no-header").Output()
	if err != nil {
		return false
	}
	started := false
	for line := range strings.Lines(string(out)) {
		f := strings.Fields(line)
		if len(f) < 4 || f[3] != "down" {
			continue
		}
		cmd := exec.CommandContext(t.Context(), "pg_ctlcluster", "--skip-systemctl-redirect", f[0], f[1], "start")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Logf("start PostgreSQL %s/%s: %v: %s", f[0], f[1], err, out)
			continue
		}
		t.Logf("started PostgreSQL cluster %s/%s", f[0], f[1])
		started = true
	}
	return started
}

func ping(ctx context.Context, dsn string) error {
	return execSQL(ctx, dsn, "SELECT 1")
}

func execSQL(ctx context.Context, dsn, sql string) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	_, err = conn.Exec(ctx, sql)
	return err
}

func exec1(t testing.TB, dsn, sql string) {
	t.Helper()
	if err := execSQL(t.Context(), dsn, sql); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

// TestMigrateToolKey: a schema at version 1 with an approved review gets the
// review's tool key from its tool_call JSON when opened.
func TestMigrateToolKey(t *testing.T) {
	dbinfo := testDatabase(t)
	exec1(t, withDB(dbinfo, dbinfo.name), "CREATE SCHEMA v1")
	dsn := withDB(dbinfo, dbinfo.name, "search_path=v1")
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		t.Fatal(err)
	}
	db := stdlib.OpenDB(*cfg)
	p, err := goose.NewProvider(goose.DialectPostgres, db, os.DirFS("migrations"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(t.Context(), 1); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(t.Context(), `INSERT INTO reviews (id, session_id, created_at, status, tool_call, decided_at, reason) VALUES
		 ('r1', 's', now(), 'approved', '{"name":"transfer","key":"abc"}', now(), ''),
		 ('r2', 's', now(), 'approved', '{"name":"no key"}', now(), ''),
		 ('r3', 's', now(), 'approved', NULL, now(), ''),
		 ('r4', 's', now(), 'approved', '[1]', now(), '')`); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	s, err := postgres.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for key, want := range map[string]bool{"abc": true, "other": false} {
		got, err := s.ToolCallApproved(t.Context(), "s", key)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("ToolCallApproved(s, %s) = %v, want %v", key, got, want)
		}
	}
}
