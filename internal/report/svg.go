package report

import (
	"fmt"
	"html/template"
	"math"
	"strings"
)

// The charts are hand-written inline SVG: no script, no external resource,
// readable in print.

func esc(s string) string { return template.HTMLEscapeString(s) }

// heatColor maps v in [0,1] to a white-to-red fill.
func heatColor(v float64) string {
	v = math.Max(0, math.Min(1, v))
	g := int(245 - 170*v)
	return fmt.Sprintf("rgb(245,%d,%d)", g, g)
}

// heatMapSVG draws the phenomenon x cause heat map.
func heatMapSVG(h HeatMap, name func(string) string) template.HTML {
	const cw, ch, left, top = 185, 34, 150, 60
	maxV := 1
	for _, row := range h.Cells {
		for _, v := range row {
			maxV = max(maxV, v)
		}
	}
	w, hh := left+cw*len(h.Cols)+10, top+ch*len(h.Rows)+10
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" role="img" aria-label="incidents by phenomenon and cause" viewBox="0 0 %d %d" width="%d" height="%d">`, w, hh, w, hh)
	for j, c := range h.Cols {
		x := left + cw*j + cw/2
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" class="axis">%s</text>`, x, top-22, esc(name(c)))
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" class="axis small">%s</text>`, x, top-8, esc(c))
	}
	for i, r := range h.Rows {
		y := top + ch*i
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end" class="axis">%s</text>`, left-8, y+ch/2+4, esc(name(r)))
		for j := range h.Cols {
			v := h.Cells[i][j]
			fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" fill="%s" stroke="#fff"><title>%s x %s: %d</title></rect>`,
				left+cw*j, y, cw, ch, heatColor(float64(v)/float64(maxV)), esc(r), esc(h.Cols[j]), v)
			fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" class="cell">%d</text>`, left+cw*j+cw/2, y+ch/2+5, v)
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// barsSVG draws horizontal bars of counts.
func barsSVG(label string, counts []Count) template.HTML {
	const rowH, left, barW = 26, 190, 320
	maxV := 1
	for _, c := range counts {
		maxV = max(maxV, c.Incidents)
	}
	w, h := left+barW+60, rowH*len(counts)+10
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" role="img" aria-label="%s" viewBox="0 0 %d %d" width="%d" height="%d">`, esc(label), w, h, w, h)
	for i, c := range counts {
		y := 5 + rowH*i
		bw := barW * c.Incidents / maxV
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end" class="axis">%s</text>`, left-8, y+16, esc(c.Name))
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" class="bar"><title>%s: %d</title></rect>`, left, y+3, max(bw, 1), rowH-8, esc(c.ID), c.Incidents)
		fmt.Fprintf(&b, `<text x="%d" y="%d" class="axis">%d</text>`, left+bw+6, y+16, c.Incidents)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// histogramSVG draws production bins with the eval's bins overlaid.
func histogramSVG(label, unit string, h Histogram) template.HTML {
	if len(h.Prod) == 0 {
		return template.HTML(`<p class="muted">no data</p>`)
	}
	const plotH, barW, left, bottom = 140, 38, 40, 40
	total, totalEval := 0, 0
	for i := range h.Prod {
		total += h.Prod[i]
		if h.Eval != nil {
			totalEval += h.Eval[i]
		}
	}
	share := func(v, t int) float64 {
		if t == 0 {
			return 0
		}
		return float64(v) / float64(t)
	}
	maxS := 0.0
	for i := range h.Prod {
		maxS = math.Max(maxS, share(h.Prod[i], total))
		if h.Eval != nil {
			maxS = math.Max(maxS, share(h.Eval[i], totalEval))
		}
	}
	if maxS == 0 {
		maxS = 1
	}
	w, hh := left+barW*len(h.Prod)+20, plotH+bottom+10
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" role="img" aria-label="%s" viewBox="0 0 %d %d" width="%d" height="%d">`, esc(label), w, hh, w, hh)
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" class="axisline"/>`, left, plotH+5, w-10, plotH+5)
	for i := range h.Prod {
		x := left + barW*i
		ph := int(float64(plotH) * share(h.Prod[i], total) / maxS)
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" class="bar"><title>production: %d trajectories up to %g %s</title></rect>`,
			x+4, plotH+5-ph, barW-8, ph, h.Prod[i], h.Upper[i], esc(unit))
		if h.Eval != nil {
			eh := int(float64(plotH) * share(h.Eval[i], totalEval) / maxS)
			fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" class="evalbar"><title>eval: %d trajectories up to %g %s</title></rect>`,
				x+2, plotH+5-eh, barW-4, eh, h.Eval[i], h.Upper[i], esc(unit))
		}
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" class="axis small">≤%s</text>`, x+barW/2, plotH+22, shortNum(h.Upper[i]))
	}
	fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" class="axis small">%s</text>`, left+barW*len(h.Prod)/2, plotH+40, esc(unit))
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

func shortNum(v float64) string {
	switch {
	case v >= 1e6:
		return fmt.Sprintf("%gM", v/1e6)
	case v >= 1e3:
		return fmt.Sprintf("%gk", v/1e3)
	}
	return fmt.Sprintf("%g", v)
}

// riskSVG draws the per-turn risk curve of one incident, with the warn and
// fail thresholds.
func riskSVG(risk []float64, firstTurns []int) template.HTML {
	if len(risk) == 0 {
		return ""
	}
	const h, left, top = 90, 30, 8
	step := max(16, 320/max(len(risk)-1, 1))
	if len(risk) > 40 {
		step = max(3, 640/len(risk))
	}
	w := left + step*max(len(risk)-1, 1) + 20
	y := func(v float64) float64 { return top + float64(h)*(1-v) }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart risk" role="img" aria-label="risk per turn" viewBox="0 0 %d %d" width="%d" height="%d">`, w, h+30, w, h+30)
	for _, th := range []struct {
		v     float64
		class string
	}{{0.5, "warn"}, {0.8, "fail"}} {
		fmt.Fprintf(&b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" class="th %s"/>`, left, y(th.v), w-10, y(th.v), th.class)
	}
	var pts []string
	for i, v := range risk {
		pts = append(pts, fmt.Sprintf("%d,%.1f", left+step*i, y(v)))
	}
	fmt.Fprintf(&b, `<polyline points="%s" class="curve"/>`, strings.Join(pts, " "))
	for _, t := range firstTurns {
		if t >= 0 && t < len(risk) {
			fmt.Fprintf(&b, `<circle cx="%d" cy="%.1f" r="4" class="mark"><title>first turn %d</title></circle>`, left+step*t, y(risk[t]), t)
		}
	}
	fmt.Fprintf(&b, `<text x="4" y="%.1f" class="axis small">1</text><text x="4" y="%.1f" class="axis small">0</text>`, y(1)+4, y(0))
	fmt.Fprintf(&b, `<text x="%d" y="%d" class="axis small">turn →</text>`, left, h+26)
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
