package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// WriteJSON writes the report data as indented JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// mdEscape keeps text inside one Markdown table cell.
func mdEscape(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	s = strings.ReplaceAll(s, "\r", " ")
	return strings.ReplaceAll(s, "\n", " ")
}

// WriteMarkdown writes the report as GitHub-flavoured Markdown.
func (r *Report) WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", r.Title)
	fmt.Fprintf(&b, "%d trajectories: %d fail, %d warn, %d pass.\n\n", r.Trajectories, r.Verdicts["fail"], r.Verdicts["warn"], r.Verdicts["pass"])
	if r.FirstStage != "" {
		fmt.Fprintf(&b, "**Fix first:** %s — %s (stage `%s`).\n\n", r.Plan[0].Name, r.Plan[0].Artifact, r.FirstStage)
	}
	for _, n := range r.Notes {
		fmt.Fprintf(&b, "> %s\n\n", n)
	}
	b.WriteString("## What failed\n\n| phenomenon | incidents | mean score |\n|---|---:|---:|\n")
	for _, c := range r.Phenomena {
		fmt.Fprintf(&b, "| %s (`%s`) | %d | %.2f |\n", c.Name, c.ID, c.Incidents, c.MeanScore)
	}
	b.WriteString("\n## Why\n\n| cause | incidents | mean confidence |\n|---|---:|---:|\n")
	for _, c := range r.Causes {
		fmt.Fprintf(&b, "| %s (`%s`) | %d | %.2f |\n", c.Name, c.ID, c.Incidents, c.MeanScore)
	}
	b.WriteString("\nIncidents by phenomenon (rows) and cause (columns, confidence >= 0.5):\n\n| |")
	for _, c := range r.HeatMap.Cols {
		fmt.Fprintf(&b, " %s |", c)
	}
	b.WriteString("\n|---|" + strings.Repeat("---:|", len(r.HeatMap.Cols)) + "\n")
	for i, row := range r.HeatMap.Rows {
		fmt.Fprintf(&b, "| %s |", row)
		for _, v := range r.HeatMap.Cells[i] {
			fmt.Fprintf(&b, " %d |", v)
		}
		b.WriteString("\n")
	}
	b.WriteString("\n## Where to fix it: the intervention plan\n\nRanked in the taxonomy's priority order (post-hoc first, then RLHF, SFT, pretraining), then by incidence x severity x confidence x effectiveness.\n\n")
	if len(r.Plan) == 0 {
		b.WriteString("No incidents, so no intervention is needed.\n")
	} else {
		b.WriteString("| # | intervention | stage | effectiveness | findings | trajectories | score | artifact |\n|---:|---|---|---|---:|---:|---:|---|\n")
		for i, p := range r.Plan {
			fmt.Fprintf(&b, "| %d | %s (`%s`) | %s | %s | %d | %d | %.4f | %s |\n", i+1, p.Name, p.ID, p.Stage, p.Effectiveness, p.Findings, p.Trajectories, p.Score, mdEscape(p.Artifact))
		}
	}
	if r.Gap != nil {
		b.WriteString("\n## Eval versus production\n\n| factor | offline eval | production | outside eval support | divergence |\n|---|---|---|---:|---:|\n")
		for _, f := range r.Gap.Factors {
			fmt.Fprintf(&b, "| %s | %s | %s | %.0f%% | %.3f |\n", f.Factor, mdEscape(f.Eval), mdEscape(f.Prod), 100*f.OutsideSupport, f.Divergence)
		}
		for _, f := range r.Gap.Factors {
			if f.Scenario != "" {
				fmt.Fprintf(&b, "\n- %s: %s", f.Factor, f.Scenario)
			}
		}
		b.WriteString("\n")
	}
	b.WriteString("\n## Top incidents\n")
	if len(r.Incidents) == 0 {
		b.WriteString("\nNone.\n")
	}
	for _, inc := range r.Incidents {
		fmt.Fprintf(&b, "\n### %s (%s, score %.2f)\n\nSource `%s`, %d turns.\n\n", inc.ID, inc.Verdict, inc.Score, inc.Source, inc.Turns)
		for _, f := range inc.Findings {
			fmt.Fprintf(&b, "- **%s** %.2f (%s) from turn %d", f.Phenomenon, f.Score, f.Severity, f.FirstTurn)
			if f.Summary != "" {
				fmt.Fprintf(&b, ": %s", mdEscape(f.Summary))
			}
			b.WriteString("\n")
			for _, e := range f.Evidence {
				fmt.Fprintf(&b, "  - turn %d `%s` (%.2f): %s\n", e.Turn, e.Signal, e.Weight, mdEscape(e.Excerpt))
			}
			for _, c := range f.Causes {
				fmt.Fprintf(&b, "  - cause `%s` %.2f: %s\n", c.ID, c.Confidence, mdEscape(strings.Join(c.Evidence, "; ")))
			}
			if len(f.Interventions) > 0 {
				var ivs []string
				for _, iv := range f.Interventions {
					ivs = append(ivs, fmt.Sprintf("`%s` (%s)", iv.ID, iv.Stage))
				}
				fmt.Fprintf(&b, "  - fix: %s\n", strings.Join(ivs, ", "))
			}
		}
		if len(inc.Messages) > 0 {
			b.WriteString("\n")
			for _, m := range inc.Messages {
				mark := ""
				if m.Evidence {
					mark = " ⚠ " + strings.Join(m.Signals, ", ")
				}
				text := truncate(m.Text, 300)
				fmt.Fprintf(&b, "> **%d %s**%s: %s\n>\n", m.Turn, m.Role, mark, mdEscape(text))
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
