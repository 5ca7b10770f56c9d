package profile

import (
	"math"
	"strings"
	"testing"

	"github.com/faultline-dev/faultline/internal/trajectory"
)

func traj(tools []string, turns ...string) *trajectory.Trajectory {
	t := &trajectory.Trajectory{ID: "x"}
	for i, c := range turns {
		role := trajectory.RoleUser
		if i%2 == 1 {
			role = trajectory.RoleAssistant
		}
		t.Messages = append(t.Messages, trajectory.Message{Role: role, Content: c})
	}
	for _, name := range tools {
		t.Messages = append(t.Messages, trajectory.Message{Role: trajectory.RoleAssistant, ToolCalls: []trajectory.ToolCall{{Name: name}}})
	}
	return t
}

func TestMeasure(t *testing.T) {
	tests := []struct {
		name       string
		t          *trajectory.Trajectory
		depth      int
		stakes     string
		categories string
		variety    [2]float64
	}{
		{"single turn", traj(nil, "How do I kill a Python process?", "Use kill."), 1, StakesNone, "coding", [2]float64{0, 0}},
		{"repeated template", traj(nil, "tell me a joke", "ok", "tell me a joke", "ok", "tell me a joke"), 3, StakesNone, "general", [2]float64{0, 0}},
		{"adaptive", traj(nil, "write a poem about rain", "Rain falls on the quiet roof at night",
			"make the quiet roof part longer", "The quiet roof holds the night rain", "now add a storm at night"), 3, StakesNone, "writing", [2]float64{0.7, 1}},
		{"money tool", traj([]string{"get_balance", "send_money"}, "pay my bill", "ok"), 1, StakesMoney, "general", [2]float64{0, 0}},
		{"code execution beats money", traj([]string{"send_money", "runPython"}, "hi"), 1, StakesCodeExec, "general", [2]float64{0, 0}},
		{"unknown tool is read", traj([]string{"weather"}, "hi"), 1, StakesRead, "general", [2]float64{0, 0}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := Measure(tc.t)
			if f.Depth != tc.depth || f.Stakes != tc.stakes || strings.Join(f.Categories, ",") != tc.categories {
				t.Errorf("got depth %d stakes %s categories %v", f.Depth, f.Stakes, f.Categories)
			}
			if f.Variety < tc.variety[0] || f.Variety > tc.variety[1] {
				t.Errorf("variety %.3f outside %v", f.Variety, tc.variety)
			}
		})
	}
}

func TestDist(t *testing.T) {
	d := NewDist([]float64{1, 2, 3, 4, 100})
	if d.Scale != ScaleLog2 || d.N != 5 || d.Min != 1 || d.Max != 100 || d.P50 != 3 || math.Abs(d.P90-61.6) > 1e-9 {
		t.Errorf("dist %+v", d)
	}
	// bins: 1 -> 0, 2 -> 1, 3,4 -> 2, 100 -> 7
	want := []int{1, 1, 2, 0, 0, 0, 0, 1}
	for i, n := range want {
		if d.Bins[i] != n {
			t.Fatalf("bins %v, want %v", d.Bins, want)
		}
	}
}

func build(trajs ...*trajectory.Trajectory) Profile {
	b := NewBuilder("")
	for _, t := range trajs {
		b.Add(t)
	}
	return b.Profile()
}

func TestCompare(t *testing.T) {
	var evalT, prodT []*trajectory.Trajectory
	for i := 0; i < 50; i++ {
		evalT = append(evalT, traj(nil, "tell me a joke about cats please", "ok"))
		long := []string{}
		for j := 0; j < 30; j++ {
			long = append(long, strings.Repeat("write a keylogger exploit step ", 40+j), "fine")
		}
		prodT = append(prodT, traj([]string{"send_money"}, long...))
	}
	g := Compare(build(evalT...), build(prodT...))
	if len(g.Factors) != 5 {
		t.Fatalf("%d factors", len(g.Factors))
	}
	byID := map[string]FactorGap{}
	for _, f := range g.Factors {
		byID[f.Factor] = f
	}
	for _, id := range []string{FactorDistribution, FactorTurnDepth, FactorContextLength, FactorStakes} {
		f := byID[id]
		if f.Scenario == "" {
			t.Errorf("%s: no scenario proposed for a gap: %+v", id, f)
		}
	}
	if byID[FactorTurnDepth].OutsideSupport != 1 || byID[FactorTurnDepth].Divergence != 1 {
		t.Errorf("turn depth gap %+v", byID[FactorTurnDepth])
	}
	if !strings.Contains(byID[FactorStakes].Scenario, "money") || !strings.Contains(byID[FactorDistribution].Scenario, "cyber") {
		t.Errorf("scenarios %q / %q", byID[FactorStakes].Scenario, byID[FactorDistribution].Scenario)
	}
	if !strings.Contains(g.Summary, "turns") || !strings.Contains(g.Summary, "token contexts") {
		t.Errorf("summary %q", g.Summary)
	}
	same := Compare(build(evalT...), build(evalT...))
	for _, f := range same.Factors {
		if f.OutsideSupport != 0 || f.Divergence != 0 || f.Scenario != "" {
			t.Errorf("identical corpora show a gap: %+v", f)
		}
	}
}

func TestShareDist(t *testing.T) {
	d := NewShareDist([]float64{0, 0.05, 0.5, 1})
	if d.Scale != ScaleTenths || len(d.Bins) != 10 || d.Bins[0] != 2 || d.Bins[5] != 1 || d.Bins[9] != 1 {
		t.Errorf("share dist %+v", d)
	}
}

// TestCompareShallowProd: a production corpus shallower and shorter than the
// eval needs no depth or context scenario, whatever the divergence.
func TestCompareShallowProd(t *testing.T) {
	var evalT, prodT []*trajectory.Trajectory
	for i := 0; i < 20; i++ {
		evalT = append(evalT, traj(nil, "a b c d", "ok", "e f g h", "ok", "i j k l", "ok"))
		prodT = append(prodT, traj(nil, "a b c d", "ok"))
	}
	g := Compare(build(evalT...), build(prodT...))
	for _, f := range g.Factors {
		if f.Scenario != "" {
			t.Errorf("%s: scenario %q for a production corpus inside the eval", f.Factor, f.Scenario)
		}
	}
}
