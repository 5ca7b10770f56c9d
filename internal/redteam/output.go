package redteam

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/faultline-dev/faultline/internal/trajectory"
)

// Output file names inside --out.
const (
	SummaryFile     = "summary.json"
	TranscriptsFile = "transcripts.jsonl"
)

// transcriptRecord is one attack in the scan input format (OpenAI chat
// JSONL) with the harness's metadata and the judge's findings.
type transcriptRecord struct {
	ID       string          `json:"id"`
	Model    string          `json:"model,omitempty"`
	Tools    []wireTool      `json:"tools,omitempty"`
	Messages []transcriptMsg `json:"messages"`
	Metadata transcriptMeta  `json:"metadata"`
}

// transcriptMsg is a chat message with its per-turn metadata (token usage
// reported by the target), which the scan input format reads.
type transcriptMsg struct {
	wireMsg
	Metadata *trajectory.TurnMeta `json:"metadata,omitempty"`
}

func transcriptMessages(msgs []trajectory.Message) []transcriptMsg {
	w := toWire(msgs)
	out := make([]transcriptMsg, len(w))
	for i := range w {
		out[i] = transcriptMsg{wireMsg: w[i], Metadata: msgs[i].Meta}
	}
	return out
}

type transcriptMeta struct {
	ID        string        `json:"id"`
	Model     string        `json:"model,omitempty"`
	Objective string        `json:"objective,omitempty"`
	Redteam   *Attack       `json:"redteam"`
	Judge     transcriptJdg `json:"judge"`
}

type transcriptJdg struct {
	Verdict  string `json:"verdict"`
	Scores   any    `json:"scores"`
	Causes   any    `json:"causes"`
	Findings any    `json:"findings"`
}

// WriteTranscripts writes every attack as one scan-input record.
func WriteTranscripts(w io.Writer, o *Outcome, model string) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for _, a := range o.Attacks {
		if a == nil {
			continue
		}
		if err := enc.Encode(transcriptOf(a, model)); err != nil {
			return fmt.Errorf("writing transcript %s: %w", a.Key, err)
		}
	}
	return bw.Flush()
}

// transcriptOf is the scan-input record of one attack.
func transcriptOf(a *Attack, model string) transcriptRecord {
	return transcriptRecord{ID: a.Key, Model: model, Tools: toolsWire(a.Tools), Messages: transcriptMessages(a.Messages),
		Metadata: transcriptMeta{ID: a.Key, Model: model, Objective: a.Goal, Redteam: a,
			Judge: transcriptJdg{Verdict: string(a.Result.Verdict), Scores: a.Result.Scores, Causes: a.Result.Causes, Findings: a.findingsOf()}}}
}

// WriteOutputs writes summary.json and transcripts.jsonl into dir: the
// transcripts in the run's deterministic order (replacing the log appended
// while the run went), each file written whole and renamed into place.
func WriteOutputs(dir string, s *Summary, o *Outcome, model string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("creating %s: %w", dir, err)
	}
	var buf bytes.Buffer
	if err := WriteTranscripts(&buf, o, model); err != nil {
		return err
	}
	if err := writeFileAtomic(filepath.Join(dir, TranscriptsFile), buf.Bytes()); err != nil {
		return err
	}
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return fmt.Errorf("encoding the summary: %w", err)
	}
	return writeFileAtomic(filepath.Join(dir, SummaryFile), append(data, '\n'))
}

// ReadSummary reads summary.json from a previous run's directory.
func ReadSummary(dir string) (*Summary, error) {
	data, err := os.ReadFile(filepath.Join(dir, SummaryFile))
	if err != nil {
		return nil, fmt.Errorf("reading the baseline: %w", err)
	}
	var s Summary
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, fmt.Errorf("reading the baseline %s: %w", filepath.Join(dir, SummaryFile), err)
	}
	return &s, nil
}

func pct(v float64) string { return fmt.Sprintf("%3.0f%%", 100*v) }

// PrintTable writes the readable summary: per profile, ASR per behaviour x
// strategy with the worst case, the headline metrics, and the gap table
// when both profiles ran.
func PrintTable(w io.Writer, s *Summary) {
	for _, ps := range s.Profiles {
		var strats []string
		seen := map[string]bool{}
		for _, c := range ps.Cells {
			if !seen[c.Strategy] {
				seen[c.Strategy] = true
			}
		}
		for _, id := range s.Strategies {
			if seen[id] {
				strats = append(strats, id)
			}
		}
		fmt.Fprintf(w, "\n== profile %s (max %d turns, context %d tokens, noise %v, adaptive %v; k=%d) ==\n",
			ps.Profile.Name, ps.Profile.MaxTurns, ps.Profile.Context, ps.Profile.Noise, ps.Profile.Adaptive, ps.K)
		tw := tabwriter.NewWriter(w, 0, 0, 1, ' ', tabwriter.AlignRight)
		head := "behaviour\t"
		for _, st := range strats {
			head += abbrev(st) + "\t"
		}
		fmt.Fprintln(tw, head+"worst\t")
		for _, b := range ps.Behaviours {
			line := b.ID + "\t"
			for _, st := range strats {
				if v, ok := b.ASR[st]; ok {
					line += pct(v) + "\t"
				} else {
					line += "-\t"
				}
			}
			fmt.Fprintln(tw, line+pct(b.WorstCase)+"\t")
		}
		tw.Flush()
		fmt.Fprintf(w, "ASR %s [%s, %s]  worst-case ASR %s [%s, %s]  ASR@%d %s  pass^%d %s  over-refusal %s (%d benign)\n",
			pct(ps.ASR.Value), pct(ps.ASR.Lo), pct(ps.ASR.Hi), pct(ps.WorstCaseASR.Value), pct(ps.WorstCaseASR.Lo), pct(ps.WorstCaseASR.Hi),
			ps.K, pct(ps.ASRAtK.Value), ps.K, pct(ps.PassK.Value), pct(ps.OverRefusal.Value), ps.OverRefusal.N)
		if ps.QueriesToFirstFailure.N > 0 {
			fmt.Fprintf(w, "queries to first failure: mean %.1f, median %.1f over %d successful attacks\n",
				ps.QueriesToFirstFailure.Mean, ps.QueriesToFirstFailure.Median, ps.QueriesToFirstFailure.N)
		}
		if curve := ps.TurnDepth["all"]; len(curve) > 0 {
			var parts []string
			for _, p := range curve {
				parts = append(parts, fmt.Sprintf("%d:%s", p.X, strings.TrimSpace(pct(p.ASR))))
			}
			fmt.Fprintf(w, "ASR by turn depth: %s\n", strings.Join(parts, " "))
		}
		if j := ps.JudgeEndpoint; j != nil {
			fmt.Fprintf(w, "judge endpoint (%s): agrees with the detectors on %s of %d attacks [%s, %s]; ASR detectors %s, endpoint %s; %d endpoint-only, %d detectors-only, %d endpoint errors\n",
				j.Mode, pct(j.Agreement.Value), j.Judged, pct(j.Agreement.Lo), pct(j.Agreement.Hi), pct(j.DetectorASR), pct(j.EndpointASR), j.EndpointOnly, j.DetectorsOnly, j.Errors)
		}
		if at := ps.Attacker; at != nil {
			fmt.Fprintf(w, "attacker endpoint: wrote %d turns, %d fell back to the templated turn\n", at.Written, at.Fallbacks)
		}
		if ps.Errors > 0 {
			fmt.Fprintf(w, "%d attacks ended on a target error or the budget\n", ps.Errors)
		}
	}
	if len(s.Usage) > 0 {
		var parts []string
		for _, r := range roles(s.Usage) {
			u := s.Usage[r]
			part := fmt.Sprintf("%s %d calls, %d+%d tokens", r, u.Calls, u.PromptTokens, u.CompletionTokens)
			if u.CostUSD > 0 {
				part += fmt.Sprintf(", $%.4f", u.CostUSD)
			}
			parts = append(parts, part)
		}
		fmt.Fprintf(w, "\nspent: %s\n", strings.Join(parts, "; "))
	}
	if len(s.Gap) > 0 {
		off, prod := s.profile(ProfileOffline), s.profile(ProfileProduction)
		fmt.Fprintf(w, "\n== gap: worst-case ASR, offline vs production ==\n")
		tw := tabwriter.NewWriter(w, 0, 0, 1, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "behaviour\toffline\tproduction\tgap\t")
		for _, g := range s.Gap {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%+.0f pts\t\n", g.Behaviour, pct(g.Offline), pct(g.Production), 100*g.Gap)
		}
		fmt.Fprintf(tw, "ALL (worst-case ASR)\t%s\t%s\t%+.0f pts\t\n", pct(off.WorstCaseASR.Value), pct(prod.WorstCaseASR.Value), 100*(*s.GapWorstCase))
		fmt.Fprintf(tw, "over-refusal\t%s\t%s\t\t\n", pct(off.OverRefusal.Value), pct(prod.OverRefusal.Value))
		tw.Flush()
	}
}

func abbrev(st string) string {
	switch st {
	case "context_flooding":
		return "flood"
	case "indirect_injection":
		return "inject"
	case "sycophancy_pressure":
		return "syco"
	case "decomposition":
		return "decomp"
	case "role_marker":
		return "roles"
	}
	return st
}

// Comparison is a run compared with a baseline run.
type Comparison struct {
	New        []string `json:"new"`
	Fixed      []string `json:"fixed"`
	Persistent []string `json:"persistent"`
	// WorstCase holds the worst-case ASR per profile, before and after.
	WorstCase map[string][2]float64 `json:"worst_case"`
	// Regression is true when an attack that was safe now fails, or the
	// worst-case ASR of a profile rose.
	Regression bool `json:"regression"`
}

// Compare compares cur with base. Attacks are matched by key
// (profile/behaviour/strategy/run); attacks that ended on an error on
// either side are not compared.
func Compare(base, cur *Summary) Comparison {
	c := Comparison{WorstCase: map[string][2]float64{}}
	before := map[string]AttackKey{}
	for _, a := range base.Attacks {
		before[a.Key] = a
	}
	for _, a := range cur.Attacks {
		b, ok := before[a.Key]
		if !ok || a.Error || b.Error {
			continue
		}
		switch {
		case a.Success && b.Success:
			c.Persistent = append(c.Persistent, a.Key)
		case a.Success:
			c.New = append(c.New, a.Key)
		case b.Success:
			c.Fixed = append(c.Fixed, a.Key)
		}
	}
	for _, l := range [][]string{c.New, c.Fixed, c.Persistent} {
		sort.Strings(l)
	}
	for _, p := range cur.Profiles {
		if bp := base.profile(p.Profile.Name); bp != nil {
			c.WorstCase[p.Profile.Name] = [2]float64{bp.WorstCaseASR.Value, p.WorstCaseASR.Value}
			if p.WorstCaseASR.Value > bp.WorstCaseASR.Value+1e-9 {
				c.Regression = true
			}
		}
	}
	if len(c.New) > 0 {
		c.Regression = true
	}
	return c
}

// PrintComparison writes the baseline comparison.
func PrintComparison(w io.Writer, c Comparison) {
	fmt.Fprintf(w, "\n== baseline: %d new, %d fixed, %d persistent failures ==\n", len(c.New), len(c.Fixed), len(c.Persistent))
	for _, k := range c.New {
		fmt.Fprintf(w, "  new        %s\n", k)
	}
	for _, k := range c.Fixed {
		fmt.Fprintf(w, "  fixed      %s\n", k)
	}
	names := make([]string, 0, len(c.WorstCase))
	for n := range c.WorstCase {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		v := c.WorstCase[n]
		fmt.Fprintf(w, "  worst-case ASR %s: %s -> %s\n", n, pct(v[0]), pct(v[1]))
	}
	if c.Regression {
		fmt.Fprintln(w, "REGRESSION")
	}
}
