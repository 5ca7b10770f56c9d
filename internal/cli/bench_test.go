package cli

import (
	"strings"
	"testing"

	"github.com/faultline-dev/faultline/internal/bench"
)

func TestCheckFloors(t *testing.T) {
	v := func(f float64) *float64 { return &f }
	results := []bench.Result{
		{Dataset: "a", AUROC: v(0.91), FailRate: v(0.02)},
		{Dataset: "b", AUROC: nil},
	}
	floors := map[string]map[string]float64{
		"a":       {"auroc": 0.90, "benign_fail_rate_max": 0.01},
		"b":       {"auroc": 0.5},
		"not-run": {"auroc": 0.99},
	}
	got := strings.Join(checkFloors(results, floors), "\n")
	want := "a benign_fail_rate = 0.020 > 0.010\nb auroc: not measured"
	if got != want {
		t.Errorf("checkFloors:\n%s\nwant:\n%s", got, want)
	}
	if bad := checkFloors(results, map[string]map[string]float64{"a": {"auroc": 0.9}}); len(bad) != 0 {
		t.Errorf("met floor reported: %v", bad)
	}
}
