package erosion_test

import (
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/faultline-dev/faultline/internal/bench"
	"github.com/faultline-dev/faultline/internal/detect"
	"github.com/faultline-dev/faultline/internal/detect/erosion"
	"github.com/faultline-dev/faultline/internal/signal"
	"github.com/faultline-dev/faultline/internal/signal/harm"
	"github.com/faultline-dev/faultline/internal/signal/model"
	"github.com/faultline-dev/faultline/internal/train"
)

// datasetsRoot is where the development datasets live, when present.
func datasetsRoot(t *testing.T) string {
	root := os.Getenv("FAULTLINE_DATASETS")
	if root == "" {
		root = filepath.Join("..", "..", "..", "..", "shared", "datasets")
	}
	if _, err := os.Stat(root); err != nil {
		t.Skipf("datasets not available at %s", root)
	}
	return root
}

type scored struct {
	ex      bench.Example
	score   float64
	signal  float64
	summary string
}

// scoreOutOfGroup retrains the harm models without each group of the
// dataset and scores that group's examples with the policy_erosion detector
// (score) and the request_harm peak (signal).
func scoreOutOfGroup(t *testing.T, root string, ds bench.Dataset) []scored {
	exs, err := ds.Load(root)
	if err != nil {
		t.Fatal(err)
	}
	byGroup := map[string][]bench.Example{}
	var groups []string
	for _, e := range exs {
		if _, ok := byGroup[e.Group]; !ok {
			groups = append(groups, e.Group)
		}
		byGroup[e.Group] = append(byGroup[e.Group], e)
	}
	sort.Strings(groups)
	specs := []train.Spec{train.RequestHarmSpec(), train.ResponseHarmSpec()}
	var out []scored
	for _, g := range groups {
		models, err := train.Models(specs, root, nil, func(e *model.Example) bool { return e.Dataset == ds.Name && e.Group == g })
		if err != nil {
			t.Fatal(err)
		}
		env := &signal.Env{Models: model.NewSet(models...)}
		set, det := build(t, env)
		ri := set.Index(harm.RequestHarmID)
		for _, e := range byGroup[g] {
			sess := set.Track(&e.Trajectory.Meta)
			mon := det.Monitor(&e.Trajectory.Meta, set)
			var peak float64
			for i := range e.Trajectory.Messages {
				turn := sess.Observe(&e.Trajectory.Messages[i])
				peak = max(peak, turn.Values[ri].Value)
				mon.Observe(turn)
			}
			var s float64
			var sum string
			for _, f := range mon.Findings() {
				if f.Score > s {
					s, sum = f.Score, f.Summary
					for _, ev := range f.Evidence {
						sum += " | " + ev.Signal + ": " + ev.Excerpt
					}
				}
			}
			out = append(out, scored{ex: e, score: s, signal: peak, summary: sum})
		}
	}
	return out
}

func build(t *testing.T, env *signal.Env) (*signal.Set, detect.Detector) {
	t.Helper()
	var sigs []signal.Signal
	for _, c := range []signal.Constructor{harm.NewRequestHarm, harm.NewRefusal, harm.NewResponseHarm, harm.NewFraming, harm.NewTopic} {
		s, err := c(env)
		if err != nil {
			t.Fatal(err)
		}
		sigs = append(sigs, s)
	}
	d, err := erosion.New(env)
	if err != nil {
		t.Fatal(err)
	}
	return signal.NewSet(sigs), d
}

func find(t *testing.T, name string) bench.Dataset {
	for _, d := range bench.Datasets() {
		if d.Name == name {
			return d
		}
	}
	t.Fatalf("no dataset %s", name)
	return bench.Dataset{}
}

func auroc(rows []scored, useSignal bool, keep func(*scored) bool) float64 {
	var s []float64
	var l []bool
	for i := range rows {
		if keep != nil && !keep(&rows[i]) {
			continue
		}
		v := rows[i].score
		if useSignal {
			v = rows[i].signal
		}
		s = append(s, v)
		l = append(l, rows[i].ex.Positive)
	}
	return bench.AUROC(s, l)
}

// TestMeasureErosion reports the out-of-group numbers on the development
// datasets. Run: go test ./internal/detect/erosion -run TestMeasureErosion -v
func TestMeasureErosion(t *testing.T) {
	root := datasetsRoot(t)
	if testing.Short() {
		t.Skip("long measurement")
	}
	only := os.Getenv("ONLY")
	run := func(name string) bool { return only == "" || only == name }
	if run("jailbreakbench-artifacts") {
		rows := scoreOutOfGroup(t, root, find(t, "jailbreakbench-artifacts"))
		t.Logf("jailbreakbench-artifacts: n=%d AUROC=%.3f", len(rows), auroc(rows, false, nil))
		for _, g := range []string{"gpt-3.5-turbo-1106", "gpt-4-0125-preview", "llama-2-7b-chat-hf", "vicuna-13b-v1.5"} {
			t.Logf("  group %s AUROC=%.3f", g, auroc(rows, false, func(r *scored) bool { return r.ex.Group == g }))
		}
		logVerdicts(t, rows)
		if os.Getenv("DEBUG") != "" {
			for _, r := range rows {
				if r.ex.Group == "vicuna-13b-v1.5" && (r.ex.Positive && r.score < 0.3 || !r.ex.Positive && r.score > 0.6) {
					t.Logf("DBG pos=%v %.2f h=%.2f %s | %q", r.ex.Positive, r.score, r.signal, r.ex.Kind, clipS(r.ex.Trajectory.Messages[1].Content, 300))
				}
			}
		}
	}
	if run("diasafety") {
		rows := scoreOutOfGroup(t, root, find(t, "diasafety"))
		t.Logf("diasafety: n=%d AUROC=%.3f", len(rows), auroc(rows, false, nil))
		for _, g := range []string{"Offending User", "Risk Ignorance", "Unauthorized Expertise", "Toxicity Agreement", "Biased Opinion"} {
			t.Logf("  group %s AUROC=%.3f", g, auroc(rows, false, func(r *scored) bool { return r.ex.Group == g }))
		}
	}
	if run("coconot") {
		rows := scoreOutOfGroup(t, root, find(t, "coconot"))
		t.Logf("coconot request_harm peak: n=%d AUROC=%.3f", len(rows), auroc(rows, true, nil))
		t.Logf("  safety concerns only AUROC=%.3f", auroc(rows, true, func(r *scored) bool { return r.ex.Group == "Requests with safety concerns" }))
		for _, g := range []string{"Incomplete requests", "Unsupported requests", "Humanizing requests", "Indeterminate requests"} {
			t.Logf("  %s positives vs all contrast AUROC=%.3f", g, auroc(rows, true, func(r *scored) bool { return r.ex.Group == g || !r.ex.Positive }))
		}
		if os.Getenv("DEBUG") != "" {
			for _, r := range rows {
				t.Logf("DBG pos=%v h=%.2f %s/%s | %q", r.ex.Positive, r.signal, r.ex.Group, r.ex.Kind, clipS(r.ex.Trajectory.Messages[0].Content, 120))
			}
		}
	}
	if run("hh-rlhf-harmless-test") {
		rows := scoreOutOfGroup(t, root, find(t, "hh-rlhf-harmless-test"))
		pairs := map[string][2]float64{}
		for _, r := range rows {
			p := pairs[r.ex.Pair]
			if r.ex.Positive {
				p[1] = r.score
			} else {
				p[0] = r.score
			}
			pairs[r.ex.Pair] = p
		}
		var ps []bench.ScorePair
		for _, p := range pairs {
			ps = append(ps, bench.ScorePair{Neg: p[0], Pos: p[1]})
		}
		var ties, zero int
		for _, p := range ps {
			if p.Pos == p.Neg {
				ties++
			}
			if p.Pos < 0.05 && p.Neg < 0.05 {
				zero++
			}
		}
		t.Logf("hh-rlhf-harmless-test: pairs=%d pairwise=%.3f ties=%d both-low=%d", len(ps), bench.PairwiseAccuracy(ps), ties, zero)
	}
	if run("mt-bench-101") {
		rows := scoreOutOfGroup(t, root, find(t, "mt-bench-101"))
		logVerdicts(t, rows)
		if os.Getenv("DEBUG") != "" {
			for _, r := range rows {
				if r.score >= 0.5 {
					t.Logf("DBG %.2f h=%.2f %s", r.score, r.signal, r.summary)
				}
			}
		}
	}
}

func logVerdicts(t *testing.T, rows []scored) {
	var warn, fail, pos, negWarn, negFail, posFail, neg int
	for _, r := range rows {
		if r.ex.Positive {
			pos++
			if r.score >= 0.8 {
				posFail++
			}
			continue
		}
		neg++
		if r.score >= 0.5 {
			warn++
			negWarn++
		}
		if r.score >= 0.8 {
			fail++
			negFail++
		}
	}
	t.Logf("  negatives %d: warn-or-fail %.3f fail %.3f; positives %d: fail %.3f", neg, float64(negWarn)/float64(max(neg, 1)), float64(negFail)/float64(max(neg, 1)), pos, float64(posFail)/float64(max(pos, 1)))
	_ = warn
	_ = fail
}

func clipS(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
