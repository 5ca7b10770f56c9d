package policy

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/faultline-dev/faultline/internal/finding"
)

// mustParse compiles an inline policy or fails the test.
func mustParse(t testing.TB, src string) *Policy {
	t.Helper()
	p, err := Parse("inline.yaml", []byte(src))
	if err != nil {
		t.Fatalf("Parse:\n%s\n%v", src, err)
	}
	return p
}

// evalPolicy has rules of every action keyed to distinct inputs, two rules
// with the same action to check ordering, and rules that fail at run time.
const evalPolicy = `
rules:
  - name: note
    when: session.scores.epistemic_failure >= 0.5
    action: annotate
  - name: remind
    when: session.causes.context_window_exploitation >= 0.5
    action: warn
    message: re-pinned
  - name: hold-first
    when: tool_call.out_of_scope
    action: review
    message: first review rule
  - name: hold-second
    when: tool_call.out_of_scope && tool_call.name == "shell"
    action: review
    severity: critical
    message: second review rule
  - name: stop
    when: session.max_scores.policy_erosion >= 0.9
    action: block
  - name: kill
    when: session.max_scores.policy_erosion >= 0.99 && session.turns >= 3
    action: terminate
  - name: allowed
    when: request.model == "trusted"
    action: allow
`

// TestEvaluate checks the highest-action-wins rule, the deciding rule, the
// fired list in file order and the highest severity.
func TestEvaluate(t *testing.T) {
	p := mustParse(t, evalPolicy)
	tests := []struct {
		name     string
		in       Input
		action   Action
		rule     string
		message  string
		severity finding.Severity
		fired    []string
	}{
		{
			name:   "nothing fires",
			in:     Input{},
			action: ActionAllow,
		},
		{
			name:     "allow rule fires but changes nothing",
			in:       Input{Request: Request{Model: "trusted"}},
			action:   ActionAllow,
			rule:     "allowed",
			severity: finding.SeverityLow,
			fired:    []string{"allowed"},
		},
		{
			name: "warn beats annotate",
			in: Input{Session: Session{
				Scores: scores(0, 0, 0, 0.6),
				Causes: causes(0.7),
			}},
			action:   ActionWarn,
			rule:     "remind",
			message:  "re-pinned",
			severity: finding.SeverityMedium,
			fired:    []string{"note", "remind"},
		},
		{
			name:     "same action: the first rule in file order decides",
			in:       Input{ToolCall: ToolCall{Name: "shell", OutOfScope: true}},
			action:   ActionReview,
			rule:     "hold-first",
			message:  "first review rule",
			severity: finding.SeverityCritical,
			fired:    []string{"hold-first", "hold-second"},
		},
		{
			name: "block beats earlier review and warn",
			in: Input{
				Session:  Session{MaxScores: scores(0.95, 0, 0, 0), Causes: causes(0.5)},
				ToolCall: ToolCall{Name: "search", OutOfScope: true},
			},
			action:   ActionBlock,
			rule:     "stop",
			severity: finding.SeverityHigh,
			fired:    []string{"remind", "hold-first", "stop"},
		},
		{
			name: "terminate is the highest",
			in: Input{Session: Session{
				Turns: 5, Scores: scores(0, 0, 0, 0.9), MaxScores: scores(1, 0, 0, 0),
			}},
			action:   ActionTerminate,
			rule:     "kill",
			severity: finding.SeverityCritical,
			fired:    []string{"note", "stop", "kill"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := p.Evaluate(context.Background(), tt.in)
			if d.Action != tt.action || d.Rule != tt.rule || d.Message != tt.message || d.Severity != tt.severity {
				t.Errorf("Evaluate = {%v %q %q %q}, want {%v %q %q %q}",
					d.Action, d.Rule, d.Message, d.Severity, tt.action, tt.rule, tt.message, tt.severity)
			}
			if diff := cmp.Diff(tt.fired, firedNames(d), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("fired rules (-want +got):\n%s", diff)
			}
			if len(d.Errors) != 0 {
				t.Errorf("unexpected evaluation errors: %v", d.Err())
			}
			if got, want := d.RuleNames(), strings.Join(tt.fired, ","); got != want {
				t.Errorf("RuleNames() = %q, want %q", got, want)
			}
		})
	}
}

// TestEvaluateOnError checks on_error open and closed with conditions that
// fail at run time.
func TestEvaluateOnError(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		in      Input
		action  Action
		fired   []string
		errRule string
		errText string
	}{
		{
			name: "missing map key, open: not fired",
			src: `
rules:
  - name: big-payment
    when: tool_call.arguments.amount > 1000.0
    action: review
    on_error: open
`,
			in:      Input{ToolCall: ToolCall{Name: "pay", Arguments: map[string]any{"to": "x"}}},
			action:  ActionAllow,
			errRule: "big-payment",
			errText: "no such key: amount",
		},
		{
			name: "missing map key, closed: fired",
			src: `
rules:
  - name: big-payment
    when: tool_call.arguments.amount > 1000.0
    action: review
    on_error: closed
`,
			in:      Input{ToolCall: ToolCall{Name: "pay", Arguments: map[string]any{"to": "x"}}},
			action:  ActionReview,
			fired:   []string{"big-payment"},
			errRule: "big-payment",
			errText: "no such key: amount",
		},
		{
			name: "division by zero, global closed applies",
			src: `
on_error: closed
rules:
  - name: tokens-per-turn
    when: request.tokens / request.depth > 4000
    action: warn
`,
			in:      Input{Request: Request{Tokens: 9000}},
			action:  ActionWarn,
			fired:   []string{"tokens-per-turn"},
			errRule: "tokens-per-turn",
			errText: "division by zero",
		},
		{
			name: "division by zero, rule open overrides global closed",
			src: `
on_error: closed
rules:
  - name: tokens-per-turn
    when: request.tokens / request.depth > 4000
    action: warn
    on_error: open
`,
			in:      Input{Request: Request{Tokens: 9000}},
			action:  ActionAllow,
			errRule: "tokens-per-turn",
			errText: "division by zero",
		},
		{
			name: "an erroring rule does not stop the others",
			src: `
rules:
  - name: broken
    when: tool_call.arguments.amount > 1000.0
    action: block
  - name: works
    when: tool_call.name == "pay"
    action: annotate
`,
			in:      Input{ToolCall: ToolCall{Name: "pay"}},
			action:  ActionAnnotate,
			fired:   []string{"works"},
			errRule: "broken",
			errText: "no such key: amount",
		},
		{
			name: "guarded access does not error",
			src: `
rules:
  - name: big-payment
    when: '"amount" in tool_call.arguments && tool_call.arguments.amount > 1000.0'
    action: review
    on_error: closed
  - name: big-payment-optional
    when: tool_call.arguments[?"amount"].orValue(0.0) > 1000.0
    action: review
    on_error: closed
`,
			in:     Input{ToolCall: ToolCall{Name: "pay", Arguments: map[string]any{"to": "x"}}},
			action: ActionAllow,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := mustParse(t, tt.src)
			d := p.Evaluate(context.Background(), tt.in)
			if d.Action != tt.action {
				t.Errorf("Action = %v, want %v", d.Action, tt.action)
			}
			if diff := cmp.Diff(tt.fired, firedNames(d), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("fired rules (-want +got):\n%s", diff)
			}
			if tt.errRule == "" {
				if err := d.Err(); err != nil {
					t.Fatalf("unexpected evaluation errors: %v", err)
				}
				return
			}
			if len(d.Errors) != 1 || d.Errors[0].Rule != tt.errRule || !strings.Contains(d.Errors[0].Error(), tt.errText) {
				t.Fatalf("Errors = %v, want one error of rule %q containing %q", d.Errors, tt.errRule, tt.errText)
			}
			for _, f := range d.Fired {
				if (f.Rule == tt.errRule) != (f.Err != nil) {
					t.Errorf("Fired %q: Err = %v; want non-nil exactly for the failed rule", f.Rule, f.Err)
				}
			}
		})
	}
}

// TestEvaluateCancelled checks that a cancelled context is an evaluation
// error handled by each rule's on_error.
func TestEvaluateCancelled(t *testing.T) {
	p := mustParse(t, `
rules:
  - name: open
    when: "true"
    action: warn
  - name: closed
    when: "false"
    action: block
    on_error: closed
`)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	d := p.Evaluate(ctx, Input{})
	if d.Action != ActionBlock || len(d.Errors) != 2 {
		t.Fatalf("Evaluate(cancelled) = %v with %d errors, want block with 2", d.Action, len(d.Errors))
	}
	if !errors.Is(d.Err(), context.Canceled) {
		t.Errorf("Err() = %v, want it to wrap context.Canceled", d.Err())
	}
}

// TestEvaluateSchema checks that every declared field is readable with the
// value the Input carries.
func TestEvaluateSchema(t *testing.T) {
	in := Input{
		Session: Session{
			ID: "s-1", Turns: 7,
			Scores:    scores(0.1, 0.2, 0.3, 0.4),
			MaxScores: scores(0.5, 0.6, 0.7, 0.8),
			Causes:    causes(0.9),
			Findings: []finding.Finding{{
				Phenomenon: "reward_hacking", Score: 0.7, Severity: finding.SeverityHigh,
				FirstTurn: 4, Detector: "test_tamper",
			}},
		},
		Request:  Request{Model: "m", Messages: 12, HasTools: true, Tokens: 3000, Depth: 6},
		Response: Response{Text: "Sure, here is how", HasToolCalls: true},
		ToolCall: ToolCall{
			Name: "transfer_funds", Arguments: map[string]any{"amount": 2500.0, "to": "acct", "opts": map[string]any{"now": true}},
			Tainted: true, TaintSources: []string{"tool:web_fetch"}, OutOfScope: true, DriftScore: 0.75,
		},
	}
	conds := []string{
		`session.id == "s-1"`,
		`session.turns == 7`,
		`session.scores.policy_erosion == 0.1 && session.scores.intent_drift == 0.2`,
		`session.scores.reward_hacking == 0.3 && session.scores.epistemic_failure == 0.4`,
		`session.max_scores.policy_erosion == 0.5 && session.max_scores.epistemic_failure == 0.8`,
		`session.causes.context_window_exploitation == 0.9 && session.causes.policy_misgeneralization == 0.0`,
		`session.causes.preference_model_blind_spot == 0.0 && session.causes.reward_shaping_side_effect == 0.0`,
		`session.findings.exists(f, f.phenomenon == "reward_hacking" && f.score >= 0.7 && f.severity == "high" && f.first_turn == 4 && f.detector == "test_tamper")`,
		`size(session.findings) == 1`,
		`request.model == "m" && request.messages == 12 && request.has_tools && request.tokens == 3000 && request.depth == 6`,
		`response.text.startsWith("Sure") && response.has_tool_calls`,
		`response.text.lowerAscii().contains("here is")`,
		`tool_call.name == "transfer_funds" && tool_call.tainted && tool_call.out_of_scope`,
		`tool_call.drift_score == 0.75`,
		`"tool:web_fetch" in tool_call.taint_sources`,
		`tool_call.arguments.amount > 1000.0 && tool_call.arguments.amount > 1000`,
		`tool_call.arguments.to == "acct" && tool_call.arguments.opts.now == true`,
		`has(tool_call.arguments.amount) && !has(tool_call.arguments.currency)`,
	}
	for _, c := range conds {
		t.Run(c, func(t *testing.T) {
			p := mustParse(t, "rules:\n  - name: r\n    when: '"+strings.ReplaceAll(c, "'", "''")+"'\n    action: warn\n")
			d := p.Evaluate(context.Background(), in)
			if err := d.Err(); err != nil {
				t.Fatal(err)
			}
			if d.Action != ActionWarn {
				t.Errorf("condition was false")
			}
		})
	}
}

// TestEvaluateConcurrent runs one policy from many goroutines (go test -race).
func TestEvaluateConcurrent(t *testing.T) {
	p := Default()
	in := Input{Session: Session{Turns: 4, MaxScores: scores(0.95, 0, 0, 0)}}
	done := make(chan Action)
	for range 8 {
		go func() {
			var a Action
			for range 100 {
				a = p.Evaluate(context.Background(), in).Action
			}
			done <- a
		}()
	}
	for range 8 {
		if a := <-done; a != ActionTerminate {
			t.Errorf("Action = %v, want terminate", a)
		}
	}
}

// scores builds phenomenon scores in taxonomy order.
func scores(erosion, drift, hacking, epistemic float64) (s analysisScores) {
	s.PolicyErosion, s.IntentDrift, s.RewardHacking, s.EpistemicFailure = erosion, drift, hacking, epistemic
	return s
}

// causes builds cause scores with only context-window exploitation set.
func causes(cwe float64) (c analysisCauses) {
	c.ContextWindowExploitation = cwe
	return c
}

// firedNames lists the names of the rules that fired.
func firedNames(d Decision) []string {
	var names []string
	for _, f := range d.Fired {
		names = append(names, f.Rule)
	}
	return names
}
