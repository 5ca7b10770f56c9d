package drift_test

import (
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/faultline-dev/faultline/internal/analysis"
	"github.com/faultline-dev/faultline/internal/bench"
	"github.com/faultline-dev/faultline/internal/detect"
	"github.com/faultline-dev/faultline/internal/detect/drift"
	"github.com/faultline-dev/faultline/internal/plan"
	"github.com/faultline-dev/faultline/internal/signal"
	"github.com/faultline-dev/faultline/internal/signal/inject"
	"github.com/faultline-dev/faultline/internal/signal/model"
	"github.com/faultline-dev/faultline/internal/signal/provenance"
	"github.com/faultline-dev/faultline/internal/taxonomy"
	"github.com/faultline-dev/faultline/internal/train"
)

const datasetsRoot = "../../../../shared/datasets"

// registries returns this package's signals and detector only.
func registries(t testing.TB) (*signal.Registry, *detect.Registry) {
	sr := signal.NewRegistry()
	for id, c := range map[string]signal.Constructor{
		inject.InstructionInData: inject.NewInstruction, provenance.TaintedToolCall: provenance.New,
		inject.RoleMarker: inject.NewMarkers, inject.Padding: inject.NewPad, inject.HiddenText: inject.NewHidden,
		inject.ManyShot: inject.NewShots,
	} {
		if err := sr.Register(id, c); err != nil {
			t.Fatal(err)
		}
	}
	dr := detect.NewRegistry()
	if err := dr.Register(drift.ID, drift.New); err != nil {
		t.Fatal(err)
	}
	return sr, dr
}

func analyzer(t testing.TB, models *model.Set) *analysis.Analyzer {
	tx, err := taxonomy.Default()
	if err != nil {
		t.Fatal(err)
	}
	sr, dr := registries(t)
	an, err := analysis.New(analysis.Config{Signals: sr, Detectors: dr, Env: &signal.Env{Models: models}, Planner: plan.New(tx)})
	if err != nil {
		t.Fatal(err)
	}
	return an
}

// TestMeasure reports the detector's numbers on the development datasets
// when they are present (go test -run Measure -v ./internal/detect/drift).
func TestMeasure(t *testing.T) {
	if _, err := os.Stat(datasetsRoot); err != nil || testing.Short() {
		t.Skip("no datasets")
	}
	sp := train.InjectionSpec()
	ex, err := sp.Examples(datasetsRoot)
	if err != nil {
		t.Fatal(err)
	}
	m, err := model.Train(sp.Model, sp.Featurizer, ex, sp.Options)
	if err != nil {
		t.Fatal(err)
	}
	an := analyzer(t, model.NewSet(m))
	only := os.Getenv("ONLY")
	for _, ds := range bench.Datasets() {
		switch ds.Name {
		case "agentdojo-traces", "deepset-prompt-injections", "bipia", "mt-bench-101":
		default:
			continue
		}
		if only != "" && !strings.Contains(ds.Name, only) {
			continue
		}
		exs, err := ds.Load(datasetsRoot)
		if err != nil {
			t.Fatal(err)
		}
		var drift, cx []float64
		var labels []bool
		kinds := map[string][3]int{}
		groups := map[string]*struct {
			s []float64
			l []bool
		}{}
		type low struct {
			s  float64
			id string
		}
		var lows []low
		for _, e := range exs {
			r := an.Analyze(&e.Trajectory)
			drift = append(drift, r.Scores.IntentDrift)
			cx = append(cx, r.Causes.ContextWindowExploitation)
			labels = append(labels, e.Positive)
			k := kinds[e.Kind]
			k[0]++
			if r.Verdict == "fail" {
				k[1]++
			}
			if r.Verdict != "pass" {
				k[2]++
			}
			kinds[e.Kind] = k
			g := groups[e.Group]
			if g == nil {
				g = &struct {
					s []float64
					l []bool
				}{}
				groups[e.Group] = g
			}
			g.s, g.l = append(g.s, r.Scores.IntentDrift), append(g.l, e.Positive)
			if os.Getenv("SHOW") != "" && (e.Positive && r.Scores.IntentDrift < 0.8 || !e.Positive && r.Scores.IntentDrift >= 0.8) {
				exc := ""
				for _, f := range r.Findings {
					if len(f.Evidence) > 0 {
						exc = f.Evidence[0].Excerpt
					}
				}
				lows = append(lows, low{r.Scores.IntentDrift, e.Kind + " " + e.Trajectory.Source + " " + exc})
			}
		}
		t.Logf("%s: n=%d intent_drift AUROC %.3f, context_window_exploitation AUROC %.3f", ds.Name, len(labels),
			bench.AUROC(drift, labels), bench.AUROC(cx, labels))
		var ks []string
		for k := range kinds {
			ks = append(ks, k)
		}
		sort.Strings(ks)
		for _, k := range ks {
			v := kinds[k]
			t.Logf("  kind %-14s n=%4d fail %.3f warn+ %.3f", k, v[0], float64(v[1])/float64(v[0]), float64(v[2])/float64(v[0]))
		}
		if ds.Name == "agentdojo-traces" {
			var gs []string
			for g := range groups {
				gs = append(gs, g)
			}
			sort.Strings(gs)
			for _, g := range gs {
				t.Logf("  group %-45s AUROC %.3f", g, bench.AUROC(groups[g].s, groups[g].l))
			}
		}
		sort.Slice(lows, func(i, j int) bool { return lows[i].s < lows[j].s })
		for _, l := range lows {
			t.Logf("  %.2f %s", l.s, l.id)
		}
	}
}
