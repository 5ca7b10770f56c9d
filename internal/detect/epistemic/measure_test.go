package epistemic_test

import (
	"os"
	"sort"
	"testing"

	"github.com/faultline-dev/faultline/internal/analysis"
	"github.com/faultline-dev/faultline/internal/bench"
	"github.com/faultline-dev/faultline/internal/detect"
	"github.com/faultline-dev/faultline/internal/detect/epistemic"
	"github.com/faultline-dev/faultline/internal/plan"
	"github.com/faultline-dev/faultline/internal/signal"
	"github.com/faultline-dev/faultline/internal/signal/grounding"
	"github.com/faultline-dev/faultline/internal/signal/model"
	"github.com/faultline-dev/faultline/internal/taxonomy"
	"github.com/faultline-dev/faultline/internal/train"
)

const datasetsRoot = "../../../../shared/datasets"

// TestMeasureDatasets prints, for the epistemic datasets, where the detector's
// warn-level findings come from (in-sample models: a diagnostic, not the
// benchmark; `faultline bench` gives the out-of-group numbers). Run with
// MEASURE=1 go test -run TestMeasureDatasets -v.
func TestMeasureDatasets(t *testing.T) {
	if os.Getenv("MEASURE") == "" {
		t.Skip("set MEASURE=1")
	}
	if _, err := os.Stat(datasetsRoot); err != nil {
		t.Skip("no datasets")
	}
	models, err := train.Models([]train.Spec{train.GroundingSpec(), train.OpenSpec()}, datasetsRoot, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	a := newAnalyzer(t, model.NewSet(models...))
	for _, ds := range bench.Datasets() {
		if ds.Name != "mt-bench-101" && ds.Name != "begin" {
			continue
		}
		ex, err := ds.Load(datasetsRoot)
		if err != nil {
			t.Fatal(err)
		}
		kinds := map[string]int{}
		shown := 0
		var sc, ug []float64
		var lab []bool
		for _, e := range ex {
			ss := a.Start(&e.Trajectory)
			ss.ObserveAll()
			r := ss.Result()
			p, _ := ss.SignalPeak(grounding.UngroundedID)
			ug = append(ug, p)
			sc = append(sc, r.Scores.Max())
			lab = append(lab, e.Positive)
			for _, f := range r.Findings {
				if f.Score >= 0.5 && !e.Positive {
					kinds[f.Summary[:30]]++
					if shown < 6 && ds.Name == "mt-bench-101" {
						shown++
						t.Logf("%s %.2f %s %+v", e.Group, f.Score, f.Summary, f.Evidence)
					}
				}
			}
		}
		if ds.Name == "begin" {
			t.Logf("begin in-sample AUROC detector %.3f ungrounded peak %.3f", bench.AUROC(sc, lab), bench.AUROC(ug, lab))
		}
		keys := make([]string, 0, len(kinds))
		for k := range kinds {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			t.Logf("%s negatives warned: %q %d", ds.Name, k, kinds[k])
		}
	}
}

func newAnalyzer(t testing.TB, models *model.Set) *analysis.Analyzer {
	t.Helper()
	sr := signal.NewRegistry()
	for _, e := range []struct {
		id string
		c  signal.Constructor
	}{
		{grounding.UngroundedID, grounding.NewUngrounded},
		{grounding.FabricatedReferenceID, grounding.NewFabricatedReference},
		{grounding.CertaintyID, grounding.NewCertainty},
		{grounding.ToolErrorIgnoredID, grounding.NewToolErrorIgnored},
		{grounding.SelfContradictionID, grounding.NewSelfContradiction},
	} {
		if err := sr.Register(e.id, e.c); err != nil {
			t.Fatal(err)
		}
	}
	dr := detect.NewRegistry()
	if err := dr.Register(epistemic.ID, epistemic.New); err != nil {
		t.Fatal(err)
	}
	tx, err := taxonomy.Default()
	if err != nil {
		t.Fatal(err)
	}
	a, err := analysis.New(analysis.Config{Signals: sr, Detectors: dr, Env: &signal.Env{Models: models}, Planner: plan.New(tx)})
	if err != nil {
		t.Fatal(err)
	}
	return a
}
