package bench

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// realRoot returns the shared datasets folder beside the checkout, or skips.
func realRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", "..", "..", "shared", "datasets"))
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(root); err != nil || !fi.IsDir() {
		t.Skipf("no development datasets at %s", root)
	}
	return root
}

// TestRealDatasets loads every adapter on the real datasets, when they are
// present, and checks the counts against the datasets' README.
func TestRealDatasets(t *testing.T) {
	root := realRoot(t)
	// Expected number of examples (exact where the README fixes it) and
	// allowed relative slack.
	want := map[string]struct {
		n     int
		slack float64
	}{
		"agentdojo-traces":                {9 * 194, 0},
		"jailbreakbench-artifacts":        {1800, 0.15}, // minus null prompts
		"hh-rlhf-harmless-test":           {2 * 2312, 0},
		"diasafety":                       {1095, 0.05}, // test split of 11,209
		"sycon-bench-debate":              {600, 0.05},  // minus ToF 0
		"begin":                           {1229, 0.1},  // minus Generic
		"halueval-general":                {2250, 0.1},
		"truthfulqa-judge-labels":         {22434, 0},
		"deepset-prompt-injections":       {116, 0},
		"deepset-prompt-injections-train": {546, 0},
		"bipia":                           {400, 0},
		"bipia-train":                     {200, 0},
		"rhw-bench":                       {1960, 0.1}, // README's ~1,960 counts the 101 copies under results/, not read
		"coconot":                         {1001 + 379, 0},
		"mt-bench-101":                    {690, 0.05},
	}
	for _, d := range Datasets() {
		t.Run(d.Name, func(t *testing.T) {
			ex, skips, err := d.Scan(root)
			if err != nil {
				t.Fatal(err)
			}
			w, ok := want[d.Name]
			if !ok {
				t.Fatalf("no expected count for %s", d.Name)
			}
			if diff := float64(len(ex) - w.n); diff > w.slack*float64(w.n) || -diff > w.slack*float64(w.n) {
				t.Errorf("%d examples, want %d (±%.0f%%)", len(ex), w.n, 100*w.slack)
			}
			pos := 0
			groups := map[string]int{}
			ids := map[string]bool{}
			for _, e := range ex {
				checkExample(t, e)
				if e.Positive {
					pos++
				}
				groups[e.Group]++
				if ids[e.Trajectory.ID] {
					t.Errorf("duplicate ID %s", e.Trajectory.ID)
				}
				ids[e.Trajectory.ID] = true
			}
			if d.Name == "mt-bench-101" {
				if pos != 0 {
					t.Errorf("%d positives in a benign set", pos)
				}
			} else if pos == 0 || pos == len(ex) {
				t.Errorf("one class only: %d positives of %d", pos, len(ex))
			}
			t.Logf("%s: n=%d positives=%d groups=%d %s skipped=%v", d.Name, len(ex), pos, len(groups), groupSummary(groups), skips)
		})
	}
}

// checkExample checks what every example of every adapter must satisfy.
func checkExample(t *testing.T, e Example) {
	t.Helper()
	tr := e.Trajectory
	if len(tr.Messages) == 0 {
		t.Errorf("%s: no messages", tr.ID)
	}
	if tr.ID == "" || tr.Source == "" || e.Group == "" {
		t.Errorf("%q: ID, Source or Group missing (source %q, group %q)", tr.ID, tr.Source, e.Group)
	}
	for i, m := range tr.Messages {
		if !m.Role.Valid() {
			t.Errorf("%s: message %d has role %q", tr.ID, i, m.Role)
		}
	}
}

func groupSummary(groups map[string]int) string {
	names := make([]string, 0, len(groups))
	for g := range groups {
		names = append(names, g)
	}
	sort.Strings(names)
	if len(names) > 12 {
		names = append(names[:12], "...")
	}
	return "[" + strings.Join(names, ", ") + "]"
}
