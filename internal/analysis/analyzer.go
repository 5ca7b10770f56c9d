package analysis

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"sync"

	"github.com/faultline-dev/faultline/internal/attribute"
	"github.com/faultline-dev/faultline/internal/detect"
	"github.com/faultline-dev/faultline/internal/finding"
	"github.com/faultline-dev/faultline/internal/plan"
	"github.com/faultline-dev/faultline/internal/signal"
	"github.com/faultline-dev/faultline/internal/trajectory"
)

// Config assembles a pipeline.
type Config struct {
	Signals   *signal.Registry
	Detectors *detect.Registry
	// Env is given to signal and detector constructors (trained models).
	Env         *signal.Env
	Attribution *attribute.Stage
	Planner     *plan.Planner
	Thresholds  Thresholds
}

// Analyzer runs the pipeline. It is safe for concurrent use: signals and
// detectors are built once and must be immutable; every trajectory gets its own
// trackers and monitors.
type Analyzer struct {
	set         *signal.Set
	detectors   []detect.Detector
	attribution *attribute.Stage
	planner     *plan.Planner
	thresholds  Thresholds
	// sessions holds the sessions Analyze is done with, for reuse.
	sessions sync.Pool
}

// New validates cfg and returns an analyzer. Nil registries mean none.
func New(cfg Config) (*Analyzer, error) {
	if cfg.Planner == nil {
		return nil, fmt.Errorf("analysis: a planner is required")
	}
	th := cfg.Thresholds
	if th == (Thresholds{}) {
		th = DefaultThresholds()
	}
	if th.Warn <= 0 || th.Fail > 1 || th.Warn > th.Fail {
		return nil, fmt.Errorf("analysis: thresholds must satisfy 0 < warn <= fail <= 1, got warn=%g fail=%g", th.Warn, th.Fail)
	}
	a := &Analyzer{attribution: cfg.Attribution, planner: cfg.Planner, thresholds: th}
	if cfg.Signals != nil {
		sigs, err := cfg.Signals.Build(cfg.Env)
		if err != nil {
			return nil, fmt.Errorf("analysis: %w", err)
		}
		a.set = signal.NewSet(sigs)
	}
	if cfg.Detectors != nil {
		dets, err := cfg.Detectors.Build(cfg.Env)
		if err != nil {
			return nil, fmt.Errorf("analysis: %w", err)
		}
		a.detectors = dets
	}
	if a.set == nil {
		a.set = signal.NewSet(nil)
	}
	if a.attribution == nil {
		a.attribution = attribute.NewStage()
	}
	return a, nil
}

// Session is the incremental analysis of one trajectory: messages are added
// one at a time and the result can be read after any of them. A message must
// not change once observed.
type Session struct {
	a        *Analyzer
	traj     *trajectory.Trajectory
	signals  *signal.Session
	monitors []detect.Monitor
	observed int
	// peak is the highest value of each signal so far, peakExcerpt the
	// excerpt measured with it.
	peak        []float64
	peakExcerpt []string
	// trace, when tracing, is every turn's non-zero signal values.
	tracing bool
	trace   []TurnTrace
	// results counts the calls of Result; from the second on, cache keeps
	// the last one (see Result).
	results int
	cache   resultCache
}

// resultCache is the last result with what it was derived from:
// attribution and planning depend only on the detectors' findings, the
// context-exploitation score and the trajectory up to each finding's turn
// (observed messages do not change), so the same findings give the same
// result whatever turn was added since.
type resultCache struct {
	valid    bool
	raw      []finding.Finding // the detectors' findings, before attribution
	ctxScore float64
	turnMeta *trajectory.TurnMeta // the trajectory's default turn metadata
	res      Result
}

// Start begins a session for t. Messages already in t are not observed until
// Observe or ObserveAll is called.
func (a *Analyzer) Start(t *trajectory.Trajectory) *Session {
	s := &Session{a: a, traj: t, signals: a.set.Track(&t.Meta),
		peak: make([]float64, a.set.Len()), peakExcerpt: make([]string, a.set.Len())}
	for _, d := range a.detectors {
		s.monitors = append(s.monitors, d.Monitor(&t.Meta, a.set))
	}
	return s
}

// StartTraced is Start for a session whose Result also carries the trace:
// every turn's non-zero signal values with their excerpts, the evidence
// behind the scores.
func (a *Analyzer) StartTraced(t *trajectory.Trajectory) *Session {
	s := a.Start(t)
	s.tracing = true
	return s
}

// ObserveAll observes every message of the trajectory not yet observed.
func (s *Session) ObserveAll() {
	for s.observed < len(s.traj.Messages) {
		s.observeNext()
	}
}

// Append adds a message to the trajectory and observes it.
func (s *Session) Append(m trajectory.Message) {
	s.traj.Messages = append(s.traj.Messages, m)
	s.ObserveAll()
}

func (s *Session) observeNext() {
	turn := s.signals.Observe(&s.traj.Messages[s.observed])
	for i, v := range turn.Values {
		if v.Value > s.peak[i] {
			s.peak[i], s.peakExcerpt[i] = v.Value, v.Excerpt
		}
	}
	if s.tracing {
		s.record(turn)
	}
	for _, m := range s.monitors {
		m.Observe(turn)
	}
	s.observed++
}

// SignalPeak returns the highest value of the signal id over the messages
// observed so far, and false when no such signal is registered.
func (s *Session) SignalPeak(id string) (float64, bool) {
	i := s.a.set.Index(id)
	if i < 0 {
		return 0, false
	}
	return s.peak[i], true
}

// SignalPeakMeasurement is SignalPeak with the excerpt measured with the
// peak value (the first turn that reached it).
func (s *Session) SignalPeakMeasurement(id string) (signal.Measurement, bool) {
	i := s.a.set.Index(id)
	if i < 0 {
		return signal.Measurement{}, false
	}
	return signal.Measurement{Value: s.peak[i], Excerpt: s.peakExcerpt[i]}, true
}

// Result computes the result for the messages observed so far. The gateway
// calls it after every turn, so when the detectors' findings did not change
// since the last call, attribution and planning are not run again: their
// outcome is reused.
func (s *Session) Result() Result {
	r := Result{ID: s.traj.ID, Source: s.traj.Source, Turns: s.observed, Findings: []finding.Finding{}}
	var ctxScore float64
	for _, m := range s.monitors {
		for _, f := range m.Findings() {
			f.Score = finding.Clamp01(f.Score)
			if f.Severity == "" {
				f.Severity = finding.SeverityFor(f.Score)
			}
			if f.Evidence == nil {
				f.Evidence = []finding.Evidence{}
			}
			r.Findings = append(r.Findings, f)
			if p := r.Scores.ptr(f.Phenomenon); p != nil && f.Score > *p {
				*p = f.Score
			}
		}
		if cs, ok := m.(detect.ContextScorer); ok {
			ctxScore = max(ctxScore, cs.ContextExploitation())
		}
	}
	sort.SliceStable(r.Findings, func(i, j int) bool { return r.Findings[i].Score > r.Findings[j].Score })
	s.results++
	c := &s.cache
	if c.valid && sameFloat(c.ctxScore, ctxScore) && c.turnMeta == s.traj.Meta.Turn && sameFindings(c.raw, r.Findings) {
		r.Findings = cloneFindings(c.res.Findings)
		r.Causes = c.res.Causes
	} else {
		if s.results > 1 {
			c.raw, c.ctxScore, c.turnMeta = cloneFindings(r.Findings), ctxScore, s.traj.Meta.Turn
		}
		in := &attribute.Input{Trajectory: s.traj, Findings: r.Findings, ContextExploitation: ctxScore}
		for id, v := range s.a.attribution.Run(in) {
			if p := r.Causes.ptr(id); p != nil {
				*p = finding.Clamp01(v)
			}
		}
		for i := range r.Findings {
			s.a.planner.Plan(&r.Findings[i])
		}
		if s.results > 1 {
			c.valid = true
			c.res = Result{Causes: r.Causes, Findings: cloneFindings(r.Findings)}
		}
	}
	r.Verdict = s.a.thresholds.Verdict(r.Scores.Max())
	if s.tracing {
		r.Trace = slices.Clone(s.trace)
	}
	return r
}

// sameFloat reports whether a and b are the same value (NaN included).
func sameFloat(a, b float64) bool { return math.Float64bits(a) == math.Float64bits(b) }

// sameFindings reports whether a and b hold the same findings, field by
// field.
func sameFindings(a, b []finding.Finding) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := &a[i], &b[i]
		if x.Phenomenon != y.Phenomenon || x.Detector != y.Detector || !sameFloat(x.Score, y.Score) ||
			x.Severity != y.Severity || x.FirstTurn != y.FirstTurn || x.Summary != y.Summary ||
			len(x.Evidence) != len(y.Evidence) || len(x.Causes) != len(y.Causes) ||
			len(x.Interventions) != len(y.Interventions) || (x.Evidence == nil) != (y.Evidence == nil) ||
			(x.Causes == nil) != (y.Causes == nil) || (x.Interventions == nil) != (y.Interventions == nil) {
			return false
		}
		for j := range x.Evidence {
			e, f := &x.Evidence[j], &y.Evidence[j]
			if e.Turn != f.Turn || e.Signal != f.Signal || e.Excerpt != f.Excerpt || !sameFloat(e.Weight, f.Weight) {
				return false
			}
		}
		for j := range x.Causes {
			c, d := &x.Causes[j], &y.Causes[j]
			if c.ID != d.ID || !sameFloat(c.Confidence, d.Confidence) || !slices.Equal(c.Evidence, d.Evidence) ||
				(c.Evidence == nil) != (d.Evidence == nil) {
				return false
			}
		}
		if !slices.Equal(x.Interventions, y.Interventions) {
			return false
		}
	}
	return true
}

// cloneFindings returns a deep copy of fs: nil slices stay nil, empty ones
// empty.
func cloneFindings(fs []finding.Finding) []finding.Finding {
	out := slices.Clone(fs)
	for i := range out {
		f := &out[i]
		f.Evidence = slices.Clone(f.Evidence)
		f.Interventions = slices.Clone(f.Interventions)
		if f.Causes != nil {
			cs := slices.Clone(f.Causes)
			for j := range cs {
				cs[j].Evidence = slices.Clone(cs[j].Evidence)
			}
			f.Causes = cs
		}
	}
	return out
}

// record appends a turn's non-zero signal values to the trace.
func (s *Session) record(turn signal.Turn) {
	tt := TurnTrace{Turn: turn.Index, Signals: []SignalValue{}}
	if turn.Message != nil {
		tt.Role = string(turn.Message.Role)
	}
	for i, v := range turn.Values {
		if v.Value != 0 {
			tt.Signals = append(tt.Signals, SignalValue{Signal: s.a.set.ID(i), Value: v.Value, Excerpt: v.Excerpt})
		}
	}
	s.trace = append(s.trace, tt)
}

// Analyze runs the whole pipeline on a complete trajectory.
func (a *Analyzer) Analyze(t *trajectory.Trajectory) Result {
	return a.analyze(t, false)
}

// AnalyzeTraced is Analyze for a result that also carries the trace (see
// StartTraced).
func (a *Analyzer) AnalyzeTraced(t *trajectory.Trajectory) Result {
	return a.analyze(t, true)
}

// analyze runs a session over t whose result it returns. The session is one
// an earlier call was done with, when there is one: its signal trackers that
// can be reset keep their buffers, so a scan allocates them about once per
// worker rather than once per trajectory. The result shares no memory with
// the session.
func (a *Analyzer) analyze(t *trajectory.Trajectory, trace bool) Result {
	s, _ := a.sessions.Get().(*Session)
	if s == nil {
		s = a.Start(t)
	} else {
		s.reset(t)
	}
	s.tracing = trace
	s.ObserveAll()
	r := s.Result()
	s.release()
	a.sessions.Put(s)
	return r
}

// reset readies a session Analyze is done with (see release) for t, as
// Start(t) would return it: monitors that implement detect.Resetter are
// reset, the others replaced by new ones.
func (s *Session) reset(t *trajectory.Trajectory) {
	s.traj = t
	s.signals.Reset(&t.Meta)
	for i, d := range s.a.detectors {
		if r, ok := s.monitors[i].(detect.Resetter); ok {
			r.Reset(&t.Meta, s.a.set)
			continue
		}
		s.monitors[i] = d.Monitor(&t.Meta, s.a.set)
	}
}

// release drops what a session refers to of its trajectory and its result
// (the trackers and monitors keep theirs until reset), leaving it as reset
// expects it.
func (s *Session) release() {
	s.traj = nil
	clear(s.peak)
	clear(s.peakExcerpt)
	s.observed = 0
	s.tracing = false
	clear(s.trace)
	s.trace = s.trace[:0]
	s.results = 0
	s.cache = resultCache{}
}
