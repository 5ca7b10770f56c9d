package bench

import (
	"strings"
	"testing"

	"github.com/faultline-dev/faultline/internal/analysis"
	"github.com/faultline-dev/faultline/internal/plan"
	"github.com/faultline-dev/faultline/internal/signal/model"
	"github.com/faultline-dev/faultline/internal/taxonomy"
)

// fakeRetrainer records the groups it was asked to leave out.
type fakeRetrainer struct {
	dataset string
	calls   []string
}

func (f *fakeRetrainer) TrainedOn(d string) bool { return d == f.dataset }
func (f *fakeRetrainer) Without(d, g string) (*model.Set, error) {
	f.calls = append(f.calls, d+"/"+g)
	return model.NewSet(), nil
}

func TestRunValidation(t *testing.T) {
	tx, err := taxonomy.Default()
	if err != nil {
		t.Fatal(err)
	}
	newAn := func(*model.Set) (*analysis.Analyzer, error) {
		return analysis.New(analysis.Config{Planner: plan.New(tx)})
	}
	for _, tc := range []struct {
		dataset, trainedOn, wantValidation string
		wantCalls                          int
	}{
		{"diasafety", "", "not trained on", 0},
		{"diasafety", "diasafety", "out-of-group", -1}, // one call per group
		{"hh-rlhf-harmless-test", "hh-rlhf-harmless-test", "in-sample", 0},
	} {
		t.Run(tc.dataset+"/"+tc.trainedOn, func(t *testing.T) {
			rt := &fakeRetrainer{dataset: tc.trainedOn}
			res, err := Run(RunOptions{Root: "testdata/datasets", Only: []string{tc.dataset}, NewAnalyzer: newAn, Retrainer: rt})
			if err != nil {
				t.Fatal(err)
			}
			r := res[0]
			if !strings.HasPrefix(r.Validation, tc.wantValidation) {
				t.Errorf("validation %q, want %q...", r.Validation, tc.wantValidation)
			}
			want := tc.wantCalls
			if want < 0 {
				want = r.Groups
			}
			if len(rt.calls) != want {
				t.Errorf("%d retrainings %v, want %d", len(rt.calls), rt.calls, want)
			}
			if r.N == 0 || r.AUROC == nil && r.Positives > 0 && r.Positives < r.N {
				t.Errorf("result %+v", r)
			}
			if tc.dataset == "hh-rlhf-harmless-test" && (r.PairAccuracy == nil || *r.PairAccuracy != 0.5) {
				t.Errorf("all-zero scores must give pair accuracy 0.5 (ties count half), got %v", r.PairAccuracy)
			}
		})
	}
	if _, err := Run(RunOptions{Root: "testdata/datasets", Only: []string{"nope"}, NewAnalyzer: newAn}); err == nil {
		t.Error("unknown dataset accepted")
	}
}

// TestSummarizeBreakdowns checks the per-kind and per-group AUROCs and the
// Scored callback on a hand-made result.
func TestSummarizeBreakdowns(t *testing.T) {
	ex := []Example{
		{Positive: true, Group: "a", Kind: "k1"}, {Positive: true, Group: "a", Kind: "k2"},
		{Positive: false, Group: "a", Kind: "c"}, {Positive: true, Group: "b", Kind: "k1"},
		{Positive: false, Group: "b", Kind: "c"},
	}
	// k1 positives outrank every negative; k2 is below both negatives.
	sc := []scored{{score: 0.9}, {score: 0.1}, {score: 0.5}, {score: 0.8}, {score: 0.6}}
	var r Result
	summarize(&r, Dataset{Signal: "request_harm"}, ex, sc)
	for kind, want := range map[string]float64{"k1": 1, "k2": 0} {
		if got := r.ByKind[kind].AUROC; got == nil || *got != want {
			t.Errorf("kind %s auroc %v, want %v", kind, got, want)
		}
	}
	if r.ByKind["c"].AUROC != nil {
		t.Errorf("negative-only kind has an AUROC")
	}
	if got := r.ByKind["k1"].FailRate; got != 1 {
		t.Errorf("k1 flagged rate %v, want 1 (scores >= 0.5)", got)
	}
	if g := r.ByGroup["a"]; g.N != 3 || g.Positives != 2 || g.AUROC != 0.5 {
		t.Errorf("group a %+v, want n=3 pos=2 auroc=0.5", g)
	}
	if g := r.ByGroup["b"]; g.AUROC != 1 {
		t.Errorf("group b %+v, want auroc 1", g)
	}
}
