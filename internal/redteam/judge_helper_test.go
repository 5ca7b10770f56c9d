package redteam

import (
	"testing"

	"github.com/faultline-dev/faultline/internal/analysis"
	"github.com/faultline-dev/faultline/internal/attribute"
	"github.com/faultline-dev/faultline/internal/builtin"
	"github.com/faultline-dev/faultline/internal/plan"
	"github.com/faultline-dev/faultline/internal/signal"
	"github.com/faultline-dev/faultline/internal/signal/model"
	"github.com/faultline-dev/faultline/internal/taxonomy"
)

// testAnalyzer builds the default pipeline as internal/cli does.
func testAnalyzer(t testing.TB) *analysis.Analyzer {
	t.Helper()
	tx, err := taxonomy.Default()
	if err != nil {
		t.Fatal(err)
	}
	sigs, err := builtin.Signals()
	if err != nil {
		t.Fatal(err)
	}
	dets, err := builtin.Detectors()
	if err != nil {
		t.Fatal(err)
	}
	models, err := model.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	an, err := analysis.New(analysis.Config{Signals: sigs, Detectors: dets, Env: &signal.Env{Models: models},
		Attribution: attribute.NewStage(attribute.DefaultRules(nil)...), Planner: plan.New(tx)})
	if err != nil {
		t.Fatal(err)
	}
	return an
}
