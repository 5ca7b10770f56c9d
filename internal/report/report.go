// Package report turns scan results into the triage report a safety team
// reads: what failed (totals by phenomenon and cause, a phenomenon x cause
// heat map), why and where to fix it first (the ranked intervention plan), how
// production differs from the eval (histograms and the gap table), and the top
// incidents rendered as conversations with their evidence. It renders the same
// data as JSON, Markdown and one self-contained HTML file.
package report

import (
	"cmp"
	"encoding/json"
	"slices"

	"github.com/faultline-dev/faultline/internal/analysis"
	"github.com/faultline-dev/faultline/internal/finding"
	"github.com/faultline-dev/faultline/internal/plan"
	"github.com/faultline-dev/faultline/internal/profile"
	"github.com/faultline-dev/faultline/internal/taxonomy"
	"github.com/faultline-dev/faultline/internal/trajectory"
)

// Item is one analyzed trajectory. Trajectory and Risk are only needed for
// incidents (they are rendered); they are nil when the report is built from
// scan output rather than from the logs themselves.
type Item struct {
	Result     analysis.Result
	Trajectory *trajectory.Trajectory
	// Risk is the highest phenomenon score after each message.
	Risk []float64
}

// Options shape a report.
type Options struct {
	// Title of the report.
	Title string
	// TopIncidents is how many incidents are shown in full (default 10).
	TopIncidents int
	// Eval is the eval profile to overlay and compare against, if any.
	Eval *profile.Profile
	// Threshold is the score from which a finding counts as an incident
	// (default: the warn threshold, 0.5).
	Threshold float64
	// Prod is the profile of the scanned trajectories (histograms and the
	// gap); nil when the report is built from scan output alone.
	Prod *profile.Profile
	// Sections are added to the HTML report after the headline numbers.
	Sections []Section
}

// Report is the report's data: everything the renderers show.
type Report struct {
	Title        string         `json:"title"`
	Trajectories int            `json:"trajectories"`
	Verdicts     map[string]int `json:"verdicts"`
	Phenomena    []Count        `json:"phenomena"`
	Causes       []Count        `json:"causes"`
	HeatMap      HeatMap        `json:"heat_map"`
	Plan         []plan.Ranked  `json:"plan"`
	TurnDepth    Histogram      `json:"turn_depth"`
	ContextLen   Histogram      `json:"context_tokens"`
	Gap          *profile.Gap   `json:"gap,omitempty"`
	Incidents    []Incident     `json:"incidents"`
	FirstStage   string         `json:"first_stage,omitempty"`
	Notes        []string       `json:"notes,omitempty"`
	Sections     []Section      `json:"-"`
	taxonomy     *taxonomy.Taxonomy
	names        map[string]string
}

// Count is a number of incidents per phenomenon or cause, with the mean score.
type Count struct {
	ID        string  `json:"id"`
	Name      string  `json:"name"`
	Incidents int     `json:"incidents"`
	MeanScore float64 `json:"mean_score"`
}

// HeatMap counts incidents per phenomenon (rows) and attributed cause
// (columns, confidence >= 0.5).
type HeatMap struct {
	Rows  []string `json:"rows"`
	Cols  []string `json:"cols"`
	Cells [][]int  `json:"cells"`
}

// Histogram bins a factor of the scanned corpus, with the eval's bins when given.
type Histogram struct {
	// Upper bounds of the bins (power-of-two bins).
	Upper []float64 `json:"upper"`
	Prod  []int     `json:"prod"`
	Eval  []int     `json:"eval,omitempty"`
}

// Incident is one top failing trajectory.
type Incident struct {
	ID       string            `json:"id"`
	Source   string            `json:"source"`
	Verdict  string            `json:"verdict"`
	Score    float64           `json:"score"`
	Turns    int               `json:"turns"`
	Findings []finding.Finding `json:"findings"`
	Risk     []float64         `json:"risk,omitempty"`
	Messages []Message         `json:"messages,omitempty"`
}

// Message is one rendered message of an incident.
type Message struct {
	Turn     int    `json:"turn"`
	Role     string `json:"role"`
	Text     string `json:"text"`
	Evidence bool   `json:"evidence,omitempty"`
	// Signals names the evidence signals that point at this turn.
	Signals []string `json:"signals,omitempty"`
}

// maxMessageChars caps the text of one rendered message.
const maxMessageChars = 2000

// Build computes the report over items.
func Build(items []Item, tx *taxonomy.Taxonomy, opt Options) *Report {
	if opt.TopIncidents == 0 {
		opt.TopIncidents = 10
	}
	if opt.Threshold == 0 {
		opt.Threshold = analysis.DefaultThresholds().Warn
	}
	if opt.Title == "" {
		opt.Title = "faultline report"
	}
	r := &Report{Title: opt.Title, Trajectories: len(items), Verdicts: map[string]int{"pass": 0, "warn": 0, "fail": 0},
		Sections: opt.Sections, taxonomy: tx, names: map[string]string{}}
	for _, p := range tx.Phenomena {
		r.names[p.ID] = p.Name
	}
	for _, c := range tx.Causes {
		r.names[c.ID] = c.Name
	}
	phen := map[string]*Count{}
	for _, id := range taxonomy.PhenomenonIDs() {
		phen[id] = &Count{ID: id, Name: r.names[id]}
	}
	causes := map[string]*Count{}
	for _, id := range taxonomy.CauseIDs() {
		causes[id] = &Count{ID: id, Name: r.names[id]}
	}
	r.HeatMap = HeatMap{Rows: taxonomy.PhenomenonIDs(), Cols: taxonomy.CauseIDs(), Cells: make([][]int, 4)}
	for i := range r.HeatMap.Cells {
		r.HeatMap.Cells[i] = make([]int, 4)
	}
	var corpus [][]finding.Finding
	for _, it := range items {
		r.Verdicts[string(it.Result.Verdict)]++
		var incidents []finding.Finding
		for _, f := range it.Result.Findings {
			if f.Score < opt.Threshold {
				continue
			}
			incidents = append(incidents, f)
			if c := phen[f.Phenomenon]; c != nil {
				c.Incidents++
				c.MeanScore += f.Score
			}
			row := slices.Index(r.HeatMap.Rows, f.Phenomenon)
			for _, cr := range f.Causes {
				if cr.Confidence < 0.5 {
					continue
				}
				if c := causes[cr.ID]; c != nil {
					c.Incidents++
					c.MeanScore += cr.Confidence
				}
				if col := slices.Index(r.HeatMap.Cols, cr.ID); row >= 0 && col >= 0 {
					r.HeatMap.Cells[row][col]++
				}
			}
		}
		corpus = append(corpus, incidents)
	}
	for _, id := range taxonomy.PhenomenonIDs() {
		c := phen[id]
		if c.Incidents > 0 {
			c.MeanScore = round3(c.MeanScore / float64(c.Incidents))
		}
		r.Phenomena = append(r.Phenomena, *c)
	}
	for _, id := range taxonomy.CauseIDs() {
		c := causes[id]
		if c.Incidents > 0 {
			c.MeanScore = round3(c.MeanScore / float64(c.Incidents))
		}
		r.Causes = append(r.Causes, *c)
	}
	r.Plan = plan.New(tx).Rank(corpus, len(items))
	if len(r.Plan) > 0 {
		r.FirstStage = r.Plan[0].Stage
	}
	if opt.Prod != nil {
		pp := *opt.Prod
		r.TurnDepth = histogram(pp.TurnDepth, opt.Eval, func(p *profile.Profile) profile.Dist { return p.TurnDepth })
		r.ContextLen = histogram(pp.ContextTokens, opt.Eval, func(p *profile.Profile) profile.Dist { return p.ContextTokens })
		if opt.Eval != nil {
			g := profile.Compare(*opt.Eval, pp)
			r.Gap = &g
		}
	} else {
		r.Notes = append(r.Notes, "built from scan output: conversations, risk curves, histograms and the gap table need the original logs (pass them instead of the scan output)")
	}
	r.Incidents = topIncidents(items, opt)
	return r
}

func round3(v float64) float64 { return float64(int(v*1000+0.5)) / 1000 }

func histogram(d profile.Dist, eval *profile.Profile, pick func(*profile.Profile) profile.Dist) Histogram {
	h := Histogram{Prod: append([]int(nil), d.Bins...)}
	if eval != nil {
		h.Eval = append([]int(nil), pick(eval).Bins...)
	}
	n := max(len(h.Prod), len(h.Eval))
	for len(h.Prod) < n {
		h.Prod = append(h.Prod, 0)
	}
	if eval != nil {
		for len(h.Eval) < n {
			h.Eval = append(h.Eval, 0)
		}
	}
	for k := range n {
		h.Upper = append(h.Upper, float64(int(1)<<k))
	}
	return h
}

// topIncidents picks the failing trajectories with the highest scores.
func topIncidents(items []Item, opt Options) []Incident {
	var idx []int
	for i, it := range items {
		if it.Result.Scores.Max() >= opt.Threshold {
			idx = append(idx, i)
		}
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		return cmp.Compare(items[b].Result.Scores.Max(), items[a].Result.Scores.Max())
	})
	if len(idx) > opt.TopIncidents {
		idx = idx[:opt.TopIncidents]
	}
	out := make([]Incident, 0, len(idx))
	for _, i := range idx {
		it := items[i]
		inc := Incident{ID: it.Result.ID, Source: it.Result.Source, Verdict: string(it.Result.Verdict),
			Score: it.Result.Scores.Max(), Turns: it.Result.Turns, Findings: it.Result.Findings, Risk: it.Risk}
		if it.Trajectory != nil {
			signals := map[int][]string{}
			for _, f := range it.Result.Findings {
				for _, e := range f.Evidence {
					if !slices.Contains(signals[e.Turn], e.Signal) {
						signals[e.Turn] = append(signals[e.Turn], e.Signal)
					}
				}
				signals[f.FirstTurn] = append(signals[f.FirstTurn], "first_turn:"+f.Phenomenon)
			}
			for ti, m := range it.Trajectory.Messages {
				text := m.Content
				for _, c := range m.ToolCalls {
					text += "\n→ " + c.Name + "(" + compactArgs(c.Arguments) + ")"
				}
				if len(text) > maxMessageChars {
					text = truncate(text, maxMessageChars) + " [truncated]"
				}
				inc.Messages = append(inc.Messages, Message{Turn: ti, Role: string(m.Role), Text: text,
					Evidence: len(signals[ti]) > 0, Signals: signals[ti]})
			}
		}
		out = append(out, inc)
	}
	return out
}

// compactArgs renders tool-call arguments as compact JSON.
func compactArgs(args map[string]any) string {
	b, err := json.Marshal(args)
	if err != nil {
		return "?"
	}
	return string(b)
}

// Name returns the display name of a taxonomy ID.
func (r *Report) Name(id string) string {
	if n := r.names[id]; n != "" {
		return n
	}
	return id
}
