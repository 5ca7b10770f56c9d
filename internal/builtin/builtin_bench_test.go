package builtin_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/faultline-dev/faultline/internal/analysis"
	"github.com/faultline-dev/faultline/internal/attribute"
	"github.com/faultline-dev/faultline/internal/builtin"
	"github.com/faultline-dev/faultline/internal/plan"
	"github.com/faultline-dev/faultline/internal/signal"
	"github.com/faultline-dev/faultline/internal/signal/model"
	"github.com/faultline-dev/faultline/internal/taxonomy"
	"github.com/faultline-dev/faultline/internal/trajectory"
)

// turnText returns about n bytes of varied conversational text.
func turnText(i, n int) string {
	words := []string{"the", "report", "shows", "revenue", "grew", "by", "12%", "in", "Q3", "while", "costs",
		"rose", "please", "check", "https://example.com/q3", "and", "send", "a", "summary", "to", "ana@example.com",
		"because", "I", "think", "it", "is", "probably", "correct", "but", "not", "certain"}
	var b strings.Builder
	for j := 0; b.Len() < n; j++ {
		b.WriteString(words[(i*7+j*3)%len(words)])
		b.WriteByte(' ')
	}
	return b.String()
}

// conversation returns a trajectory of n messages of about 1 KB each,
// alternating user / assistant with a tool call and result every few turns.
func conversation(n int) *trajectory.Trajectory {
	t := &trajectory.Trajectory{ID: "bench", Messages: []trajectory.Message{{Role: trajectory.RoleSystem, Content: turnText(0, 1024)}}}
	for i := 1; len(t.Messages) < n; i++ {
		switch i % 4 {
		case 1:
			t.Messages = append(t.Messages, trajectory.Message{Role: trajectory.RoleUser, Content: turnText(i, 1024)})
		case 2:
			t.Messages = append(t.Messages, trajectory.Message{Role: trajectory.RoleAssistant, Content: turnText(i, 1024),
				ToolCalls: []trajectory.ToolCall{{ID: fmt.Sprint(i), Name: "send_email", Arguments: map[string]any{"to": "ana@example.com", "body": "summary"}}}})
		case 3:
			t.Messages = append(t.Messages, trajectory.Message{Role: trajectory.RoleTool, ToolCallID: fmt.Sprint(i - 1), Content: turnText(i, 1024)})
		default:
			t.Messages = append(t.Messages, trajectory.Message{Role: trajectory.RoleAssistant, Content: turnText(i, 1024)})
		}
	}
	return t
}

func newAnalyzer(b testing.TB) *analysis.Analyzer {
	b.Helper()
	return newAnalyzerWith(b, nil)
}

// newAnalyzerWith is newAnalyzer with an attribution stage (nil: none).
func newAnalyzerWith(b testing.TB, attr *attribute.Stage) *analysis.Analyzer {
	b.Helper()
	models, err := model.Builtin()
	if err != nil {
		b.Fatal(err)
	}
	sigs, err := builtin.Signals()
	if err != nil {
		b.Fatal(err)
	}
	dets, err := builtin.Detectors()
	if err != nil {
		b.Fatal(err)
	}
	tx, err := taxonomy.Default()
	if err != nil {
		b.Fatal(err)
	}
	an, err := analysis.New(analysis.Config{Signals: sigs, Detectors: dets, Env: &signal.Env{Models: models},
		Attribution: attr, Planner: plan.New(tx)})
	if err != nil {
		b.Fatal(err)
	}
	return an
}

// BenchmarkTurn measures observing one more 1 KB turn (all built-in signals
// and detectors, plus the findings the gateway reads after every turn) at
// history depth 2 and 200: the cost must stay flat in history length.
func BenchmarkTurn(b *testing.B) {
	an := newAnalyzer(b)
	for _, depth := range []int{2, 200} {
		b.Run(fmt.Sprintf("depth=%d", depth), func(b *testing.B) {
			full := conversation(depth + 64)
			b.SetBytes(1024)
			for b.Loop() {
				b.StopTimer()
				t := &trajectory.Trajectory{ID: full.ID, Messages: append([]trajectory.Message(nil), full.Messages[:depth]...)}
				s := an.Start(t)
				s.ObserveAll()
				next := full.Messages[depth]
				b.StartTimer()
				s.Append(next)
				_ = s.Result()
			}
		})
	}
}

// BenchmarkGatewayTurn is BenchmarkTurn as `faultline serve` runs it: the
// default attribution rules, and the result read after every turn (also
// after the turns before the measured one).
func BenchmarkGatewayTurn(b *testing.B) {
	an := newAnalyzerWith(b, attribute.NewStage(attribute.DefaultRules(nil)...))
	for _, depth := range []int{2, 200} {
		b.Run(fmt.Sprintf("depth=%d", depth), func(b *testing.B) {
			full := conversation(depth + 64)
			b.SetBytes(1024)
			for b.Loop() {
				b.StopTimer()
				t := &trajectory.Trajectory{ID: full.ID}
				s := an.Start(t)
				for _, m := range full.Messages[:depth] {
					s.Append(m)
					_ = s.Result()
				}
				next := full.Messages[depth]
				b.StartTimer()
				s.Append(next)
				_ = s.Result()
			}
		})
	}
}

// BenchmarkSignals measures every built-in signal on 1 KB turns, without
// detectors: the budget is 20 us per 1 KB turn for all of them.
func BenchmarkSignals(b *testing.B) {
	observeCyclic(b, signal.NewSet(builtSignals(b)), conversation(400))
}

// observeCyclic observes conv's messages in turn with set, starting a new
// session each time the conversation starts over: 1 KB per observed turn.
func observeCyclic(b *testing.B, set *signal.Set, conv *trajectory.Trajectory) {
	b.SetBytes(1024)
	var sess *signal.Session
	i := 0
	for b.Loop() {
		if i%len(conv.Messages) == 0 {
			sess = set.Track(&conv.Meta)
		}
		sess.Observe(&conv.Messages[i%len(conv.Messages)])
		i++
	}
}

// builtSignals builds every built-in signal over the embedded models.
func builtSignals(b *testing.B) []signal.Signal {
	b.Helper()
	models, err := model.Builtin()
	if err != nil {
		b.Fatal(err)
	}
	reg, err := builtin.Signals()
	if err != nil {
		b.Fatal(err)
	}
	sigs, err := reg.Build(&signal.Env{Models: models})
	if err != nil {
		b.Fatal(err)
	}
	return sigs
}
