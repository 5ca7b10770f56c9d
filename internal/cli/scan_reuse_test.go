package cli

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"path/filepath"
	"slices"
	"testing"

	"github.com/faultline-dev/faultline/internal/analysis"
	"github.com/faultline-dev/faultline/internal/ingest"
)

// TestScanCarriesNoState scans the built-in tier's test trajectories (agents,
// injections, gamed checks, sycophancy, leaks, harmful and multilingual
// requests) in one run, in file order and reversed, and checks every traced
// result against the one a new session gives the trajectory alone: a scan
// reuses analysis sessions and signal trackers from one trajectory to the
// next, and nothing of what came before may show in a result.
func TestScanCarriesNoState(t *testing.T) {
	files, err := filepath.Glob("../builtin/testdata/*.jsonl")
	if err != nil || len(files) < 10 {
		t.Fatalf("test trajectories: %v (%d files)", err, len(files))
	}
	an, err := buildAnalyzer("", analysis.DefaultThresholds(), "")
	if err != nil {
		t.Fatal(err)
	}
	alone := aloneResults(t, an, files)
	for _, order := range [][]string{files, reversed(files)} {
		var out bytes.Buffer
		stats, err := scanAll(&Env{Stderr: io.Discard}, order, scanOptions{
			reader: &ingest.Reader{}, registry: ingest.DefaultRegistry(), analyzer: an,
			workers: 1, trace: true, warn: func(s string) { t.Error(s) },
		}, &out)
		if err != nil || stats.trajectories != len(alone) {
			t.Fatalf("scan: %v, %d trajectories, want %d", err, stats.trajectories, len(alone))
		}
		sc := bufio.NewScanner(&out)
		sc.Buffer(nil, 16<<20)
		for sc.Scan() {
			var r analysis.Result
			if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
				t.Fatal(err)
			}
			if want := alone[r.Source]; !bytes.Equal(sc.Bytes(), want) {
				t.Errorf("%s (%s) after other trajectories:\n%s\nalone:\n%s", r.ID, r.Source, sc.Bytes(), want)
			}
		}
	}
}

// aloneResults returns the traced result of every trajectory of files, by
// source, each from a session of its own, as scan writes it.
func aloneResults(t *testing.T, an *analysis.Analyzer, files []string) map[string][]byte {
	t.Helper()
	reg := ingest.DefaultRegistry()
	out := map[string][]byte{}
	for _, f := range files {
		err := (&ingest.Reader{}).ReadFile(f, func(it ingest.Item) error {
			trajs, err := reg.Decode(it.Data, it.Source, "")
			if err != nil {
				t.Fatalf("%s: %v", it.Source, err)
			}
			for i := range trajs {
				s := an.StartTraced(&trajs[i])
				s.ObserveAll()
				r := s.Result()
				b, err := json.Marshal(&r)
				if err != nil {
					t.Fatal(err)
				}
				out[r.Source] = b
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func reversed(s []string) []string {
	r := slices.Clone(s)
	slices.Reverse(r)
	return r
}
