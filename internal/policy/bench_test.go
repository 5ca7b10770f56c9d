package policy

import (
	"context"
	"testing"

	"github.com/faultline-dev/faultline/internal/finding"
)

// benchInput is a realistic tool-call decision point on a long session.
func benchInput() Input {
	return Input{
		Session: Session{
			ID: "bench", Turns: 20,
			Scores:    scores(0.3, 0.55, 0.1, 0.2),
			MaxScores: scores(0.6, 0.7, 0.1, 0.3),
			Causes:    causes(0.4),
			Findings: []finding.Finding{
				{Phenomenon: "intent_drift", Score: 0.55, Severity: finding.SeverityMedium, FirstTurn: 12, Detector: "drift"},
				{Phenomenon: "policy_erosion", Score: 0.3, Severity: finding.SeverityLow, FirstTurn: 8, Detector: "erosion"},
			},
		},
		Request:  Request{Model: "gpt", Messages: 20, HasTools: true, Tokens: 12000, Depth: 10},
		Response: Response{Text: "Calling the tool now.", HasToolCalls: true},
		ToolCall: ToolCall{
			Name: "transfer_funds", Arguments: map[string]any{"amount": 250.0, "to": "acct-1"},
			Tainted: true, TaintSources: []string{"tool:web_fetch"}, DriftScore: 0.6,
		},
	}
}

// BenchmarkEvaluateDefault measures one decision with the default policy
// (divide ns/op by its rule count for the per-rule cost).
func BenchmarkEvaluateDefault(b *testing.B) {
	p := Default()
	in := benchInput()
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		p.Evaluate(ctx, in)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(p.Rules())), "ns/rule")
}

// BenchmarkEvaluateRule measures single rules of typical shapes.
func BenchmarkEvaluateRule(b *testing.B) {
	rules := []struct{ name, when string }{
		{"field-compare", `session.max_scores.intent_drift >= 0.5 && session.turns >= 3`},
		{"regex", `tool_call.drift_score >= 0.5 && tool_call.name.matches('(?i)(^|[_.-])(pay|transfer|exec|shell)($|[_.-])')`},
		{"map-lookup", `tool_call.arguments[?"amount"].orValue(0.0) > 100.0`},
		{"findings-exists", `session.findings.exists(f, f.phenomenon == "intent_drift" && f.score >= 0.5)`},
	}
	in := benchInput()
	ctx := context.Background()
	for _, r := range rules {
		b.Run(r.name, func(b *testing.B) {
			p := mustParse(b, "rules:\n  - name: r\n    when: |\n      "+r.when+"\n    action: warn\n")
			if d := p.Evaluate(ctx, in); d.Action != ActionWarn {
				b.Fatalf("rule did not fire: %+v", d)
			}
			b.ReportAllocs()
			for b.Loop() {
				p.Evaluate(ctx, in)
			}
		})
	}
}

// BenchmarkParseDefault measures loading (environment, parse, type-check,
// plan) of the default policy.
func BenchmarkParseDefault(b *testing.B) {
	src := []byte(DefaultYAML())
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(DefaultSource, src); err != nil {
			b.Fatal(err)
		}
	}
}
