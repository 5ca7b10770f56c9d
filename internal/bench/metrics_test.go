package bench

import (
	"math"
	"testing"
)

func closeTo(got, want float64) bool {
	if math.IsNaN(want) {
		return math.IsNaN(got)
	}
	return math.Abs(got-want) < 1e-9
}

func TestAUROC(t *testing.T) {
	tests := []struct {
		name   string
		scores []float64
		labels []bool
		want   float64
	}{
		// sklearn's roc_auc_score documentation example.
		{"sklearn example", []float64{0.1, 0.4, 0.35, 0.8}, []bool{false, false, true, true}, 0.75},
		{"perfect", []float64{1, 2, 3, 4}, []bool{false, false, true, true}, 1},
		{"inverted", []float64{4, 3, 2, 1}, []bool{false, false, true, true}, 0},
		{"all tied", []float64{0.5, 0.5, 0.5, 0.5}, []bool{false, true, false, true}, 0.5},
		// pos 0.5 beats 0.2 and ties 0.5 (1.5), pos 0.9 beats both (2): 3.5/4.
		{"partial tie", []float64{0.2, 0.5, 0.5, 0.9}, []bool{false, false, true, true}, 0.875},
		// 3 positives x 2 negatives; pos 0.7 beats 0.3 only, others beat both: 5/6.
		{"unbalanced", []float64{0.3, 0.9, 0.7, 0.8, 0.75}, []bool{false, true, true, true, false}, 5.0 / 6},
		{"no negatives", []float64{1, 2}, []bool{true, true}, math.NaN()},
		{"no positives", []float64{1, 2}, []bool{false, false}, math.NaN()},
		{"empty", nil, nil, math.NaN()},
		{"length mismatch", []float64{1, 2}, []bool{true}, math.NaN()},
		{"NaN ranks lowest", []float64{math.NaN(), 0.1}, []bool{false, true}, 1},
	}
	for _, tc := range tests {
		if got := AUROC(tc.scores, tc.labels); !closeTo(got, tc.want) {
			t.Errorf("%s: AUROC = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestPRAUC(t *testing.T) {
	tests := []struct {
		name   string
		scores []float64
		labels []bool
		want   float64
	}{
		// 0.8 T: P 1, R .5; 0.4 F; 0.35 T: P 2/3, R 1 → .5 + .5*2/3 (sklearn: 0.8333).
		{"sklearn example", []float64{0.1, 0.4, 0.35, 0.8}, []bool{false, false, true, true}, 0.5 + 1.0/3},
		{"perfect", []float64{1, 2, 3, 4}, []bool{false, false, true, true}, 1},
		// one threshold: precision 1/4 at recall 1.
		{"all tied", []float64{0.5, 0.5, 0.5, 0.5}, []bool{true, false, false, false}, 0.25},
		// 0.9 T: P 1, ΔR .5; the tie at 0.8 (F and T): P 2/3, ΔR .5.
		{"tie at a threshold", []float64{0.9, 0.8, 0.8, 0.1}, []bool{true, false, true, false}, 0.5 + 1.0/3},
		// worst order: positive last of 4 → P 1/4.
		{"positive last", []float64{4, 3, 2, 1}, []bool{false, false, false, true}, 0.25},
		{"all positive", []float64{1, 2}, []bool{true, true}, 1},
		{"no positives", []float64{1, 2}, []bool{false, false}, math.NaN()},
		{"length mismatch", []float64{1}, nil, math.NaN()},
	}
	for _, tc := range tests {
		if got := PRAUC(tc.scores, tc.labels); !closeTo(got, tc.want) {
			t.Errorf("%s: PRAUC = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestRecallFPR(t *testing.T) {
	scores := []float64{0.1, 0.4, 0.35, 0.8}
	labels := []bool{false, false, true, true}
	tests := []struct {
		threshold, recall, fpr float64
	}{
		{0.4, 0.5, 0.5}, // flags 0.4 (neg) and 0.8 (pos): at-or-above
		{0.35, 1, 0.5},
		{0.05, 1, 1},
		{0.9, 0, 0},
	}
	for _, tc := range tests {
		r, f := RecallFPR(scores, labels, tc.threshold)
		if !closeTo(r, tc.recall) || !closeTo(f, tc.fpr) {
			t.Errorf("threshold %v: recall, fpr = %v, %v; want %v, %v", tc.threshold, r, f, tc.recall, tc.fpr)
		}
	}
	if r, f := RecallFPR([]float64{1, 0}, []bool{true, true}, 0.5); !closeTo(r, 0.5) || !math.IsNaN(f) {
		t.Errorf("no negatives: recall, fpr = %v, %v; want 0.5, NaN", r, f)
	}
}

func TestPairwiseAccuracy(t *testing.T) {
	tests := []struct {
		name  string
		pairs []ScorePair
		want  float64
	}{
		{"win loss tie", []ScorePair{{1, 0}, {0, 1}, {0.5, 0.5}}, 0.5},
		{"all wins", []ScorePair{{2, 1}, {0.3, 0.2}}, 1},
		{"tie only", []ScorePair{{1, 1}}, 0.5},
		{"three of four", []ScorePair{{2, 1}, {3, 1}, {1, 0}, {0, 1}}, 0.75},
		{"empty", nil, math.NaN()},
	}
	for _, tc := range tests {
		if got := PairwiseAccuracy(tc.pairs); !closeTo(got, tc.want) {
			t.Errorf("%s: PairwiseAccuracy = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestBootstrapCI(t *testing.T) {
	scores := []float64{0.1, 0.2, 0.3, 0.35, 0.4, 0.5, 0.55, 0.6, 0.7, 0.8, 0.9, 0.95}
	labels := []bool{false, false, true, false, false, true, false, true, true, false, true, true}
	point := AUROC(scores, labels)
	lo, hi := BootstrapCI(scores, labels, AUROC, 500, 0.95, 7)
	if !(lo <= point && point <= hi && lo < hi) {
		t.Errorf("interval [%v, %v] does not bracket AUROC %v", lo, hi, point)
	}
	if lo2, hi2 := BootstrapCI(scores, labels, AUROC, 500, 0.95, 7); lo2 != lo || hi2 != hi {
		t.Errorf("same seed gave [%v, %v] then [%v, %v]", lo, hi, lo2, hi2)
	}
	// Perfectly separated: every resample has AUROC 1.
	if lo, hi := BootstrapCI([]float64{1, 2, 3, 4}, []bool{false, false, true, true}, AUROC, 100, 0.9, 1); lo != 1 || hi != 1 {
		t.Errorf("separated: [%v, %v], want [1, 1]", lo, hi)
	}
	// One class only: every resample is NaN.
	if lo, hi := BootstrapCI([]float64{1, 2}, []bool{true, true}, AUROC, 10, 0.9, 1); !math.IsNaN(lo) || !math.IsNaN(hi) {
		t.Errorf("one class: [%v, %v], want NaN", lo, hi)
	}
	if lo, _ := BootstrapCI(scores, labels, AUROC, 10, 1.5, 1); !math.IsNaN(lo) {
		t.Errorf("level 1.5 accepted")
	}
}

func TestQuantile(t *testing.T) {
	v := []float64{1, 2, 3, 4, 5}
	for _, tc := range []struct{ q, want float64 }{{0, 1}, {0.5, 3}, {0.25, 2}, {0.1, 1.4}, {1, 5}} {
		if got := quantile(v, tc.q); !closeTo(got, tc.want) {
			t.Errorf("quantile(%v) = %v, want %v", tc.q, got, tc.want)
		}
	}
}
