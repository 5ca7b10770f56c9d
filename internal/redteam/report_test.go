package redteam

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/faultline-dev/faultline/internal/report"
	"github.com/faultline-dev/faultline/internal/simulate"
	"github.com/faultline-dev/faultline/internal/taxonomy"
)

// TestReportSections: report.html leads with the ASR table per behaviour x
// strategy (worst case per behaviour), the gap table and the curves, and
// their numbers are the summary's.
func TestReportSections(t *testing.T) {
	s := suiteOf(t, "", "malware-keylogger", "inject-payment", "fabrication-citation")
	out, sum := runSuite(t, simTarget(t, simulate.DefaultConfig()), s, OfflineProfile(), ProductionProfile(10))
	tx, err := taxonomy.Default()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := BuildReport(out, sum, tx, "rt").WriteHTML(&buf); err != nil {
		t.Fatal(err)
	}
	h := buf.String()
	order := []string{`id="asr"`, `id="gap"`, `id="curves"`, "What failed and why"}
	for i := 1; i < len(order); i++ {
		if a, b := strings.Index(h, order[i-1]), strings.Index(h, order[i]); a < 0 || b < 0 || a > b {
			t.Errorf("%q (at %d) should come before %q (at %d)", order[i-1], a, order[i], b)
		}
	}
	prod := sum.profile(ProfileProduction)
	for _, b := range prod.Behaviours {
		// The behaviour's row ends with its worst case in bold and its
		// worst strategy.
		want := fmt.Sprintf("<b>%s</b></td><td>%s</td></tr>", report.Pct(b.WorstCase), b.WorstStrategy)
		if !strings.Contains(h, "<td>"+b.ID+"</td>") || !strings.Contains(h, want) {
			t.Errorf("%s: the ASR table lacks the row ending %q", b.ID, want)
		}
	}
	for _, g := range sum.Gap {
		want := fmt.Sprintf("<td>%s</td><td class=\"num\" style=\"background:", g.Behaviour)
		if !strings.Contains(h, want) || !strings.Contains(h, fmt.Sprintf("%+.0f pts", 100*g.Gap)) {
			t.Errorf("the gap table lacks %s", g.Behaviour)
		}
	}
	// Each turn-depth point of the production curve is a titled marker
	// with the summary's value.
	for _, p := range prod.TurnDepth["all"] {
		want := fmt.Sprintf("<title>production at %d turn depth (attacker turns): %s</title>", p.X, report.Pct(p.ASR))
		if !strings.Contains(h, want) {
			t.Errorf("the turn-depth curve lacks %q", want)
		}
	}
	if n := strings.Count(h, `class="chart curve"`); n != 4 {
		t.Errorf("%d curve charts, want 4 (depth, context, per strategy offline and production)", n)
	}
	// Without a summary (the generic triage report), no section.
	buf.Reset()
	BuildReport(out, nil, tx, "rt").WriteHTML(&buf)
	if strings.Contains(buf.String(), `id="asr"`) {
		t.Error("sections without a summary")
	}
}
