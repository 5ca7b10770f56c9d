package builtin_test

import (
	"testing"

	"github.com/faultline-dev/faultline/internal/builtin"
	"github.com/faultline-dev/faultline/internal/detect"
	"github.com/faultline-dev/faultline/internal/signal"
	"github.com/faultline-dev/faultline/internal/signal/model"
	"github.com/faultline-dev/faultline/internal/trajectory"
)

// TestMonitorsReset checks that every built-in detector's monitor can be
// reset for another trajectory (detect.Resetter), so that a scan keeps its
// monitors rather than allocating new ones per trajectory. That a reset
// monitor carries nothing over is the cli package's TestScanCarriesNoState.
func TestMonitorsReset(t *testing.T) {
	models, err := model.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	reg, err := builtin.Detectors()
	if err != nil {
		t.Fatal(err)
	}
	dets, err := reg.Build(&signal.Env{Models: models})
	if err != nil {
		t.Fatal(err)
	}
	set := signal.NewSet(nil)
	for _, d := range dets {
		if _, ok := d.Monitor(&trajectory.Meta{}, set).(detect.Resetter); !ok {
			t.Errorf("the %s monitor is no detect.Resetter", d.ID())
		}
	}
}
