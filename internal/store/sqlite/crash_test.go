package sqlite_test

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/faultline-dev/faultline/internal/store"
	"github.com/faultline-dev/faultline/internal/store/sqlite"
)

// crashEnv names the database file of the writer child process.
const crashEnv = "FAULTLINE_SQLITE_CRASH_DB"

// TestKill9KeepsReturnedWrites runs a child process that records incidents
// and prints each ID once Record returned, kills it with SIGKILL mid-stream,
// and checks that every printed incident is in the database: a write that
// returned is committed.
func TestKill9KeepsReturnedWrites(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns a process")
	}
	path := filepath.Join(t.TempDir(), "crash.db")
	cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashEnv+"="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var acked []string
	sc := bufio.NewScanner(out)
	deadline := time.After(20 * time.Second)
	for len(acked) < 200 && sc.Scan() {
		if id, ok := strings.CutPrefix(sc.Text(), "ACK "); ok {
			acked = append(acked, id)
		}
		select {
		case <-deadline:
			t.Fatal("child too slow")
		default:
		}
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	if len(acked) == 0 {
		t.Fatal("child acknowledged no write")
	}
	s, err := sqlite.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, id := range acked {
		if _, err := s.GetIncident(t.Context(), id); err != nil {
			t.Errorf("acknowledged incident lost after kill -9: %v", err)
		}
	}
}

// TestCrashChild is the writer of TestKill9KeepsReturnedWrites; it does
// nothing unless started by it.
func TestCrashChild(t *testing.T) {
	path := os.Getenv(crashEnv)
	if path == "" {
		t.Skip("helper process of TestKill9KeepsReturnedWrites")
	}
	s, err := sqlite.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(os.Stdout)
	for i := 0; ; i++ {
		in := store.Incident{SessionID: "crash", Phenomenon: "policy_erosion", Score: 0.9, Turn: i}
		rec := store.Record{
			Session:   &store.Session{ID: "crash", Turns: i},
			Decision:  &store.Decision{SessionID: "crash", Action: store.ActionBlock, Turn: i},
			Incidents: []*store.Incident{&in},
		}
		if err := s.Record(t.Context(), &rec); err != nil {
			t.Fatal(err)
		}
		w.WriteString("ACK " + in.ID + "\n")
		w.Flush()
	}
}
