package bench

import (
	"fmt"
	"math"
	"runtime"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/faultline-dev/faultline/internal/analysis"
	"github.com/faultline-dev/faultline/internal/signal/model"
	"github.com/faultline-dev/faultline/internal/taxonomy"
	"github.com/faultline-dev/faultline/internal/trajectory"
)

// Retrainer retrains the trained models without a held-out group, so that a
// dataset a model learned from is only ever scored by a model that did not
// see the scored examples.
type Retrainer interface {
	// TrainedOn reports whether any model learns from the dataset.
	TrainedOn(dataset string) bool
	// Without returns the model set retrained without the examples of the
	// dataset's group (models that do not learn from the dataset are kept).
	Without(dataset, group string) (*model.Set, error)
}

// RunOptions configure a benchmark run.
type RunOptions struct {
	// Root is the datasets folder.
	Root string
	// Only limits the run to these dataset names (all when empty).
	Only []string
	// Models are the models the shipped pipeline uses.
	Models *model.Set
	// NewAnalyzer builds the real scan pipeline over a model set.
	NewAnalyzer func(models *model.Set) (*analysis.Analyzer, error)
	// Retrainer is consulted for out-of-group evaluation; nil when no model is trained.
	Retrainer Retrainer
	// Workers analyzing examples in parallel (0 = one per CPU).
	Workers int
	// Progress, when set, is told about each dataset as it starts.
	Progress func(dataset string, examples int)
	// Scored, when set, is told every example's score once its dataset is
	// done, in example order (for error analysis: `faultline bench --dump`).
	Scored func(dataset string, e *Example, s ExampleScore) error
}

// ExampleScore is the outcome of one benchmark example.
type ExampleScore struct {
	Score   float64          `json:"score"`
	Verdict analysis.Verdict `json:"verdict"`
}

// Result is the benchmark of one dataset. Metrics that do not apply (a
// single class, no pairs) are nil.
type Result struct {
	Dataset    string `json:"dataset"`
	Measure    string `json:"measure"`
	Phenomenon string `json:"phenomenon,omitempty"`
	Signal     string `json:"signal,omitempty"`
	N          int    `json:"n"`
	Positives  int    `json:"positives"`
	Groups     int    `json:"groups"`
	// Validation says how trained models were kept from seeing the scored
	// examples: "not trained on", "out-of-group (N retrainings)", or
	// "in-sample" (a flaw the report must show).
	Validation string   `json:"validation"`
	AUROC      *float64 `json:"auroc,omitempty"`
	PRAUC      *float64 `json:"pr_auc,omitempty"`
	// Recall and FPR at the default fail verdict (signal-scored sets: at 0.5).
	Recall *float64 `json:"recall_at_fail,omitempty"`
	FPR    *float64 `json:"fpr_at_fail,omitempty"`
	// FailRate and WarnRate of the benign examples (verdict fail; warn or worse).
	FailRate *float64 `json:"benign_fail_rate,omitempty"`
	WarnRate *float64 `json:"benign_warn_rate,omitempty"`
	// PairAccuracy is the share of pairs ranked the right way (pairwise sets).
	PairAccuracy *float64 `json:"pair_accuracy,omitempty"`
	Pairs        int      `json:"pairs,omitempty"`
	// ByKind gives the fail rate per example kind (e.g. agentdojo hijacked/clean).
	ByKind map[string]KindRate `json:"by_kind,omitempty"`
	// ByGroup gives the AUROC within each group that has both classes.
	ByGroup map[string]GroupAUROC `json:"by_group,omitempty"`
	// Speed of the analysis on this dataset.
	Turns         int     `json:"turns"`
	Bytes         int64   `json:"bytes"`
	MicrosPerTurn float64 `json:"us_per_turn"`
	Seconds       float64 `json:"seconds"`
	Skipped       Skips   `json:"skipped,omitempty"`
}

// KindRate is the verdict rate of one example kind.
type KindRate struct {
	N        int     `json:"n"`
	FailRate float64 `json:"fail_rate"`
	WarnRate float64 `json:"warn_rate"`
	// AUROC of the kind's positives against every negative of the dataset
	// (nil for kinds without positives or datasets without negatives).
	AUROC *float64 `json:"auroc,omitempty"`
}

// GroupAUROC is the AUROC within one validation group (its positives
// against its own negatives), for groups that have both.
type GroupAUROC struct {
	N         int     `json:"n"`
	Positives int     `json:"positives"`
	AUROC     float64 `json:"auroc"`
}

// scored is one analyzed example.
type scored struct {
	score   float64
	verdict analysis.Verdict
	turns   int
	bytes   int64
	elapsed time.Duration
}

// Run benchmarks every selected dataset.
func Run(opt RunOptions) ([]Result, error) {
	base, err := opt.NewAnalyzer(opt.Models)
	if err != nil {
		return nil, fmt.Errorf("building the pipeline: %w", err)
	}
	var results []Result
	for _, ds := range Datasets() {
		if len(opt.Only) > 0 && !slices.Contains(opt.Only, ds.Name) {
			continue
		}
		r, err := runDataset(ds, base, opt)
		if err != nil {
			return results, fmt.Errorf("%s: %w", ds.Name, err)
		}
		results = append(results, r)
	}
	if len(opt.Only) > 0 && len(results) == 0 {
		return nil, fmt.Errorf("no dataset named %v (have %v)", opt.Only, Names())
	}
	return results, nil
}

// Names returns the dataset names in order.
func Names() []string {
	var out []string
	for _, d := range Datasets() {
		out = append(out, d.Name)
	}
	return out
}

func runDataset(ds Dataset, base *analysis.Analyzer, opt RunOptions) (Result, error) {
	examples, skips, err := ds.Scan(opt.Root)
	if err != nil {
		return Result{}, err
	}
	if opt.Progress != nil {
		opt.Progress(ds.Name, len(examples))
	}
	r := Result{Dataset: ds.Name, Measure: ds.Measure, Phenomenon: ds.Phenomenon, Signal: ds.Signal, N: len(examples), Skipped: skips}
	groups := map[string][]int{}
	for i, e := range examples {
		if e.Positive {
			r.Positives++
		}
		groups[e.Group] = append(groups[e.Group], i)
	}
	r.Groups = len(groups)
	scores := make([]scored, len(examples))
	start := time.Now()
	trained := opt.Retrainer != nil && opt.Retrainer.TrainedOn(ds.Name)
	switch {
	case !trained:
		r.Validation = "not trained on"
		if err := analyzeAll(base, examples, allIndexes(len(examples)), scores, ds, opt.Workers); err != nil {
			return r, err
		}
	case len(groups) < 2:
		r.Validation = "in-sample (one group: a model learns from this dataset and it cannot be held out)"
		if err := analyzeAll(base, examples, allIndexes(len(examples)), scores, ds, opt.Workers); err != nil {
			return r, err
		}
	default:
		r.Validation = fmt.Sprintf("out-of-group (%d retrainings, one per held-out group)", len(groups))
		names := make([]string, 0, len(groups))
		for g := range groups {
			names = append(names, g)
		}
		sort.Strings(names)
		for _, g := range names {
			models, err := opt.Retrainer.Without(ds.Name, g)
			if err != nil {
				return r, fmt.Errorf("retraining without group %q: %w", g, err)
			}
			an, err := opt.NewAnalyzer(models)
			if err != nil {
				return r, err
			}
			if err := analyzeAll(an, examples, groups[g], scores, ds, opt.Workers); err != nil {
				return r, err
			}
		}
	}
	r.Seconds = time.Since(start).Seconds()
	summarize(&r, ds, examples, scores)
	if opt.Scored != nil {
		for i := range examples {
			if err := opt.Scored(ds.Name, &examples[i], ExampleScore{Score: scores[i].score, Verdict: scores[i].verdict}); err != nil {
				return r, err
			}
		}
	}
	return r, nil
}

func allIndexes(n int) []int {
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	return idx
}

// analyzeAll scores the examples at idx on parallel workers.
func analyzeAll(an *analysis.Analyzer, examples []Example, idx []int, out []scored, ds Dataset, workers int) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var wg sync.WaitGroup
	next := make(chan int)
	errs := make(chan error, workers)
	for range workers {
		wg.Go(func() {
			for i := range next {
				s, err := scoreOne(an, &examples[i].Trajectory, ds)
				if err != nil {
					errs <- err
					continue
				}
				out[i] = s
			}
		})
	}
	for _, i := range idx {
		next <- i
	}
	close(next)
	wg.Wait()
	select {
	case err := <-errs:
		return err
	default:
		return nil
	}
}

func scoreOne(an *analysis.Analyzer, t *trajectory.Trajectory, ds Dataset) (scored, error) {
	// Analysis appends nothing to t, but work on a copy of the header so that
	// concurrent runs over one example set never share a Session's slice.
	tc := *t
	start := time.Now()
	sess := an.Start(&tc)
	sess.ObserveAll()
	res := sess.Result()
	s := scored{verdict: res.Verdict, turns: res.Turns, elapsed: time.Since(start)}
	for _, m := range t.Messages {
		s.bytes += int64(len(m.Content) + len(m.Reasoning))
	}
	switch {
	case ds.Signal != "":
		v, ok := sess.SignalPeak(ds.Signal)
		if !ok {
			return s, fmt.Errorf("signal %q is not registered", ds.Signal)
		}
		s.score = v
	case ds.Phenomenon == taxonomy.ContextWindowExploitation:
		s.score = res.Causes.ContextWindowExploitation
	case ds.Phenomenon == "":
		s.score = res.Scores.Max()
	default:
		s.score = res.Scores.Get(ds.Phenomenon)
	}
	return s, nil
}

func summarize(r *Result, ds Dataset, examples []Example, sc []scored) {
	scores := make([]float64, len(sc))
	labels := make([]bool, len(sc))
	predicted := make([]bool, len(sc))
	var elapsed time.Duration
	kinds := map[string][2]int{}
	kindWarn := map[string]int{}
	var benign, benignFail, benignWarn int
	for i, s := range sc {
		scores[i], labels[i] = s.score, examples[i].Positive
		if ds.Signal != "" {
			predicted[i] = s.score >= 0.5
		} else {
			predicted[i] = s.verdict == analysis.VerdictFail
		}
		r.Turns += s.turns
		r.Bytes += s.bytes
		elapsed += s.elapsed
		if k := examples[i].Kind; k != "" {
			c := kinds[k]
			c[0]++
			switch {
			case ds.Signal != "":
				// Prompt-only sets have no verdict: count the signal's flags.
				if predicted[i] {
					c[1]++
					kindWarn[k]++
				}
			case s.verdict == analysis.VerdictFail:
				c[1]++
				kindWarn[k]++
			case s.verdict != analysis.VerdictPass:
				kindWarn[k]++
			}
			kinds[k] = c
		}
		if !examples[i].Positive {
			benign++
			if s.verdict == analysis.VerdictFail {
				benignFail++
			}
			if s.verdict != analysis.VerdictPass {
				benignWarn++
			}
		}
	}
	if r.Turns > 0 {
		r.MicrosPerTurn = float64(elapsed.Microseconds()) / float64(r.Turns)
	}
	if ds.Pairwise {
		byPair := map[string]*ScorePair{}
		have := map[string][2]bool{}
		for i, e := range examples {
			p := byPair[e.Pair]
			if p == nil {
				p = &ScorePair{}
				byPair[e.Pair] = p
			}
			h := have[e.Pair]
			if e.Positive {
				p.Pos, h[0] = scores[i], true
			} else {
				p.Neg, h[1] = scores[i], true
			}
			have[e.Pair] = h
		}
		var pairs []ScorePair
		for k, p := range byPair {
			if h := have[k]; h[0] && h[1] {
				pairs = append(pairs, *p)
			}
		}
		r.Pairs = len(pairs)
		r.PairAccuracy = num(PairwiseAccuracy(pairs))
	}
	r.AUROC = num(AUROC(scores, labels))
	r.PRAUC = num(PRAUC(scores, labels))
	if r.Positives > 0 {
		rec, fpr := recallFPR(predicted, labels)
		r.Recall = num(rec)
		if benign > 0 {
			r.FPR = num(fpr)
		}
	}
	if benign > 0 {
		r.FailRate = num(float64(benignFail) / float64(benign))
		r.WarnRate = num(float64(benignWarn) / float64(benign))
	}
	if len(kinds) > 0 {
		r.ByKind = map[string]KindRate{}
		for k, c := range kinds {
			r.ByKind[k] = KindRate{N: c[0], FailRate: float64(c[1]) / float64(c[0]), WarnRate: float64(kindWarn[k]) / float64(c[0]),
				AUROC: subsetAUROC(scores, labels, func(i int) bool { return examples[i].Kind == k })}
		}
	}
	groups := map[string][]int{}
	for i, e := range examples {
		groups[e.Group] = append(groups[e.Group], i)
	}
	for g, idx := range groups {
		var sc []float64
		var lb []bool
		pos := 0
		for _, i := range idx {
			sc, lb = append(sc, scores[i]), append(lb, labels[i])
			if labels[i] {
				pos++
			}
		}
		if len(groups) < 2 || pos == 0 || pos == len(idx) {
			continue
		}
		if r.ByGroup == nil {
			r.ByGroup = map[string]GroupAUROC{}
		}
		r.ByGroup[g] = GroupAUROC{N: len(idx), Positives: pos, AUROC: AUROC(sc, lb)}
	}
}

// subsetAUROC is the AUROC of the positives selected by in against every
// negative, or nil when either side is empty.
func subsetAUROC(scores []float64, labels []bool, in func(int) bool) *float64 {
	var sc []float64
	var lb []bool
	pos, neg := 0, 0
	for i := range scores {
		switch {
		case !labels[i]:
			neg++
		case in(i):
			pos++
		default:
			continue
		}
		sc, lb = append(sc, scores[i]), append(lb, labels[i])
	}
	if pos == 0 || neg == 0 {
		return nil
	}
	return num(AUROC(sc, lb))
}

func recallFPR(pred, labels []bool) (recall, fpr float64) {
	var tp, fn, fp, tn int
	for i := range pred {
		switch {
		case labels[i] && pred[i]:
			tp++
		case labels[i]:
			fn++
		case pred[i]:
			fp++
		default:
			tn++
		}
	}
	return ratio(tp, tp+fn), ratio(fp, fp+tn)
}

// num returns a pointer to v, or nil when v is NaN.
func num(v float64) *float64 {
	if math.IsNaN(v) {
		return nil
	}
	return &v
}
