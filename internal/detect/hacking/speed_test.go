package hacking_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/faultline-dev/faultline/internal/signal"
	"github.com/faultline-dev/faultline/internal/signal/code"
	"github.com/faultline-dev/faultline/internal/signal/model"
	"github.com/faultline-dev/faultline/internal/signal/stance"
	"github.com/faultline-dev/faultline/internal/trajectory"
)

// benchText returns about n bytes of varied prose.
func benchText(i, n int) string {
	words := []string{"The", "report", "shows", "revenue", "grew", "by", "12%", "in", "Q3,", "while", "costs",
		"rose.", "Please", "check", "https://example.com/q3", "and", "send", "a", "summary", "to", "ana@example.com",
		"because", "I", "think", "it", "is", "probably", "correct,", "but", "not", "certain.", "Error", "handling", "test"}
	var b strings.Builder
	for j := 0; b.Len() < n; j++ {
		b.WriteString(words[(i*7+j*3)%len(words)])
		if j%11 == 10 {
			b.WriteByte('\n')
		} else {
			b.WriteByte(' ')
		}
	}
	return b.String()[:n]
}

// benchConversation alternates user, assistant with a tool call, tool
// output and assistant turns of about 1 KB each.
func benchConversation(n int) []trajectory.Message {
	msgs := []trajectory.Message{{Role: trajectory.RoleSystem, Content: benchText(0, 1024)}}
	for i := 1; len(msgs) < n; i++ {
		switch i % 4 {
		case 1:
			msgs = append(msgs, trajectory.Message{Role: trajectory.RoleUser, Content: benchText(i, 1024)})
		case 2:
			msgs = append(msgs, trajectory.Message{Role: trajectory.RoleAssistant, Content: benchText(i, 1024),
				ToolCalls: []trajectory.ToolCall{{ID: fmt.Sprint(i), Name: "bash", Arguments: map[string]any{"command": "pytest -q tests/"}}}})
		case 3:
			msgs = append(msgs, trajectory.Message{Role: trajectory.RoleTool, ToolCallID: fmt.Sprint(i - 1), Content: benchText(i, 1024)})
		default:
			msgs = append(msgs, trajectory.Message{Role: trajectory.RoleAssistant, Content: benchText(i, 1024)})
		}
	}
	return msgs
}

// BenchmarkOwnSignals measures this detector's five signals on 1 KB turns
// (ns/op is per 1 KB turn).
func BenchmarkOwnSignals(b *testing.B) {
	models, err := model.Builtin()
	if err != nil {
		b.Fatal(err)
	}
	st, err := stance.NewStance(&signal.Env{Models: models})
	if err != nil {
		b.Fatal(err)
	}
	set := signal.NewSet([]signal.Signal{stance.Pushback{}, st, stance.Concession{}, code.Tampering{}, code.Claim{}})
	conv := benchConversation(400)
	b.SetBytes(1024)
	var ss *signal.Session
	i := 0
	for b.Loop() {
		if i%len(conv) == 0 {
			ss = set.Track(&trajectory.Meta{})
		}
		ss.Observe(&conv[i%len(conv)])
		i++
	}
}
