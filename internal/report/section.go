package report

import (
	"fmt"
	"html/template"
	"math"
	"strings"
)

// Section is a block of HTML a caller adds to the report (the red-team
// harness adds its attack-success tables and curves). Sections are shown in
// the HTML report after the headline numbers, in order; the Markdown and
// JSON renderings leave them out.
type Section struct {
	// ID is the section's HTML id (an anchor).
	ID string
	// Title is the section's heading; Intro an optional muted paragraph
	// under it.
	Title, Intro string
	// Body is trusted HTML: build it with Table, CurveSVG or html/template.
	Body template.HTML
}

// Series is one curve of a CurveSVG chart: a value in [0, 1] per x (NaN
// where the series has no point).
type Series struct {
	Name   string
	Values []float64
}

// palette colours the series of a chart, in order.
var palette = []string{"#3b5b92", "#b4233c", "#e6961e", "#2f855a", "#7c3aed", "#0e7490", "#a16207", "#db2777", "#4b5563", "#65a30d"}

// Pct formats a share as a whole percentage.
func Pct(v float64) string { return fmt.Sprintf("%.0f%%", 100*v) }

// CurveSVG draws shares in [0, 1] against the labelled x positions, one
// polyline with point markers per series, a 0-100% axis and a legend. It is
// inline SVG like the report's other charts: no script, printable.
func CurveSVG(label, xUnit string, xs []string, series []Series) template.HTML {
	if len(xs) == 0 || len(series) == 0 {
		return template.HTML(`<p class="muted">no data</p>`)
	}
	const plotH, left, top, legendRow = 160, 44, 10, 18
	step := max(28, min(70, 520/max(len(xs)-1, 1)))
	plotW := step * max(len(xs)-1, 1)
	legendRows := (len(series) + 2) / 3
	w, h := left+plotW+30, top+plotH+44+legendRow*legendRows
	x := func(i int) int {
		if len(xs) == 1 {
			return left + plotW/2
		}
		return left + step*i
	}
	y := func(v float64) float64 { return top + float64(plotH)*(1-math.Max(0, math.Min(1, v))) }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart curve" role="img" aria-label="%s" viewBox="0 0 %d %d" width="%d" height="%d">`, esc(label), w, h, w, h)
	for _, g := range []float64{0, 0.25, 0.5, 0.75, 1} {
		fmt.Fprintf(&b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" class="grid"/>`, left, y(g), left+plotW, y(g))
		fmt.Fprintf(&b, `<text x="%d" y="%.1f" text-anchor="end" class="axis small">%s</text>`, left-6, y(g)+4, Pct(g))
	}
	for i, l := range xs {
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" class="axis small">%s</text>`, x(i), top+plotH+16, esc(l))
	}
	fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" class="axis small">%s</text>`, left+plotW/2, top+plotH+32, esc(xUnit))
	for si, s := range series {
		color := palette[si%len(palette)]
		var pts []string
		flush := func() {
			if len(pts) > 1 {
				fmt.Fprintf(&b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2"/>`, strings.Join(pts, " "), color)
			}
			pts = pts[:0]
		}
		for i, v := range s.Values {
			if i >= len(xs) || math.IsNaN(v) {
				flush()
				continue
			}
			pts = append(pts, fmt.Sprintf("%d,%.1f", x(i), y(v)))
		}
		flush()
		for i, v := range s.Values {
			if i < len(xs) && !math.IsNaN(v) {
				fmt.Fprintf(&b, `<circle cx="%d" cy="%.1f" r="3" fill="%s"><title>%s at %s %s: %s</title></circle>`,
					x(i), y(v), color, esc(s.Name), esc(xs[i]), esc(xUnit), Pct(v))
			}
		}
		lx, ly := 8+(si%3)*((w-16)/3), top+plotH+44+legendRow*(si/3)
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="10" height="10" fill="%s"/><text x="%d" y="%d" class="axis small">%s</text>`,
			lx, ly-9, color, lx+14, ly, esc(s.Name))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// Cell is one cell of a Table: its text, and a share in [0, 1] that
// shades it from white to red when Heat is set.
type Cell struct {
	Text  string
	Share float64
	Heat  bool
	// Num right-aligns the cell; Strong sets it in bold.
	Num, Strong bool
}

// Table renders a table with a header row; cells are escaped.
func Table(head []string, rows [][]Cell) template.HTML {
	var b strings.Builder
	b.WriteString(`<table class="asr"><thead><tr>`)
	for _, h := range head {
		fmt.Fprintf(&b, `<th>%s</th>`, esc(h))
	}
	b.WriteString(`</tr></thead><tbody>`)
	for _, row := range rows {
		b.WriteString(`<tr>`)
		for _, c := range row {
			var class []string
			if c.Num {
				class = append(class, "num")
			}
			attr := ""
			if len(class) > 0 {
				attr = ` class="` + strings.Join(class, " ") + `"`
			}
			if c.Heat {
				attr += fmt.Sprintf(` style="background:%s"`, heatColor(c.Share))
			}
			text := esc(c.Text)
			if c.Strong {
				text = "<b>" + text + "</b>"
			}
			fmt.Fprintf(&b, `<td%s>%s</td>`, attr, text)
		}
		b.WriteString(`</tr>`)
	}
	b.WriteString(`</tbody></table>`)
	return template.HTML(b.String())
}
