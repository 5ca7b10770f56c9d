package policy

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// TestDefaultLoads checks the embedded policy compiles and keeps its
// documented settings and rule order.
func TestDefaultLoads(t *testing.T) {
	p := Default()
	if p.Source() != DefaultSource {
		t.Errorf("Source() = %q, want %q", p.Source(), DefaultSource)
	}
	want := []string{
		"erosion-terminate",
		"tainted-tool-call-block",
		"tainted-tool-call-review",
		"sensitive-tool-drift-review",
		"system-prompt-unregistered-block",
		"context-exploitation-warn",
		"long-context-repin",
		"system-prompt-changed-annotate",
		"role-marker-annotate",
		"phenomenon-annotate",
	}
	var got []string
	for _, r := range p.Rules() {
		got = append(got, r.Name)
		if r.Message == "" {
			t.Errorf("rule %q has no message", r.Name)
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("default rules (-want +got):\n%s", diff)
	}
	s := p.Settings()
	if s.OnError != OnErrorOpen || s.BlockMode != BlockError || s.Reminder != DefaultReminder || s.SafeCompletion != DefaultSafeCompletion {
		t.Errorf("Settings() = %+v, want open, error and the package defaults", s)
	}
	if DefaultYAML() == "" {
		t.Error("DefaultYAML() is empty")
	}
}

// TestDefaultBehaviour checks the default policy does what its comments say.
func TestDefaultBehaviour(t *testing.T) {
	p := Default()
	tainted := func(name string, drift, toolDrift float64) Input {
		return Input{
			Session:  Session{Turns: 6, Scores: scores(0, drift, 0, 0), MaxScores: scores(0, drift, 0, 0)},
			ToolCall: ToolCall{Name: name, Tainted: true, TaintSources: []string{"tool:web_fetch"}, DriftScore: toolDrift},
		}
	}
	tests := []struct {
		name   string
		in     Input
		action Action
		fired  []string
	}{
		{"clean session", Input{Session: Session{Turns: 10, Scores: scores(0.1, 0.1, 0.1, 0.1)}}, ActionAllow, nil},
		{
			"erosion 0.9 after 3 turns terminates",
			Input{Session: Session{Turns: 3, Scores: scores(0.4, 0, 0, 0), MaxScores: scores(0.92, 0, 0, 0)}},
			ActionTerminate, []string{"erosion-terminate"},
		},
		{
			"erosion 0.9 on the second turn is only annotated",
			Input{Session: Session{Turns: 2, Scores: scores(0.92, 0, 0, 0), MaxScores: scores(0.92, 0, 0, 0)}},
			ActionAnnotate, []string{"phenomenon-annotate"},
		},
		{
			"tainted call with drift 0.8 is blocked",
			tainted("send_email", 0.85, 0),
			ActionBlock, []string{"tainted-tool-call-block", "tainted-tool-call-review", "phenomenon-annotate"},
		},
		{
			"tainted call with drift 0.6 is held for review",
			tainted("send_email", 0.6, 0),
			ActionReview, []string{"tainted-tool-call-review", "phenomenon-annotate"},
		},
		{
			"tainted call without drift passes",
			tainted("send_email", 0.2, 0),
			ActionAllow, nil,
		},
		{
			"untainted drifting session does not gate tool calls",
			Input{Session: Session{Turns: 4, Scores: scores(0, 0.9, 0, 0)}, ToolCall: ToolCall{Name: "search"}},
			ActionAnnotate, []string{"phenomenon-annotate"},
		},
		{
			"drifting payment call is held for review",
			Input{ToolCall: ToolCall{Name: "payments.create", DriftScore: 0.55}},
			ActionReview, []string{"sensitive-tool-drift-review"},
		},
		{
			"drifting code execution is held for review",
			Input{ToolCall: ToolCall{Name: "Run-Code", DriftScore: 0.7}},
			ActionReview, []string{"sensitive-tool-drift-review"},
		},
		{
			"on-task payment call passes",
			Input{ToolCall: ToolCall{Name: "transfer_funds", DriftScore: 0.3}},
			ActionAllow, nil,
		},
		{
			"drifting call of a harmless tool passes",
			Input{ToolCall: ToolCall{Name: "weather_lookup", DriftScore: 0.9}},
			ActionAllow, nil,
		},
		{
			"a tool name merely containing a sensitive word passes",
			Input{ToolCall: ToolCall{Name: "shellfish_facts", DriftScore: 0.9}},
			ActionAllow, nil,
		},
		{
			"context-window exploitation behind a failure warns",
			Input{Session: Session{Turns: 30, Scores: scores(0.6, 0, 0, 0), Causes: causes(0.6)}},
			ActionWarn, []string{"context-exploitation-warn", "phenomenon-annotate"},
		},
		{
			"context-window exploitation without a failure passes",
			Input{Session: Session{Turns: 30, Scores: scores(0.3, 0, 0, 0.4), Causes: causes(1)}},
			ActionAllow, nil,
		},
		{
			"40 user turns re-pin",
			Input{Session: Session{Turns: 80}, Request: Request{Depth: 40}},
			ActionWarn, []string{"long-context-repin"},
		},
		{
			"24k tokens re-pin",
			Input{Session: Session{Turns: 4}, Request: Request{Depth: 2, Tokens: 24000}},
			ActionWarn, []string{"long-context-repin"},
		},
		{
			"39 user turns and 23k tokens pass",
			Input{Session: Session{Turns: 78}, Request: Request{Depth: 39, Tokens: 23999}},
			ActionAllow, nil,
		},
		{
			"an unregistered system prompt is blocked when prompts are registered",
			Input{Request: Request{HasSystemPrompt: true, SystemPromptsConfigured: true}},
			ActionBlock, []string{"system-prompt-unregistered-block"},
		},
		{
			"a registered system prompt passes",
			Input{Request: Request{HasSystemPrompt: true, SystemPromptsConfigured: true, SystemPromptRegistered: true}},
			ActionAllow, nil,
		},
		{
			"without a registry any system prompt passes",
			Input{Request: Request{HasSystemPrompt: true}},
			ActionAllow, nil,
		},
		{
			"no system prompt passes even with a registry",
			Input{Request: Request{SystemPromptsConfigured: true}},
			ActionAllow, nil,
		},
		{
			"a system prompt changed mid-session is annotated",
			Input{Request: Request{HasSystemPrompt: true, SystemPromptChanged: true}},
			ActionAnnotate, []string{"system-prompt-changed-annotate"},
		},
		{
			"role markers are annotated",
			Input{Request: Request{RoleMarkers: 2}},
			ActionAnnotate, []string{"role-marker-annotate"},
		},
		{
			"any phenomenon at 0.5 annotates",
			Input{Session: Session{Turns: 5, Scores: scores(0, 0, 0, 0.5)}},
			ActionAnnotate, []string{"phenomenon-annotate"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := p.Evaluate(context.Background(), tt.in)
			if d.Action != tt.action {
				t.Errorf("Action = %v, want %v", d.Action, tt.action)
			}
			if diff := cmp.Diff(tt.fired, firedNames(d), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("fired rules (-want +got):\n%s", diff)
			}
			if err := d.Err(); err != nil {
				t.Errorf("evaluation errors: %v", err)
			}
		})
	}
}

func TestWithout(t *testing.T) {
	p := Default()
	all := p.Rules()
	q := p.Without(all[0].Name, "no-such-rule")
	if got := q.Rules(); len(got) != len(all)-1 || got[0].Name != all[1].Name || len(p.Rules()) != len(all) {
		t.Errorf("Without(%s): %d rules (was %d), first %s", all[0].Name, len(got), len(all), got[0].Name)
	}
	if q.Settings() != p.Settings() || q.Source() != p.Source() {
		t.Error("settings or source not kept")
	}
}
