package report

import (
	"fmt"
	"html/template"
	"io"
	"strings"
	"unicode/utf8"
)

// truncate cuts s to at most n bytes on a rune boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

var htmlFuncs = template.FuncMap{
	"pct":  func(v float64) string { return fmt.Sprintf("%.0f%%", 100*v) },
	"f2":   func(v float64) string { return fmt.Sprintf("%.2f", v) },
	"f4":   func(v float64) string { return fmt.Sprintf("%.4f", v) },
	"join": strings.Join,
	"inc":  func(i int) int { return i + 1 },
}

// WriteHTML writes the report as one self-contained HTML file: inline CSS
// and SVG, no script, no external URL, printable.
func (r *Report) WriteHTML(w io.Writer) error {
	t, err := template.New("report").Funcs(htmlFuncs).Funcs(template.FuncMap{
		"name":    r.Name,
		"heatmap": func() template.HTML { return heatMapSVG(r.HeatMap, r.Name) },
		"bars":    barsSVG,
		"hist":    histogramSVG,
		"risk": func(inc Incident) template.HTML {
			var firsts []int
			for _, f := range inc.Findings {
				firsts = append(firsts, f.FirstTurn)
			}
			return riskSVG(inc.Risk, firsts)
		},
	}).Parse(htmlTemplate)
	if err != nil {
		return fmt.Errorf("report template: %w", err)
	}
	if err := t.Execute(w, r); err != nil {
		return fmt.Errorf("rendering the report: %w", err)
	}
	return nil
}

const htmlTemplate = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
:root { --ink: #1d2330; --muted: #6b7280; --line: #e5e7eb; --accent: #b4233c; --bar: #3b5b92; --eval: rgba(230, 150, 30, .45); }
* { box-sizing: border-box; }
body { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); margin: 0 auto; max-width: 1180px; padding: 24px; }
h1 { font-size: 24px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 32px 0 8px; border-bottom: 2px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 0 0 6px; }
.muted, .small { color: var(--muted); } .small { font-size: 11px; }
.kpis { display: flex; gap: 12px; flex-wrap: wrap; margin: 16px 0; }
.kpi { border: 1px solid var(--line); border-radius: 8px; padding: 10px 16px; min-width: 120px; }
.kpi b { display: block; font-size: 22px; } .kpi.fail b { color: var(--accent); }
.first { background: #fdf2f4; border-left: 4px solid var(--accent); padding: 10px 14px; margin: 12px 0; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; } th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #f8fafc; font-weight: 600; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; background: #f3f4f6; padding: 1px 4px; border-radius: 3px; }
.chart { max-width: 100%; height: auto; } .chart text.axis { font-size: 12px; fill: var(--ink); } .chart text.small { font-size: 10px; fill: var(--muted); }
.chart text.cell { font-size: 13px; font-weight: 600; fill: var(--ink); } .chart .bar { fill: var(--bar); } .chart .evalbar { fill: var(--eval); stroke: #c77d0a; }
.chart .axisline { stroke: var(--muted); } .risk .curve { fill: none; stroke: var(--accent); stroke-width: 2; } .risk .th { stroke-dasharray: 4 3; }
.risk .th.warn { stroke: #d9a400; } .risk .th.fail { stroke: var(--accent); } .risk .mark { fill: var(--accent); }
.grid2 { display: grid; grid-template-columns: 1fr 1fr; gap: 20px; } @media (max-width: 800px) { .grid2 { grid-template-columns: 1fr; } }
.incident { border: 1px solid var(--line); border-radius: 8px; padding: 14px; margin: 16px 0; break-inside: avoid-page; }
.incident .layout { display: grid; grid-template-columns: 3fr 2fr; gap: 16px; } @media (max-width: 900px) { .incident .layout { grid-template-columns: 1fr; } }
.msg { border-left: 3px solid var(--line); padding: 4px 10px; margin: 6px 0; white-space: pre-wrap; word-break: break-word; }
.msg .who { font-size: 11px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
.msg.user { border-color: #94a3b8; } .msg.assistant { border-color: var(--bar); } .msg.tool { border-color: #a3a3a3; background: #fafafa; } .msg.system { border-color: #c084fc; }
.msg.evidence { background: #fff4e5; border-color: #e8890c; } .sig { font-size: 11px; color: #9a5b00; }
.finding { border-top: 1px dashed var(--line); padding: 8px 0; } .sev { font-weight: 600; } .sev.critical, .sev.high { color: var(--accent); }
.chart line.grid { stroke: var(--line); } table.asr td, table.asr th { padding: 4px 8px; white-space: nowrap; } .scroll { overflow-x: auto; }
.legend span { display: inline-block; width: 12px; height: 12px; vertical-align: middle; margin: 0 4px 0 12px; }
@media print { body { max-width: none; padding: 0; font-size: 11px; } h2 { break-after: avoid; } .incident, table, svg { break-inside: avoid; } .msg { max-height: none; } }
</style>
</head>
<body>
<header>
<h1>{{.Title}}</h1>
<p class="muted">What failed, why, and which pipeline stage to change first. Generated by faultline from {{.Trajectories}} trajectories.</p>
</header>
<div class="kpis">
<div class="kpi"><span class="muted">trajectories</span><b>{{.Trajectories}}</b></div>
<div class="kpi fail"><span class="muted">fail</span><b>{{index .Verdicts "fail"}}</b></div>
<div class="kpi"><span class="muted">warn</span><b>{{index .Verdicts "warn"}}</b></div>
<div class="kpi"><span class="muted">pass</span><b>{{index .Verdicts "pass"}}</b></div>
</div>
{{with .Plan}}{{with index . 0}}<div class="first"><b>Fix first:</b> {{.Name}} (<code>{{.ID}}</code>, stage <code>{{.Stage}}</code>, effectiveness {{.Effectiveness}}) — addresses {{.Findings}} findings in {{.Trajectories}} trajectories. Artifact: {{.Artifact}}.</div>{{end}}{{end}}
{{range .Notes}}<p class="muted">Note: {{.}}</p>{{end}}
{{range .Sections}}<section class="extra" id="{{.ID}}">
<h2>{{.Title}}</h2>
{{with .Intro}}<p class="muted">{{.}}</p>{{end}}
{{.Body}}
</section>
{{end}}
<h2>What failed and why</h2>
<div class="grid2">
<div><h3>Incidents by phenomenon</h3>{{bars "incidents by phenomenon" .Phenomena}}</div>
<div><h3>Attributed causes (confidence ≥ 0.5)</h3>{{bars "incidents by cause" .Causes}}</div>
</div>
<h3>Phenomenon × cause</h3>
{{heatmap}}

<h2>Where to fix it: the intervention plan</h2>
<p class="muted">In the taxonomy's recommended priority order — post-hoc safeguards first (immediate, but they do not fix the root cause), then RLHF, SFT and pretraining — and within a stage by incidence × severity × confidence × effectiveness.</p>
{{if .Plan}}<table>
<thead><tr><th>#</th><th>intervention</th><th>stage</th><th>effectiveness</th><th>findings</th><th>trajectories</th><th>score</th><th>artifact faultline produces</th></tr></thead>
<tbody>{{range $i, $p := .Plan}}<tr><td class="num">{{inc $i}}</td><td>{{$p.Name}}<br><code>{{$p.ID}}</code></td><td>{{$p.Stage}}</td><td>{{$p.Effectiveness}}</td><td class="num">{{$p.Findings}}</td><td class="num">{{$p.Trajectories}}</td><td class="num">{{f4 $p.Score}}</td><td>{{$p.Artifact}}</td></tr>
{{end}}</tbody></table>{{else}}<p>No incidents, so no intervention is needed.</p>{{end}}

<h2>Eval versus production</h2>
<div class="grid2">
<div><h3>Turn depth (user turns)</h3>{{hist "turn depth histogram" "user turns" .TurnDepth}}</div>
<div><h3>Context length (estimated tokens)</h3>{{hist "context length histogram" "tokens" .ContextLen}}</div>
</div>
<p class="legend small"><span style="background:var(--bar)"></span>scanned traffic{{if .Gap}}<span style="background:var(--eval);border:1px solid #c77d0a"></span>eval profile{{end}}</p>
{{with .Gap}}<table>
<thead><tr><th>factor</th><th>offline eval</th><th>production</th><th>outside eval support</th><th>divergence (JSD)</th><th>scenario to add</th></tr></thead>
<tbody>{{range .Factors}}<tr><td>{{.Factor}}</td><td>{{.Eval}}</td><td>{{.Prod}}</td><td class="num">{{pct .OutsideSupport}}</td><td class="num">{{printf "%.3f" .Divergence}}</td><td>{{.Scenario}}</td></tr>
{{end}}</tbody></table>{{with .Summary}}<p><b>Add first:</b> {{.}}</p>{{end}}{{else}}<p class="muted">Pass <code>--eval-profile</code> (from <code>faultline profile</code> on your eval set) to compare this traffic with your eval, factor by factor.</p>{{end}}

<h2>Top incidents</h2>
{{if not .Incidents}}<p>No trajectory reached the warn threshold.</p>{{end}}
{{range .Incidents}}<section class="incident" id="incident-{{.ID}}">
<h3>{{.ID}} <span class="sev {{.Verdict}}">{{.Verdict}}</span> <span class="muted">score {{f2 .Score}} · {{.Turns}} turns · {{.Source}}</span></h3>
{{risk .}}
<div class="layout">
<div class="conversation">{{if .Messages}}{{range .Messages}}<div class="msg {{.Role}}{{if .Evidence}} evidence{{end}}"><div class="who">{{.Turn}} · {{.Role}}{{if .Signals}} <span class="sig">⚠ {{join .Signals ", "}}</span>{{end}}</div>{{.Text}}</div>{{end}}{{else}}<p class="muted">Conversation not available (report built from scan output).</p>{{end}}</div>
<div class="findings">{{range .Findings}}<div class="finding">
<div><b>{{name .Phenomenon}}</b> <span class="sev {{.Severity}}">{{.Severity}}</span> {{f2 .Score}} · first turn {{.FirstTurn}}</div>
{{with .Summary}}<div>{{.}}</div>{{end}}
{{if .Evidence}}<div class="small">Evidence:</div><ul>{{range .Evidence}}<li>turn {{.Turn}} <code>{{.Signal}}</code> {{f2 .Weight}}: {{.Excerpt}}</li>{{end}}</ul>{{end}}
{{if .Causes}}<div class="small">Why:</div><ul>{{range .Causes}}<li><b>{{name .ID}}</b> {{f2 .Confidence}}{{range .Evidence}}<br><span class="small">{{.}}</span>{{end}}</li>{{end}}</ul>{{end}}
{{if .Interventions}}<div class="small">Fix:</div><ul>{{range .Interventions}}<li><code>{{.ID}}</code> ({{.Stage}}, {{.Effectiveness}}): {{.Artifact}}</li>{{end}}</ul>{{end}}
</div>{{end}}</div>
</div>
</section>{{end}}
<footer class="small muted"><p>faultline · phenomena, causes and interventions follow the failure taxonomy v2.</p></footer>
</body>
</html>
`
