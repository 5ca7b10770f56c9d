package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/faultline-dev/faultline/internal/analysis"
	"github.com/faultline-dev/faultline/internal/ingest"
	"github.com/faultline-dev/faultline/internal/profile"
	"github.com/faultline-dev/faultline/internal/report"
	"github.com/faultline-dev/faultline/internal/trajectory"
)

type reportCmd struct {
	Paths       []string `arg:"" name:"path" help:"Trajectory logs (they are scanned) or 'faultline scan' output; files, folders or '-'."`
	HTML        string   `placeholder:"FILE" help:"Write the self-contained HTML report to FILE."`
	MD          string   `placeholder:"FILE" help:"Write the Markdown report to FILE."`
	JSON        bool     `help:"Print the report data as JSON on stdout."`
	EvalProfile string   `placeholder:"FILE" type:"existingfile" help:"An eval profile from 'faultline profile': overlaid on the histograms, compared in the gap table, and used by attribution."`
	Top         int      `default:"10" help:"How many top incidents to show in full."`
	Title       string   `default:"faultline report" help:"Report title."`
	Taxonomy    string   `placeholder:"FILE" type:"existingfile" help:"A taxonomy overlay file."`
	NoProgress  bool     `help:"Never show a progress bar."`
}

func (c *reportCmd) Help() string {
	return `Builds the triage report: totals by phenomenon and cause with a phenomenon x cause heat map,
the intervention plan, per-turn risk curves of the top incidents, turn-depth and context-length
histograms (with the eval profile overlaid when given), the eval-versus-production gap table,
and each top incident as a rendered conversation with its evidence turns highlighted and the
finding's causes and interventions beside it. The HTML file has no external resource or script:
it works offline and prints well. At least one of --html, --md or --json is required.`
}

func (c *reportCmd) Run(env *Env) error {
	if c.HTML == "" && c.MD == "" && !c.JSON {
		return usageError("say what to write: --html FILE, --md FILE and/or --json")
	}
	th := analysis.DefaultThresholds()
	an, err := buildAnalyzer(c.Taxonomy, th, c.EvalProfile)
	if err != nil {
		return usageError("%v", err)
	}
	tx, err := loadTaxonomy(c.Taxonomy)
	if err != nil {
		return usageError("%v", err)
	}
	var eval *profile.Profile
	if c.EvalProfile != "" {
		p, _, err := readProfileFile(c.EvalProfile)
		if err != nil {
			return err
		}
		eval = &p
	}
	inputs, err := ingest.Inputs(c.Paths)
	if err != nil {
		return usageError("%v", err)
	}
	prog := newProgress(env.Stderr, inputs, c.NoProgress, "reporting")
	items, prod, st, err := collectItems(env, inputs, an, th.Warn, prog)
	prog.finish()
	fmt.Fprintln(env.Stderr, st)
	if err != nil {
		return err
	}
	rep := report.Build(items, tx, report.Options{Title: c.Title, TopIncidents: c.Top, Eval: eval, Prod: prod, Threshold: th.Warn})
	if c.HTML != "" {
		if err := writeFileWith(c.HTML, rep.WriteHTML); err != nil {
			return err
		}
	}
	if c.MD != "" {
		if err := writeFileWith(c.MD, rep.WriteMarkdown); err != nil {
			return err
		}
	}
	if c.JSON {
		if err := rep.WriteJSON(env.Stdout); err != nil {
			return err
		}
	}
	if st.rejected > 0 {
		return &exitError{code: ExitRejected, err: errors.New("")}
	}
	return nil
}

// writeFileWith renders into a buffer and writes the file.
func writeFileWith(path string, render func(w io.Writer) error) error {
	var buf bytes.Buffer
	if err := render(&buf); err != nil {
		return err
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return usageError("writing %s: %v", path, err)
	}
	return nil
}

// collectItems reads trajectories (analyzing them) or scan results. Only
// trajectories at or above the incident threshold are kept whole, with their
// per-turn risk; the rest are summarized into the production profile.
func collectItems(env *Env, inputs []string, an *analysis.Analyzer, threshold float64, prog *progress) ([]report.Item, *profile.Profile, readStats, error) {
	var st readStats
	var items []report.Item
	prod := profile.NewBuilder("scanned")
	haveTraj := false
	reg := ingest.DefaultRegistry()
	r := &ingest.Reader{Stdin: env.Stdin, Progress: prog.add}
	for _, in := range inputs {
		err := r.ReadFile(in, func(it ingest.Item) error {
			st.read++
			if it.Err != nil {
				st.rejected++
				prog.print(fmt.Sprintf("%s: %v", it.Source, it.Err))
				return nil
			}
			if it.Data != nil {
				if res, ok := asScanResult(it.Data); ok {
					st.trajectories++
					items = append(items, report.Item{Result: res})
					return nil
				}
			}
			trajs := it.Trajectories
			if it.Data != nil {
				var err error
				trajs, err = reg.Decode(it.Data, it.Source, "")
				switch {
				case errors.Is(err, ingest.ErrNotTrajectory):
					st.skipped++
					return nil
				case err != nil:
					st.rejected++
					prog.print(fmt.Sprintf("%s: %v", it.Source, err))
					return nil
				}
			}
			for i := range trajs {
				t := &trajs[i]
				st.trajectories++
				haveTraj = true
				prod.Add(t)
				items = append(items, analyzeForReport(an, t, threshold))
			}
			return nil
		})
		if err != nil {
			return nil, nil, st, &exitError{code: ExitUsage, err: fmt.Errorf("%s: %w", in, err)}
		}
	}
	if st.trajectories == 0 {
		return nil, nil, st, usageError("no trajectories or scan results in the input")
	}
	if !haveTraj {
		return items, nil, st, nil
	}
	p := prod.Profile()
	return items, &p, st, nil
}

// analyzeForReport analyzes t; a failing trajectory is kept with its risk
// curve (the highest phenomenon score after each message).
func analyzeForReport(an *analysis.Analyzer, t *trajectory.Trajectory, threshold float64) report.Item {
	res := an.Analyze(t)
	if res.Scores.Max() < threshold {
		return report.Item{Result: res}
	}
	live := &trajectory.Trajectory{ID: t.ID, Source: t.Source, Format: t.Format, Meta: t.Meta}
	s := an.Start(live)
	risk := make([]float64, 0, len(t.Messages))
	for _, m := range t.Messages {
		s.Append(m)
		r := s.Result()
		risk = append(risk, r.Scores.Max())
	}
	return report.Item{Result: res, Trajectory: t, Risk: risk}
}

// asScanResult recognises a line of 'faultline scan' output.
func asScanResult(data []byte) (analysis.Result, bool) {
	var res analysis.Result
	if !bytes.Contains(data, []byte(`"verdict"`)) || !bytes.Contains(data, []byte(`"findings"`)) {
		return res, false
	}
	var probe struct {
		Verdict  string          `json:"verdict"`
		Scores   json.RawMessage `json:"scores"`
		Messages json.RawMessage `json:"messages"`
	}
	if json.Unmarshal(data, &probe) != nil || probe.Verdict == "" || probe.Scores == nil || probe.Messages != nil {
		return res, false
	}
	if json.Unmarshal(data, &res) != nil {
		return res, false
	}
	return res, true
}
