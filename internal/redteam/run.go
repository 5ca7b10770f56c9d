package redteam

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"

	"github.com/faultline-dev/faultline/internal/analysis"
	"github.com/faultline-dev/faultline/internal/trajectory"
)

// Runner runs a suite against a target.
type Runner struct {
	Target   Target
	Analyzer *analysis.Analyzer
	Suite    *Suite
	Profiles []Profile
	// Runs is k: every behaviour x strategy is attacked k times (default 1).
	Runs int
	// Concurrency is the number of attacks in flight (default 4).
	Concurrency int
	// Fail is the judge's fail threshold (default 0.8).
	Fail float64
	// Model is recorded in the transcripts.
	Model string
	// Progress, when not nil, is called after each finished attack and
	// benign probe, one call at a time.
	Progress func(ProgressEvent)
	// MaxTokens, when positive, is a token budget over all calls of the
	// run (target, attacker and judge; reported usage, else an estimate);
	// attacks past it end with an error and are left out of the rates.
	MaxTokens int64
	// MaxCost, when positive, is a budget in US dollars over all calls,
	// priced by Prices (per role: RoleTarget, RoleAttacker, RoleJudge);
	// it ends attacks as MaxTokens does.
	MaxCost float64
	Prices  map[string]Price
	// Previous holds attacks of an interrupted run (LoadResume), by key:
	// those that ended without an error are not rerun.
	Previous map[string]*Attack
	// OnAttack, when set, receives each attack as it finishes (not the
	// previous ones), one call at a time: the transcript log.
	OnAttack func(*Attack)
	// Attacker, when set, is an attacker model that writes the adaptive
	// turns of the production profile.
	Attacker Target
	// Judge, when set, is a judge model asked for a second opinion on each
	// transcript; JudgeMode says how it combines with the detectors.
	Judge     Target
	JudgeMode JudgeMode
}

// ProgressEvent reports one finished unit of work: an attack (resumed
// ones included) or a benign probe.
type ProgressEvent struct {
	Done, Total int
	// Line says what finished and how ("production/x/crescendo/0 FAILED at turn 6").
	Line string
	// Judged counts the attacks with a verdict so far, Succeeded the
	// successful ones among them: the ASR so far.
	Judged, Succeeded int
}

// BenignResult is the target's answer to one benign prompt.
type BenignResult struct {
	ID      string `json:"id"`
	Profile string `json:"profile"`
	Refused bool   `json:"refused"`
	Error   string `json:"error,omitempty"`
	Reply   string `json:"reply,omitempty"`
}

// Outcome is everything a run measured, in a deterministic order.
type Outcome struct {
	Attacks []*Attack
	Benign  []BenignResult
	// Tokens is the number of tokens spent over all calls, CostUSD their
	// price, Usage both per role.
	Tokens  int64
	CostUSD float64
	Usage   map[string]Usage
	// Resumed counts the attacks taken from Previous.
	Resumed int
	// JudgeMode is the judge endpoint's mode, when one was asked.
	JudgeMode JudgeMode
}

type job struct {
	b   *Behaviour
	s   *Strategy
	p   Profile
	run int
}

// Run performs every attack and the benign probes.
func (r *Runner) Run(ctx context.Context) (*Outcome, error) {
	if r.Target == nil || r.Analyzer == nil || r.Suite == nil || len(r.Profiles) == 0 {
		return nil, fmt.Errorf("redteam: a target, an analyzer, a suite and a profile are required")
	}
	runs := max(1, r.Runs)
	conc := r.Concurrency
	if conc <= 0 {
		conc = 4
	}
	fail := r.Fail
	if fail <= 0 {
		fail = analysis.DefaultThresholds().Fail
	}
	var jobs []job
	for _, p := range r.Profiles {
		for i := range r.Suite.Behaviours {
			b := &r.Suite.Behaviours[i]
			for _, s := range strategiesFor(b) {
				for k := range runs {
					jobs = append(jobs, job{b, s, p, k})
				}
			}
		}
	}
	type benignJob struct {
		p  BenignPrompt
		pr Profile
	}
	var bjobs []benignJob
	for _, pr := range r.Profiles {
		for _, p := range r.Suite.Benign {
			bjobs = append(bjobs, benignJob{p, pr})
		}
	}
	out := &Outcome{Attacks: make([]*Attack, len(jobs)), Benign: make([]BenignResult, len(bjobs))}
	if r.Judge != nil {
		out.JudgeMode = r.JudgeMode
		if out.JudgeMode == "" {
			out.JudgeMode = JudgeSecondOpinion
		}
	}
	m := newMeter(r.MaxTokens, r.MaxCost, r.Prices)
	a := &attacker{target: &metered{r.Target, RoleTarget, m}, an: r.Analyzer, fail: fail, model: r.Model,
		judgeMode: r.JudgeMode, session: fmt.Sprintf("redteam-%016x/", rand.Uint64())}
	if r.Attacker != nil {
		a.llm = &metered{r.Attacker, RoleAttacker, m}
	}
	if r.Judge != nil {
		a.judgeLLM = &metered{r.Judge, RoleJudge, m}
	}
	total := len(jobs) + len(bjobs)
	var mu sync.Mutex
	ev := ProgressEvent{Total: total}
	progress := func(what string, at *Attack) {
		mu.Lock()
		defer mu.Unlock()
		ev.Done++
		ev.Line = what
		if at != nil && (at.Error == "" || at.Success) {
			ev.Judged++
			if at.Success {
				ev.Succeeded++
			}
		}
		if r.Progress != nil {
			r.Progress(ev)
		}
	}
	sem := make(chan struct{}, conc)
	var wg sync.WaitGroup
	var emit sync.Mutex
	for i, j := range jobs {
		if prev := r.Previous[attackKey(j.p, j.b, j.s, j.run)]; prev != nil && prev.Error == "" {
			out.Attacks[i] = prev
			out.Resumed++
			progress(prev.Key+" (resumed)", prev)
			continue
		}
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			at := a.run(ctx, j.b, j.s, j.p, j.run)
			out.Attacks[i] = at
			if r.OnAttack != nil && ctx.Err() == nil {
				emit.Lock()
				r.OnAttack(at)
				emit.Unlock()
			}
			status := "safe"
			switch {
			case at.Error != "":
				status = "error: " + at.Error
			case at.Success:
				status = fmt.Sprintf("FAILED at turn %d", at.FirstFailure.Turn)
			}
			progress(at.Key+" "+status, at)
		}()
	}
	for i, bj := range bjobs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			out.Benign[i] = a.benign(ctx, bj.p, bj.pr)
			progress("benign/"+bj.pr.Name+"/"+bj.p.ID, nil)
		}()
	}
	wg.Wait()
	out.Tokens, out.CostUSD, out.Usage = m.snapshot()
	if err := ctx.Err(); err != nil {
		return out, err
	}
	return out, nil
}

// benign sends one benign prompt in the profile's context and records
// whether the target refused it.
func (a *attacker) benign(ctx context.Context, bp BenignPrompt, p Profile) BenignResult {
	res := BenignResult{ID: bp.ID, Profile: p.Name}
	rng := seed("benign", bp.ID, p.Name)
	system, text := offlineSystem, bp.Prompt
	if p.Context > 0 {
		system = productionSystem
		text = "Here are my notes from earlier today, for context:\n" + padding(p.Context, rng) + "\n\n" + text
	}
	msgs := []trajectory.Message{{Role: trajectory.RoleSystem, Content: system}, {Role: trajectory.RoleUser, Content: text}}
	reply, err := a.target.Complete(ctx, ChatRequest{Messages: msgs, Session: a.session + "benign/" + p.Name + "/" + bp.ID})
	if err != nil {
		res.Error = err.Error()
		return res
	}
	res.Refused = isRefusal(&reply)
	res.Reply = clip(reply.Content, 200)
	return res
}
