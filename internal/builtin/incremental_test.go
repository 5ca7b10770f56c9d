package builtin_test

import (
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/faultline-dev/faultline/internal/analysis"
	"github.com/faultline-dev/faultline/internal/attribute"
	"github.com/faultline-dev/faultline/internal/builtin"
	"github.com/faultline-dev/faultline/internal/ingest/fixture"
	"github.com/faultline-dev/faultline/internal/plan"
	"github.com/faultline-dev/faultline/internal/signal"
	"github.com/faultline-dev/faultline/internal/signal/model"
	"github.com/faultline-dev/faultline/internal/taxonomy"
	"github.com/faultline-dev/faultline/internal/trajectory"
)

// TestIncrementalResults: the result read after every appended message (as
// the gateway does) equals the result of analysing that prefix from
// scratch, with the default attribution rules, on every fixture and
// example; and changing a returned result does not change the next one.
func TestIncrementalResults(t *testing.T) {
	models, err := model.Builtin()
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
	tx, err := taxonomy.Default()
	if err != nil {
		t.Fatal(err)
	}
	an, err := analysis.New(analysis.Config{Signals: sigs, Detectors: dets, Env: &signal.Env{Models: models},
		Attribution: attribute.NewStage(attribute.DefaultRules(nil)...), Planner: plan.New(tx)})
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob("testdata/*.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	examples, err := filepath.Glob("../../examples/*.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	trajs := fixture.Trajectories(t, append(files, examples...)...)
	for i := range trajs {
		full := &trajs[i]
		s := an.Start(&trajectory.Trajectory{ID: full.ID, Source: full.Source, Meta: full.Meta})
		for k, m := range full.Messages {
			s.Append(m)
			got := s.Result()
			want := an.Analyze(&trajectory.Trajectory{ID: full.ID, Source: full.Source, Meta: full.Meta,
				Messages: append([]trajectory.Message(nil), full.Messages[:k+1]...)})
			if d := cmp.Diff(want, got); d != "" {
				t.Fatalf("%s after message %d: incremental result differs (-batch +incremental):\n%s", full.ID, k, d)
			}
			for j := range got.Findings {
				// A caller that edits its copy must not change the next result.
				got.Findings[j].Score = -1
				for c := range got.Findings[j].Causes {
					got.Findings[j].Causes[c].Confidence = -1
					for e := range got.Findings[j].Causes[c].Evidence {
						got.Findings[j].Causes[c].Evidence[e] = "edited"
					}
				}
				for e := range got.Findings[j].Evidence {
					got.Findings[j].Evidence[e].Excerpt = "edited"
				}
				for v := range got.Findings[j].Interventions {
					got.Findings[j].Interventions[v].ID = "edited"
				}
			}
			n++
		}
	}
	t.Logf("%d results", n)
	if n == 0 {
		t.Fatal("no trajectories")
	}
}
