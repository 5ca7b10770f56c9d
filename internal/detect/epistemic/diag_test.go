package epistemic_test

import (
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/faultline-dev/faultline/internal/bench"
	"github.com/faultline-dev/faultline/internal/signal/model"
)

// TestDiag prints, per dataset kind, the epistemic score distribution with
// the embedded models (diagnostic; DIAG=name[,name]).
func TestDiag(t *testing.T) {
	names := os.Getenv("DIAG")
	if names == "" {
		t.Skip("set DIAG")
	}
	ms, err := model.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	a := newAnalyzer(t, ms)
	show := os.Getenv("SHOW")
	for _, ds := range bench.Datasets() {
		if !strings.Contains(","+names+",", ","+ds.Name+",") {
			continue
		}
		ex, err := ds.Load(datasetsRoot)
		if err != nil {
			t.Fatal(err)
		}
		type agg struct{ n, warn, fail int }
		kinds := map[string]*agg{}
		shown := 0
		var sc []float64
		var lab []bool
		for _, e := range ex {
			ss := a.Start(&e.Trajectory)
			ss.ObserveAll()
			r := ss.Result()
			s := r.Scores.EpistemicFailure
			sc = append(sc, s)
			lab = append(lab, e.Positive)
			k := fmt.Sprintf("%s/pos=%v", e.Kind, e.Positive)
			if kinds[k] == nil {
				kinds[k] = &agg{}
			}
			kinds[k].n++
			if s >= 0.5 {
				kinds[k].warn++
			}
			if s >= 0.8 {
				kinds[k].fail++
			}
			if show != "" && s >= 0.5 && strings.Contains(k, show) && shown < 8 {
				shown++
				for _, f := range r.Findings {
					t.Logf("%s %s %.2f %s", k, e.Trajectory.Source, f.Score, f.Summary)
					for _, ev := range f.Evidence {
						t.Logf("   ev t%d %s %.2f %q", ev.Turn, ev.Signal, ev.Weight, ev.Excerpt)
					}
					for _, mm := range e.Trajectory.Messages {
						if mm.Role == "user" {
							t.Logf("   user: %.300q", mm.Content)
							break
						}
					}
					if f.FirstTurn < len(e.Trajectory.Messages) {
						t.Logf("   msg: %.400q", e.Trajectory.Messages[f.FirstTurn].Content)
					}
				}
			}
		}
		keys := make([]string, 0, len(kinds))
		for k := range kinds {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		t.Logf("%s AUROC(epistemic) %.3f", ds.Name, bench.AUROC(sc, lab))
		for _, k := range keys {
			g := kinds[k]
			t.Logf("  %-30s n=%4d warn=%.3f fail=%.3f", k, g.n, float64(g.warn)/float64(g.n), float64(g.fail)/float64(g.n))
		}
	}
}
