package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/faultline-dev/faultline/internal/analysis"
	"github.com/faultline-dev/faultline/internal/bench"
	"github.com/faultline-dev/faultline/internal/signal/model"
	"github.com/faultline-dev/faultline/internal/train"
)

type benchCmd struct {
	Data    string   `default:"../shared/datasets" placeholder:"DIR" help:"The labeled development datasets folder (see its README.md)."`
	Only    []string `placeholder:"NAME" help:"Benchmark only these datasets (repeatable or comma-separated)."`
	JSON    bool     `help:"Print results as JSON instead of a table."`
	Check   string   `placeholder:"FILE" type:"existingfile" help:"A JSON file of floors {dataset: {metric: minimum}}; exit 1 when a result is below its floor (metrics ending in _max are maxima)."`
	Workers int      `short:"j" default:"0" help:"Parallel workers (0 = one per CPU)."`
	Dump    string   `placeholder:"FILE" help:"Also write every example's score as JSONL {dataset, id, group, kind, positive, score, verdict} (for error analysis)."`
}

func (c *benchCmd) Help() string {
	return `Adapts each development dataset to labeled trajectories, runs the real scan pipeline on
them and prints per dataset: n, positives, AUROC, PR-AUC, recall and false-positive rate at the
default 'fail' verdict, benign warn/fail rates, pairwise accuracy where the dataset is pairwise,
and speed. Trained models are evaluated out-of-group only: for a dataset a model learns from,
the model is retrained once per group (model, configuration, category or source) without that
group, and the group is scored by that retrained model. The validation column says which.

Datasets: ` + strings.Join(bench.Names(), ", ")
}

func (c *benchCmd) Run(env *Env) error {
	if fi, err := os.Stat(c.Data); err != nil || !fi.IsDir() {
		return usageError("datasets folder %q not found (use --data)", c.Data)
	}
	var floors map[string]map[string]float64
	if c.Check != "" {
		data, err := os.ReadFile(c.Check)
		if err != nil {
			return usageError("%v", err)
		}
		if err := json.Unmarshal(data, &floors); err != nil {
			return usageError("%s: %v", c.Check, err)
		}
	}
	p, err := newPipeline("", analysis.DefaultThresholds())
	if err != nil {
		return usageError("%v", err)
	}
	models, err := model.Builtin()
	if err != nil {
		return err
	}
	trainer, err := train.NewTrainer(train.Specs(), c.Data, models)
	if err != nil {
		return err
	}
	var only []string
	for _, o := range c.Only {
		only = append(only, strings.Split(o, ",")...)
	}
	opt := bench.RunOptions{
		Root: c.Data, Only: only, Models: models, NewAnalyzer: p.analyzer,
		Retrainer: trainer, Workers: c.Workers,
		Progress: func(name string, n int) {
			fmt.Fprintf(env.Stderr, "bench: %s (%d examples)\n", name, n)
		},
	}
	var dump *os.File
	if c.Dump != "" {
		if dump, err = os.Create(c.Dump); err != nil {
			return usageError("%v", err)
		}
		defer dump.Close()
		enc := json.NewEncoder(dump)
		opt.Scored = func(name string, e *bench.Example, s bench.ExampleScore) error {
			return enc.Encode(struct {
				Dataset  string           `json:"dataset"`
				ID       string           `json:"id"`
				Group    string           `json:"group,omitempty"`
				Kind     string           `json:"kind,omitempty"`
				Positive bool             `json:"positive"`
				Score    float64          `json:"score"`
				Verdict  analysis.Verdict `json:"verdict"`
			}{name, e.Trajectory.ID, e.Group, e.Kind, e.Positive, s.Score, s.Verdict})
		}
	}
	defer tuneGC()()
	results, err := bench.Run(opt)
	if err != nil {
		return err
	}
	if dump != nil {
		if err := dump.Close(); err != nil {
			return fmt.Errorf("writing %s: %w", c.Dump, err)
		}
	}
	if c.JSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(results); err != nil {
			return err
		}
	} else {
		writeBenchTable(env.Stdout, results)
	}
	if floors != nil {
		if bad := checkFloors(results, floors); len(bad) > 0 {
			for _, b := range bad {
				fmt.Fprintln(env.Stderr, "bench: below floor:", b)
			}
			return &exitError{code: ExitRejected, err: errors.New("benchmark regressed below its floors")}
		}
		fmt.Fprintln(env.Stderr, "bench: every floor met")
	}
	return nil
}

func fmtNum(v *float64) string {
	if v == nil {
		return "-"
	}
	return fmt.Sprintf("%.3f", *v)
}

func writeBenchTable(w io.Writer, results []bench.Result) {
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "dataset\tscore\tn\tpos\tAUROC\tPR-AUC\trecall@fail\tFPR@fail\tbenign warn\tbenign fail\tpairs\tus/turn\tvalidation")
	var turns int
	var bytes int64
	var micros float64
	for _, r := range results {
		score := r.Phenomenon
		if r.Signal != "" {
			score = "signal " + r.Signal
		}
		if score == "" {
			score = "any phenomenon"
		}
		pairs := "-"
		if r.PairAccuracy != nil {
			pairs = fmt.Sprintf("%.3f of %d", *r.PairAccuracy, r.Pairs)
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%.1f\t%s\n", r.Dataset, score, r.N, r.Positives,
			fmtNum(r.AUROC), fmtNum(r.PRAUC), fmtNum(r.Recall), fmtNum(r.FPR), fmtNum(r.WarnRate), fmtNum(r.FailRate),
			pairs, r.MicrosPerTurn, r.Validation)
		turns += r.Turns
		bytes += r.Bytes
		micros += r.MicrosPerTurn * float64(r.Turns)
	}
	tw.Flush()
	for _, r := range results {
		if len(r.ByKind) == 0 {
			continue
		}
		kinds := make([]string, 0, len(r.ByKind))
		for k := range r.ByKind {
			kinds = append(kinds, k)
		}
		sort.Strings(kinds)
		var parts []string
		for _, k := range kinds {
			kr := r.ByKind[k]
			part := fmt.Sprintf("%s n=%d fail=%.3f warn=%.3f", k, kr.N, kr.FailRate, kr.WarnRate)
			if r.Signal != "" {
				part = fmt.Sprintf("%s n=%d flagged=%.3f", k, kr.N, kr.FailRate)
			}
			if kr.AUROC != nil {
				part += fmt.Sprintf(" auroc=%.3f", *kr.AUROC)
			}
			parts = append(parts, part)
		}
		fmt.Fprintf(w, "%s by kind: %s\n", r.Dataset, strings.Join(parts, "; "))
	}
	for _, r := range results {
		if len(r.ByGroup) == 0 {
			continue
		}
		groups := make([]string, 0, len(r.ByGroup))
		for g := range r.ByGroup {
			groups = append(groups, g)
		}
		sort.Strings(groups)
		var parts []string
		for _, g := range groups {
			gr := r.ByGroup[g]
			parts = append(parts, fmt.Sprintf("%s n=%d pos=%d auroc=%.3f", g, gr.N, gr.Positives, gr.AUROC))
		}
		fmt.Fprintf(w, "%s AUROC within group: %s\n", r.Dataset, strings.Join(parts, "; "))
	}
	if turns > 0 && micros > 0 {
		fmt.Fprintf(w, "speed: %d turns, %.1f MB of text, %.2f us per turn, %.1f MB/s per core (analysis only)\n",
			turns, float64(bytes)/1e6, micros/float64(turns), float64(bytes)/micros)
	}
}

// checkFloors lists every metric below its floor (or above its _max ceiling).
func checkFloors(results []bench.Result, floors map[string]map[string]float64) []string {
	var bad []string
	byName := map[string]bench.Result{}
	for _, r := range results {
		byName[r.Dataset] = r
	}
	names := make([]string, 0, len(floors))
	for n := range floors {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		r, ok := byName[name]
		if !ok {
			continue // not run (--only)
		}
		raw, _ := json.Marshal(r)
		var m map[string]any
		json.Unmarshal(raw, &m)
		metrics := make([]string, 0, len(floors[name]))
		for k := range floors[name] {
			metrics = append(metrics, k)
		}
		sort.Strings(metrics)
		for _, metric := range metrics {
			limit := floors[name][metric]
			key, isMax := strings.CutSuffix(metric, "_max")
			v, ok := m[key].(float64)
			switch {
			case !ok:
				bad = append(bad, fmt.Sprintf("%s %s: not measured", name, key))
			case isMax && v > limit:
				bad = append(bad, fmt.Sprintf("%s %s = %.3f > %.3f", name, key, v, limit))
			case !isMax && v < limit:
				bad = append(bad, fmt.Sprintf("%s %s = %.3f < %.3f", name, key, v, limit))
			}
		}
	}
	return bad
}
