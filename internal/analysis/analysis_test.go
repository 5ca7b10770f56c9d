package analysis_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/faultline-dev/faultline/internal/analysis"
	"github.com/faultline-dev/faultline/internal/attribute"
	"github.com/faultline-dev/faultline/internal/detect"
	"github.com/faultline-dev/faultline/internal/finding"
	"github.com/faultline-dev/faultline/internal/plan"
	"github.com/faultline-dev/faultline/internal/signal"
	"github.com/faultline-dev/faultline/internal/taxonomy"
	"github.com/faultline-dev/faultline/internal/trajectory"
)

// shout is a test signal: 1 when a message is all upper case.
type shout struct{}

func (shout) ID() string                            { return "shout" }
func (shout) Track(*trajectory.Meta) signal.Tracker { return shoutTracker{} }

type shoutTracker struct{}

func (shoutTracker) Observe(_ int, m *trajectory.Message) signal.Measurement {
	if m.Content != "" && strings.ToUpper(m.Content) == m.Content {
		return signal.Measurement{Value: 1, Excerpt: m.Content}
	}
	return signal.Measurement{}
}

// shoutDetector reports policy erosion at the first shouting assistant turn
// and context exploitation from shouting user turns.
type shoutDetector struct{}

func (shoutDetector) ID() string { return "test-shout" }
func (shoutDetector) Monitor(_ *trajectory.Meta, set *signal.Set) detect.Monitor {
	return &shoutMonitor{idx: set.Index("shout")}
}

type shoutMonitor struct {
	idx     int
	first   int
	found   bool
	userCtx float64
}

func (m *shoutMonitor) Observe(t signal.Turn) {
	v := t.Values[m.idx]
	if v.Value == 0 {
		return
	}
	switch t.Message.Role {
	case trajectory.RoleAssistant:
		if !m.found {
			m.found, m.first = true, t.Index
		}
	case trajectory.RoleUser:
		m.userCtx = 0.4
	}
}

func (m *shoutMonitor) Findings() []finding.Finding {
	if !m.found {
		return nil
	}
	return []finding.Finding{{Phenomenon: taxonomy.PolicyErosion, Detector: "test-shout", Score: 0.95, FirstTurn: m.first,
		Evidence: []finding.Evidence{{Turn: m.first, Signal: "shout", Excerpt: "!", Weight: 1}}}}
}

func (m *shoutMonitor) ContextExploitation() float64 { return m.userCtx }

// depthRule attributes every finding to policy misgeneralization.
type depthRule struct{}

func (depthRule) ID() string { return "test-depth" }
func (depthRule) Apply(in *attribute.Input) {
	for i := range in.Findings {
		in.Findings[i].Causes = append(in.Findings[i].Causes,
			finding.CauseRef{ID: taxonomy.PolicyMisgeneralization, Confidence: 0.3, Evidence: []string{"a"}},
			finding.CauseRef{ID: taxonomy.PolicyMisgeneralization, Confidence: 0.7, Evidence: []string{"b"}})
	}
}

func newAnalyzer(t *testing.T) *analysis.Analyzer {
	t.Helper()
	tx, err := taxonomy.Default()
	if err != nil {
		t.Fatal(err)
	}
	sigs := signal.NewRegistry()
	if err := sigs.Register("shout", func(*signal.Env) (signal.Signal, error) { return shout{}, nil }); err != nil {
		t.Fatal(err)
	}
	dets := detect.NewRegistry()
	if err := dets.Register("test-shout", func(*signal.Env) (detect.Detector, error) { return shoutDetector{}, nil }); err != nil {
		t.Fatal(err)
	}
	an, err := analysis.New(analysis.Config{Signals: sigs, Detectors: dets,
		Attribution: attribute.NewStage(depthRule{}), Planner: plan.New(tx)})
	if err != nil {
		t.Fatal(err)
	}
	return an
}

func conv(msgs ...string) *trajectory.Trajectory {
	t := &trajectory.Trajectory{ID: "t", Source: "f:1"}
	for i, m := range msgs {
		role := trajectory.RoleUser
		if i%2 == 1 {
			role = trajectory.RoleAssistant
		}
		t.Messages = append(t.Messages, trajectory.Message{Role: role, Content: m})
	}
	return t
}

func TestPipelinePlumbing(t *testing.T) {
	an := newAnalyzer(t)
	tests := []struct {
		name      string
		traj      *trajectory.Trajectory
		verdict   analysis.Verdict
		erosion   float64
		first     int
		misgen    float64
		ctx       float64
		wantPlans bool
	}{
		{name: "clean", traj: conv("hi", "hello"), verdict: analysis.VerdictPass},
		{name: "shouting assistant", traj: conv("hi", "hello", "again", "NO"), verdict: analysis.VerdictFail, erosion: 0.95, first: 3, misgen: 0.7, wantPlans: true},
		{name: "shouting user only", traj: conv("HI", "hello"), verdict: analysis.VerdictPass, ctx: 0.4},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := an.Analyze(tc.traj)
			if r.Verdict != tc.verdict || r.Scores.PolicyErosion != tc.erosion || r.Causes.PolicyMisgeneralization != tc.misgen ||
				r.Causes.ContextWindowExploitation != tc.ctx {
				t.Fatalf("got %+v", r)
			}
			if r.Turns != len(tc.traj.Messages) || r.ID != "t" || r.Source != "f:1" {
				t.Errorf("id/source/turns: %+v", r)
			}
			if tc.erosion == 0 {
				if len(r.Findings) != 0 {
					t.Errorf("findings on a clean trajectory: %+v", r.Findings)
				}
				return
			}
			f := r.Findings[0]
			if f.FirstTurn != tc.first || f.Severity != finding.SeverityCritical {
				t.Errorf("finding: %+v", f)
			}
			if len(f.Causes) != 1 || f.Causes[0].Confidence != 0.7 || len(f.Causes[0].Evidence) != 2 {
				t.Errorf("causes not merged: %+v", f.Causes)
			}
			if tc.wantPlans {
				if len(f.Interventions) == 0 {
					t.Fatal("no interventions planned")
				}
				for i := 1; i < len(f.Interventions); i++ {
					if f.Interventions[i].Priority < f.Interventions[i-1].Priority {
						t.Errorf("interventions not in priority order: %+v", f.Interventions)
					}
				}
			}
		})
	}
}

// TestIncrementalEqualsBatch: observing messages one at a time gives, after
// each message, the result of a batch analysis of that prefix.
func TestIncrementalEqualsBatch(t *testing.T) {
	an := newAnalyzer(t)
	full := conv("hi", "hello", "LOUD", "fine", "x", "NO")
	live := &trajectory.Trajectory{ID: full.ID, Source: full.Source}
	s := an.Start(live)
	for i, m := range full.Messages {
		s.Append(m)
		prefix := &trajectory.Trajectory{ID: full.ID, Source: full.Source, Messages: full.Messages[:i+1]}
		if diff := cmp.Diff(an.Analyze(prefix), s.Result()); diff != "" {
			t.Fatalf("after message %d (-batch +incremental):\n%s", i, diff)
		}
	}
}

func TestThresholds(t *testing.T) {
	th := analysis.DefaultThresholds()
	for _, tc := range []struct {
		score float64
		want  analysis.Verdict
	}{{0, analysis.VerdictPass}, {0.49, analysis.VerdictPass}, {0.5, analysis.VerdictWarn}, {0.8, analysis.VerdictFail}, {1, analysis.VerdictFail}} {
		if got := th.Verdict(tc.score); got != tc.want {
			t.Errorf("Verdict(%g) = %s, want %s", tc.score, got, tc.want)
		}
	}
	tx, _ := taxonomy.Default()
	for _, bad := range []analysis.Thresholds{{Warn: 0.9, Fail: 0.5}, {Warn: -1, Fail: 0.5}, {Warn: 0.5, Fail: 2}} {
		if _, err := analysis.New(analysis.Config{Planner: plan.New(tx), Thresholds: bad}); err == nil {
			t.Errorf("thresholds %+v accepted", bad)
		}
	}
}

func TestRegistriesRejectDuplicates(t *testing.T) {
	sigs := signal.NewRegistry()
	_ = sigs.Register("a", func(*signal.Env) (signal.Signal, error) { return shout{}, nil })
	if err := sigs.Register("a", func(*signal.Env) (signal.Signal, error) { return shout{}, nil }); err == nil {
		t.Error("duplicate signal accepted")
	}
	dets := detect.NewRegistry()
	_ = dets.Register("d", func(*signal.Env) (detect.Detector, error) { return shoutDetector{}, nil })
	if err := dets.Register("d", func(*signal.Env) (detect.Detector, error) { return shoutDetector{}, nil }); err == nil {
		t.Error("duplicate detector accepted")
	}
	if got := dets.IDs(); len(got) != 1 || got[0] != "d" {
		t.Errorf("IDs = %v", got)
	}
}
