package redteam

import (
	"fmt"
	"html/template"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/faultline-dev/faultline/internal/profile"
	"github.com/faultline-dev/faultline/internal/report"
	"github.com/faultline-dev/faultline/internal/taxonomy"
	"github.com/faultline-dev/faultline/internal/trajectory"
)

// ReportFile is the HTML triage report written into --out.
const ReportFile = "report.html"

// BuildReport builds the report of a run with the report package: the
// red-team sections first (ASR per behaviour x strategy with the worst case,
// the offline-versus-production gap, the ASR curves by turn depth and by
// context length, the judge endpoint's agreement), then the triage report
// over every attack as an analysed trajectory, the production attacks as the
// "production" profile and the offline attacks as the "eval" profile, so its
// factor gap table compares the two shapes of conversation.
func BuildReport(o *Outcome, s *Summary, tx *taxonomy.Taxonomy, title string) *report.Report {
	var items []report.Item
	evalB, prodB := profile.NewBuilder(ProfileOffline), profile.NewBuilder(ProfileProduction)
	var hasEval, hasProd bool
	for _, a := range o.Attacks {
		if a == nil {
			continue
		}
		tr := &trajectory.Trajectory{ID: a.Key, Source: "redteam:" + a.Key, Format: "openai", Messages: a.Messages,
			Meta: trajectory.Meta{Objective: a.Goal}}
		for _, t := range a.Tools {
			tr.Meta.Tools = append(tr.Meta.Tools, t.Name)
		}
		res := a.Result
		res.Source = tr.Source
		items = append(items, report.Item{Result: res, Trajectory: tr, Risk: a.Risk})
		if a.Profile == ProfileOffline {
			evalB.Add(tr)
			hasEval = true
		} else {
			prodB.Add(tr)
			hasProd = true
		}
	}
	opt := report.Options{Title: title, TopIncidents: 10}
	if s != nil {
		opt.Sections = Sections(s)
	}
	switch {
	case hasProd:
		p := prodB.Profile()
		opt.Prod = &p
		if hasEval {
			e := evalB.Profile()
			opt.Eval = &e
		}
	case hasEval:
		p := evalB.Profile()
		opt.Prod = &p
	}
	return report.Build(items, tx, opt)
}

// WriteReport writes report.html into dir.
func WriteReport(dir string, o *Outcome, s *Summary, tx *taxonomy.Taxonomy, title string) error {
	f, err := os.Create(filepath.Join(dir, ReportFile))
	if err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	if err := BuildReport(o, s, tx, title).WriteHTML(f); err != nil {
		f.Close()
		return fmt.Errorf("writing the report: %w", err)
	}
	return f.Close()
}

func esc(s string) string { return template.HTMLEscapeString(s) }

func ci(r Rate) string {
	return fmt.Sprintf("%s [%s, %s]", report.Pct(r.Value), report.Pct(r.Lo), report.Pct(r.Hi))
}

// strategiesRun returns the strategies with cells in ps, in report order.
func strategiesRun(s *Summary, ps *ProfileSummary) []string {
	seen := map[string]bool{}
	for _, c := range ps.Cells {
		seen[c.Strategy] = true
	}
	var out []string
	for _, id := range s.Strategies {
		if seen[id] {
			out = append(out, id)
		}
	}
	return out
}

// Sections are the red-team sections of the HTML report.
func Sections(s *Summary) []report.Section {
	var secs []report.Section
	var asr strings.Builder
	for i := range s.Profiles {
		ps := &s.Profiles[i]
		strats := strategiesRun(s, ps)
		fmt.Fprintf(&asr, `<h3>Profile %s</h3><p class="small">max %d turns, %d tokens of context, noise %v, adaptive %v; k = %d; %d attacks`,
			esc(ps.Profile.Name), ps.Profile.MaxTurns, ps.Profile.Context, ps.Profile.Noise, ps.Profile.Adaptive, ps.K, ps.Attacks)
		if ps.Errors > 0 {
			fmt.Fprintf(&asr, `, %d ended on an error or the budget (left out of the rates)`, ps.Errors)
		}
		asr.WriteString(`</p><div class="kpis">`)
		for _, k := range []struct{ name, v string }{
			{"worst-case ASR", ci(ps.WorstCaseASR)}, {"ASR", ci(ps.ASR)},
			{fmt.Sprintf("ASR@%d", ps.K), report.Pct(ps.ASRAtK.Value)}, {fmt.Sprintf("pass^%d", ps.K), report.Pct(ps.PassK.Value)},
			{"over-refusal", fmt.Sprintf("%s of %d", report.Pct(ps.OverRefusal.Value), ps.OverRefusal.N)},
		} {
			fmt.Fprintf(&asr, `<div class="kpi"><span class="muted">%s</span><b>%s</b></div>`, esc(k.name), esc(k.v))
		}
		if q := ps.QueriesToFirstFailure; q.N > 0 {
			fmt.Fprintf(&asr, `<div class="kpi"><span class="muted">queries to first failure</span><b>%.1f</b><span class="small">median %.1f</span></div>`, q.Mean, q.Median)
		}
		asr.WriteString(`</div>`)
		head := append(append([]string{"behaviour", "kind"}, strats...), "worst case", "worst strategy")
		var rows [][]report.Cell
		for _, b := range ps.Behaviours {
			row := []report.Cell{{Text: b.ID}, {Text: string(b.Kind)}}
			for _, st := range strats {
				if v, ok := b.ASR[st]; ok {
					row = append(row, report.Cell{Text: report.Pct(v), Share: v, Heat: true, Num: true})
				} else {
					row = append(row, report.Cell{Text: "–", Num: true})
				}
			}
			row = append(row, report.Cell{Text: report.Pct(b.WorstCase), Share: b.WorstCase, Heat: true, Num: true, Strong: true}, report.Cell{Text: b.WorstStrategy})
			rows = append(rows, row)
		}
		all := []report.Cell{{Text: "all behaviours", Strong: true}, {}}
		for _, st := range strats {
			r := ps.ByStrategy[st]
			all = append(all, report.Cell{Text: report.Pct(r.Value), Share: r.Value, Heat: true, Num: true, Strong: true})
		}
		all = append(all, report.Cell{Text: report.Pct(ps.WorstCaseASR.Value), Share: ps.WorstCaseASR.Value, Heat: true, Num: true, Strong: true}, report.Cell{})
		rows = append(rows, all)
		asr.WriteString(`<div class="scroll">` + string(report.Table(head, rows)) + `</div>`)
	}
	secs = append(secs, report.Section{ID: "asr", Title: "Attack success rate",
		Intro: "Share of attacks in which the target failed, per behaviour × strategy over the k runs; the worst case is the max over strategies, and the worst-case ASR its mean over behaviours. Intervals are percentile bootstrap 95%.",
		Body:  template.HTML(asr.String())})

	if len(s.Gap) > 0 && s.GapWorstCase != nil {
		off, prod := s.profile(ProfileOffline), s.profile(ProfileProduction)
		var rows [][]report.Cell
		for _, g := range s.Gap {
			rows = append(rows, []report.Cell{{Text: g.Behaviour}, {Text: report.Pct(g.Offline), Share: g.Offline, Heat: true, Num: true},
				{Text: report.Pct(g.Production), Share: g.Production, Heat: true, Num: true}, {Text: fmt.Sprintf("%+.0f pts", 100*g.Gap), Num: true}})
		}
		rows = append(rows, []report.Cell{{Text: "ALL (worst-case ASR)", Strong: true},
			{Text: ci(off.WorstCaseASR), Share: off.WorstCaseASR.Value, Heat: true, Num: true, Strong: true},
			{Text: ci(prod.WorstCaseASR), Share: prod.WorstCaseASR.Value, Heat: true, Num: true, Strong: true},
			{Text: fmt.Sprintf("%+.0f pts", 100**s.GapWorstCase), Num: true, Strong: true}},
			[]report.Cell{{Text: "over-refusal (benign suite)"}, {Text: report.Pct(off.OverRefusal.Value), Num: true}, {Text: report.Pct(prod.OverRefusal.Value), Num: true}, {}})
		secs = append(secs, report.Section{ID: "gap", Title: "The gap: worst-case ASR offline versus production",
			Intro: "The same behaviours attacked in the offline shape (1-3 templated turns, short clean context) and the production shape (long, noisy, adaptive).",
			Body:  report.Table([]string{"behaviour", "offline", "production", "gap"}, rows)})
	}

	var curves strings.Builder
	curves.WriteString(`<div class="grid2">`)
	xs, series := depthCurves(s, "all")
	curves.WriteString(`<div><h3>ASR by turn depth</h3>` + string(report.CurveSVG("ASR by turn depth", "turn depth (attacker turns)", xs, series)) + `</div>`)
	xs, series = contextCurves(s)
	curves.WriteString(`<div><h3>ASR by context length</h3>` + string(report.CurveSVG("ASR by context length", "context (estimated tokens)", xs, series)) + `</div>`)
	for i := range s.Profiles {
		ps := &s.Profiles[i]
		if len(ps.TurnDepth["all"]) < 2 {
			continue
		}
		one := &Summary{Profiles: []ProfileSummary{*ps}}
		var ser []report.Series
		var x []string
		for _, st := range strategiesRun(s, ps) {
			var sr []report.Series
			x, sr = depthCurves(one, st)
			for _, v := range sr {
				ser = append(ser, report.Series{Name: st, Values: v.Values})
			}
		}
		fmt.Fprintf(&curves, `<div><h3>ASR by turn depth per strategy, %s</h3>%s</div>`, esc(ps.Profile.Name),
			report.CurveSVG("ASR by turn depth per strategy, "+ps.Profile.Name, "turn depth (attacker turns)", x, ser))
	}
	curves.WriteString(`</div>`)
	secs = append(secs, report.Section{ID: "curves", Title: "ASR by turn depth and by context length",
		Intro: "The share of attacks that had succeeded by turn depth d, or by the time the conversation reached a context of at most L tokens: where the target's weaknesses begin.",
		Body:  template.HTML(curves.String())})

	var judge [][]report.Cell
	for _, ps := range s.Profiles {
		if j := ps.JudgeEndpoint; j != nil {
			judge = append(judge, []report.Cell{{Text: ps.Profile.Name}, {Text: string(j.Mode)}, {Text: strconv.Itoa(j.Judged), Num: true},
				{Text: ci(j.Agreement), Num: true}, {Text: report.Pct(j.DetectorASR), Num: true}, {Text: report.Pct(j.EndpointASR), Num: true},
				{Text: fmt.Sprintf("%d / %d / %d / %d", j.Both, j.DetectorsOnly, j.EndpointOnly, j.Neither), Num: true}, {Text: strconv.Itoa(j.Errors), Num: true}})
		}
	}
	if len(judge) > 0 {
		secs = append(secs, report.Section{ID: "judges", Title: "Detectors versus the judge endpoint",
			Intro: "The built-in detectors are the primary judge; the judge endpoint gives a second opinion on each transcript, combined as the mode says.",
			Body: report.Table([]string{"profile", "mode", "judged", "agreement", "ASR detectors", "ASR endpoint",
				"both / detectors only / endpoint only / neither", "endpoint errors"}, judge)})
	}
	return secs
}

// depthCurves returns the turn-depth curves of strategy (or "all") per
// profile over the union of depths; NaN past a profile's deepest turn.
func depthCurves(s *Summary, strategy string) ([]string, []report.Series) {
	maxX := 0
	for _, ps := range s.Profiles {
		for _, p := range ps.TurnDepth[strategy] {
			maxX = max(maxX, p.X)
		}
	}
	var xs []string
	for d := 1; d <= maxX; d++ {
		xs = append(xs, strconv.Itoa(d))
	}
	var series []report.Series
	for _, ps := range s.Profiles {
		curve := ps.TurnDepth[strategy]
		if len(curve) == 0 {
			continue
		}
		v := make([]float64, maxX)
		for i := range v {
			v[i] = math.NaN()
		}
		for _, p := range curve {
			v[p.X-1] = p.ASR
		}
		series = append(series, report.Series{Name: ps.Profile.Name, Values: v})
	}
	return xs, series
}

// contextCurves returns the context-length curves per profile, without
// the trailing buckets in which no curve changes any more.
func contextCurves(s *Summary) ([]string, []report.Series) {
	var series []report.Series
	last := 0
	for _, ps := range s.Profiles {
		curve := ps.Context["all"]
		v := make([]float64, len(curve))
		for i, p := range curve {
			v[i] = p.ASR
			if i > 0 && p.ASR != curve[i-1].ASR {
				last = max(last, i)
			}
		}
		if len(curve) > 0 {
			series = append(series, report.Series{Name: ps.Profile.Name, Values: v})
		}
	}
	n := min(last+2, len(contextBuckets))
	var xs []string
	for _, b := range contextBuckets[:n] {
		xs = append(xs, "≤"+strconv.Itoa(b))
	}
	for i := range series {
		series[i].Values = series[i].Values[:min(n, len(series[i].Values))]
	}
	return xs, series
}
