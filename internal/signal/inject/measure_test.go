package inject_test

import (
	"os"
	"testing"

	"github.com/faultline-dev/faultline/internal/bench"
	"github.com/faultline-dev/faultline/internal/signal/inject"
	"github.com/faultline-dev/faultline/internal/signal/model"
	"github.com/faultline-dev/faultline/internal/train"
	"github.com/faultline-dev/faultline/internal/trajectory"
)

const datasetsRoot = "../../../../shared/datasets"

// TestMeasureScorer reports the scorer's AUROC on the injection sets when
// the development datasets are present (go test -run MeasureScorer -v).
func TestMeasureScorer(t *testing.T) {
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
	for _, variant := range []struct {
		name string
		s    *inject.Scorer
	}{{"rules", inject.NewScorer(nil)}, {"rules+model", inject.NewScorer(m)}} {
		for _, ds := range bench.Datasets() {
			if ds.Name != "deepset-prompt-injections" && ds.Name != "bipia" {
				continue
			}
			exs, err := ds.Load(datasetsRoot)
			if err != nil {
				t.Fatal(err)
			}
			var scores []float64
			var labels []bool
			for _, e := range exs {
				var best float64
				for _, msg := range e.Trajectory.Messages {
					if msg.Role == trajectory.RoleUser && ds.Name == "deepset-prompt-injections" || msg.Role == trajectory.RoleTool {
						v, _, _ := variant.s.Max(msg.Content, msg.Role == trajectory.RoleUser)
						best = max(best, v)
					}
				}
				scores = append(scores, best)
				labels = append(labels, e.Positive)
			}
			t.Logf("%-12s %-28s AUROC %.3f", variant.name, ds.Name, bench.AUROC(scores, labels))
		}
	}
}
