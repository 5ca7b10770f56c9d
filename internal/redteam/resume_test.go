package redteam

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/faultline-dev/faultline/internal/simulate"
)

// runInto runs r into dir as `faultline redteam --out dir [--resume]`
// does: manifest, transcripts appended per attack, outputs at the end.
func runInto(t *testing.T, r *Runner, dir string, cfg RunConfig, resume bool) (*Outcome, *Summary) {
	t.Helper()
	keep := false
	if resume {
		prev, err := LoadResume(dir, cfg, r.Analyzer)
		if err != nil {
			t.Fatal(err)
		}
		r.Previous, keep = prev.Attacks, true
	}
	if err := WriteManifest(dir, cfg); err != nil {
		t.Fatal(err)
	}
	log, err := OpenTranscriptLog(dir, r.Model, keep)
	if err != nil {
		t.Fatal(err)
	}
	r.OnAttack = func(a *Attack) {
		if err := log.Write(a); err != nil {
			t.Error(err)
		}
	}
	out, err := r.Run(context.Background())
	log.Close()
	if err != nil {
		t.Fatal(err)
	}
	sum := Summarize(out, r.Profiles, r.Runs, 0.8)
	if err := WriteOutputs(dir, sum, out, r.Model); err != nil {
		t.Fatal(err)
	}
	return out, sum
}

// comparable drops what differs between an interrupted-and-resumed run and
// an uninterrupted one by design: the calls spent.
func comparable(t *testing.T, s *Summary) string {
	t.Helper()
	c := *s
	c.TokensSpent, c.CostUSD, c.Usage = 0, 0, nil
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestResumeMatchesUninterrupted: a run cut short by its token budget,
// then resumed without one, measures exactly what an uninterrupted run
// measures; only the attacks the budget cut are rerun. A truncated last
// line is ignored with a warning, and a different configuration is refused.
func TestResumeMatchesUninterrupted(t *testing.T) {
	target := simTarget(t, simulate.DefaultConfig())
	s := suiteOf(t, "", "malware-keylogger", "inject-payment", "sycophancy-decimal", "fabrication-citation")
	profiles := []Profile{OfflineProfile(), ProductionProfile(8)}
	cfg := RunConfig{Target: "sim", Model: "m", Suite: s.Name, SuiteHash: SuiteHash(s), Profiles: profiles, Runs: 2, FailThreshold: 0.8}
	newRunner := func(maxTokens int64) *Runner {
		return &Runner{Target: target, Analyzer: testAnalyzer(t), Suite: s, Profiles: profiles, Runs: 2, Concurrency: 2, Model: "m", MaxTokens: maxTokens}
	}
	fullOut, full := runInto(t, newRunner(0), t.TempDir(), cfg, false)

	dir := t.TempDir()
	cutOut, _ := runInto(t, newRunner(40000), dir, cfg, false)
	cut := 0
	for _, a := range cutOut.Attacks {
		if a.Error != "" {
			cut++
		}
	}
	if cut == 0 || cut == len(cutOut.Attacks) {
		t.Fatalf("the budget cut %d of %d attacks; want some", cut, len(cutOut.Attacks))
	}
	// A run killed while writing leaves a truncated last line.
	f, err := os.OpenFile(filepath.Join(dir, TranscriptsFile), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(`{"id": "offline/malware-keylogger/crescendo/0", "messages": [{"role": "us`)
	f.Close()
	prev, err := LoadResume(dir, cfg, testAnalyzer(t))
	if err != nil || len(prev.Warnings) != 1 || !strings.Contains(prev.Warnings[0], "truncated last line") {
		t.Fatalf("warnings %v, err %v", prev.Warnings, err)
	}

	r := newRunner(0)
	out, resumed := runInto(t, r, dir, cfg, true)
	if out.Resumed != len(out.Attacks)-cut {
		t.Errorf("resumed %d attacks, want the %d the budget did not cut", out.Resumed, len(out.Attacks)-cut)
	}
	if got, want := comparable(t, resumed), comparable(t, full); got != want {
		t.Errorf("resumed summary differs from the uninterrupted one:\n%s\n%s", got, want)
	}
	// The resumed attacks' judgement was rebuilt by replaying the
	// transcripts: the report's inputs match the uninterrupted run's.
	for i, a := range out.Attacks {
		b := fullOut.Attacks[i]
		if a.Key != b.Key || len(a.Messages) != len(b.Messages) || !slices.Equal(a.Risk, b.Risk) ||
			a.Result.Verdict != b.Result.Verdict || len(a.Result.Findings) != len(b.Result.Findings) {
			t.Errorf("%s: replayed judgement differs: risk %v vs %v, verdict %s vs %s", a.Key, a.Risk, b.Risk, a.Result.Verdict, b.Result.Verdict)
		}
	}
	data, _ := os.ReadFile(filepath.Join(dir, TranscriptsFile))
	if n := strings.Count(string(data), "\n"); n != len(out.Attacks) {
		t.Errorf("%d transcript lines for %d attacks after the final rewrite", n, len(out.Attacks))
	}

	// Another configuration is refused, naming what changed.
	other := cfg
	other.Runs = 3
	if _, err := LoadResume(dir, other, testAnalyzer(t)); err == nil || !strings.Contains(err.Error(), "runs (was 2, now 3)") {
		t.Errorf("err %v, want a configuration mismatch naming runs", err)
	}
	if _, err := LoadResume(t.TempDir(), cfg, testAnalyzer(t)); !errors.Is(err, ErrNothingToResume) {
		t.Errorf("empty dir: %v", err)
	}
}
