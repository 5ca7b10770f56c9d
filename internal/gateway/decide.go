package gateway

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/faultline-dev/faultline/internal/analysis"
	"github.com/faultline-dev/faultline/internal/finding"
	"github.com/faultline-dev/faultline/internal/policy"
	"github.com/faultline-dev/faultline/internal/signal/inject"
	"github.com/faultline-dev/faultline/internal/signal/provenance"
	"github.com/faultline-dev/faultline/internal/store"
	"github.com/faultline-dev/faultline/internal/taxonomy"
	"github.com/faultline-dev/faultline/internal/trajectory"
)

// verdict is the combined decision of one exchange phase.
type verdict struct {
	action   policy.Action
	rule     string // the rule that decided action
	rules    []string
	message  string
	severity finding.Severity
	errs     []string
	// review holds the tool calls that triggered a review (withheld).
	review []trajectory.ToolCall
	// gated is true when tool calls were withheld (review or block).
	gated bool
}

// merge folds a policy decision into v.
func (v *verdict) merge(d policy.Decision) {
	for _, f := range d.Fired {
		if !slices.Contains(v.rules, f.Rule) {
			v.rules = append(v.rules, f.Rule)
		}
	}
	for _, e := range d.Errors {
		v.errs = append(v.errs, e.Error())
	}
	if len(d.Fired) > 0 && (d.Action > v.action || v.rule == "") {
		v.action, v.rule, v.message = d.Action, d.Rule, d.Message
	}
	if d.Severity.Rank() > v.severity.Rank() {
		v.severity = d.Severity
	}
}

// fold combines another phase's verdict into v.
func (v *verdict) fold(o verdict) {
	for _, r := range o.rules {
		if !slices.Contains(v.rules, r) {
			v.rules = append(v.rules, r)
		}
	}
	if o.action > v.action || (v.rule == "" && o.rule != "") {
		v.action, v.rule, v.message = o.action, o.rule, o.message
	}
	if o.severity.Rank() > v.severity.Rank() {
		v.severity = o.severity
	}
	v.errs = append(v.errs, o.errs...)
}

// sessionInput is the policy's view of a session after its latest turn.
func sessionInput(s *session, r *analysis.Result) policy.Session {
	return policy.Session{ID: s.id, Turns: r.Turns, Scores: r.Scores, MaxScores: s.maxScores, Causes: r.Causes, Findings: r.Findings}
}

// toolCallInput classifies one tool call of the assistant message at turn:
// its taint and drift come from the intent_drift findings located at that
// turn; it is out of scope when the request declared tools and this is not
// one of them, or when it drifted strongly.
func toolCallInput(c *trajectory.ToolCall, turn int, r *analysis.Result, declared []string) policy.ToolCall {
	tc := policy.ToolCall{Name: c.Name, Arguments: c.Arguments, TaintSources: []string{}}
	if tc.Arguments == nil {
		tc.Arguments = map[string]any{}
	}
	for i := range r.Findings {
		f := &r.Findings[i]
		if f.Phenomenon != taxonomy.IntentDrift {
			continue
		}
		at := f.FirstTurn == turn
		for _, e := range f.Evidence {
			if e.Signal == provenance.TaintedToolCall && e.Turn == turn {
				at = true
			}
		}
		if !at {
			continue
		}
		tc.DriftScore = max(tc.DriftScore, f.Score)
		for _, e := range f.Evidence {
			if e.Signal == inject.InstructionInData && e.Turn < turn {
				tc.TaintSources = append(tc.TaintSources, fmt.Sprintf("turn %d", e.Turn))
			}
		}
	}
	tc.Tainted = tc.DriftScore >= 0.5
	tc.OutOfScope = tc.DriftScore >= 0.8 || (len(declared) > 0 && !slices.Contains(declared, c.Name))
	return tc
}

// newIncidents returns the findings at warn or above not yet recorded (or
// recorded at a lower severity), marking them recorded.
func (g *Gateway) newIncidents(s *session, r *analysis.Result) []*store.Incident {
	var out []*store.Incident
	warn := g.cfg.IncidentThreshold
	for i := range r.Findings {
		f := &r.Findings[i]
		if f.Score < warn {
			continue
		}
		k := incidentKey(f)
		if prev, ok := s.recorded[k]; ok && prev.Rank() >= f.Severity.Rank() {
			continue
		}
		s.recorded[k] = f.Severity
		out = append(out, &store.Incident{SessionID: s.id, Phenomenon: f.Phenomenon, Score: f.Score, Severity: string(f.Severity),
			FirstTurn: f.FirstTurn, Turn: r.Turns - 1, Finding: mustJSON(f)})
	}
	return out
}

// storeAction converts a policy action.
func storeAction(a policy.Action) store.Action { return store.Action(a.String()) }

// scoresOf converts analysis scores to the store's maps.
func scoresOf(p analysis.PhenomenonScores, c analysis.CauseScores) store.Scores {
	return store.Scores{
		Phenomena: map[string]float64{taxonomy.PolicyErosion: p.PolicyErosion, taxonomy.IntentDrift: p.IntentDrift,
			taxonomy.RewardHacking: p.RewardHacking, taxonomy.EpistemicFailure: p.EpistemicFailure},
		Causes: map[string]float64{taxonomy.PolicyMisgeneralization: c.PolicyMisgeneralization, taxonomy.PreferenceModelBlindSpot: c.PreferenceModelBlindSpot,
			taxonomy.RewardShapingSideEffect: c.RewardShapingSideEffect, taxonomy.ContextWindowExploitation: c.ContextWindowExploitation},
	}
}

// snapshot is the store's view of a session; its trajectory is left to
// the caller (trajectoryJSON), which may run later.
func snapshot(s *session, r *analysis.Result, model string) *pendingSession {
	return &pendingSession{s: store.Session{ID: s.id, Closed: s.closed, Turns: r.Turns, Scores: scoresOf(r.Scores, r.Causes),
		MaxScores: scoresOf(s.maxScores, analysis.CauseScores{})}, msgs: s.traj.Messages[:len(s.traj.Messages):len(s.traj.Messages)], model: model}
}

// trajectoryJSON encodes a conversation in the scan input format (OpenAI
// chat messages).
func trajectoryJSON(id string, messages []trajectory.Message, model string) json.RawMessage {
	type fn struct {
		Name      string `json:"name"`
		Arguments string `json:"arguments"`
	}
	type call struct {
		ID       string `json:"id,omitempty"`
		Type     string `json:"type"`
		Function fn     `json:"function"`
	}
	type msg struct {
		Role       string `json:"role"`
		Name       string `json:"name,omitempty"`
		Content    string `json:"content"`
		ToolCalls  []call `json:"tool_calls,omitempty"`
		ToolCallID string `json:"tool_call_id,omitempty"`
	}
	msgs := make([]msg, len(messages))
	for i, m := range messages {
		msgs[i] = msg{Role: string(m.Role), Name: m.Name, Content: m.Content, ToolCallID: m.ToolCallID}
		for _, c := range m.ToolCalls {
			msgs[i].ToolCalls = append(msgs[i].ToolCalls, call{ID: c.ID, Type: "function", Function: fn{Name: c.Name, Arguments: string(mustJSON(c.Arguments))}})
		}
	}
	rec := map[string]any{"id": id, "messages": msgs, "metadata": map[string]any{"session_id": id, "source": "faultline-gateway"}}
	if model != "" {
		rec["model"] = model
	}
	return mustJSON(rec)
}

// persist writes what one decision produced. Incidents, reviews, blocks and
// terminations are written before the client is answered (one transaction);
// other decisions and session snapshots go to the background writer, unless
// Config.SyncAll.
func (g *Gateway) persist(ctx context.Context, s *session, r *analysis.Result, model string, v *verdict, phase string,
	incidents []*store.Incident, reviews []*store.Review, detail map[string]any) error {
	if g.cfg.Store == nil {
		return nil
	}
	snap := snapshot(s, r, model)
	var dec *store.Decision
	if len(v.rules) > 0 || len(incidents) > 0 || len(reviews) > 0 {
		if detail == nil {
			detail = map[string]any{}
		}
		detail["phase"] = phase
		if v.rule != "" {
			detail["rule"] = v.rule
		}
		if v.message != "" {
			detail["message"] = v.message
		}
		if len(v.errs) > 0 {
			detail["errors"] = v.errs
		}
		dec = &store.Decision{SessionID: s.id, Action: storeAction(v.action), Rules: v.rules, Turn: max(r.Turns-1, 0),
			Detail: mustJSON(detail), Time: g.cfg.Now()}
	}
	sync := g.cfg.SyncAll || len(incidents) > 0 || len(reviews) > 0 || v.action >= policy.ActionBlock || s.closed
	if !sync {
		g.writer.enqueue(snap, dec)
		return nil
	}
	snap.s.Trajectory = trajectoryJSON(s.id, snap.msgs, model)
	rec := &store.Record{Session: &snap.s, Incidents: incidents, Decision: dec}
	if len(reviews) > 0 {
		rec.Review = reviews[0]
	}
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	return g.writer.syncWrite(s.id, snap.s.Turns, func() error {
		if err := g.cfg.Store.Record(wctx, rec); err != nil {
			return fmt.Errorf("record decision of session %s: %w", s.id, err)
		}
		for _, rv := range reviews[min(1, len(reviews)):] {
			if err := g.cfg.Store.CreateReview(wctx, rv); err != nil {
				return fmt.Errorf("create review in session %s: %w", s.id, err)
			}
		}
		return nil
	})
}
