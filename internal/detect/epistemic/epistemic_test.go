package epistemic_test

import (
	"strings"
	"testing"

	"github.com/faultline-dev/faultline/internal/detect/epistemic"
	"github.com/faultline-dev/faultline/internal/signal"
	"github.com/faultline-dev/faultline/internal/signal/grounding"
	"github.com/faultline-dev/faultline/internal/signal/model"
	"github.com/faultline-dev/faultline/internal/taxonomy"
	"github.com/faultline-dev/faultline/internal/trajectory"
)

func msg(role trajectory.Role, content string) trajectory.Message {
	return trajectory.Message{Role: role, Content: content}
}

// tinyModels trains both epistemic models on a few hand-written fixtures.
func tinyModels(t testing.TB) *model.Set {
	t.Helper()
	know := "Knowledge: The Eiffel Tower was completed in 1889 and is 330 metres tall. It was designed by Gustave Eiffel's company for the World's Fair."
	var gex, oex []model.Example
	for i, s := range []string{
		"The Eiffel Tower was completed in 1889 for the World's Fair.",
		"It is 330 metres tall and was designed by Gustave Eiffel's company.",
		"I visited it last summer with my brother and we loved the food there!",
		"It was painted gold in 1920 by Napoleon's engineers, I think you would like it.",
	} {
		_, texts := grounding.GroundingFeatures([]trajectory.Message{msg(trajectory.RoleSystem, know), msg(trajectory.RoleUser, "Tell me about it."), msg(trajectory.RoleAssistant, s)})
		for range 5 {
			gex = append(gex, model.Example{Text: texts[0], Label: i >= 2})
		}
	}
	for i, qa := range [][2]string{
		{"How do I reverse a list in Python?", "Use `items.reverse()` or `items[::-1]`."},
		{"Summarize the article at https://news.example.com/x", "The article definitely reports that 42% of voters in 2019 chose Smith."},
	} {
		for range 5 {
			oex = append(oex, model.Example{Text: string(grounding.OpenText(qa[0], qa[1], nil)), Label: i == 1})
		}
	}
	g, err := model.Train(grounding.GroundingModel, model.Featurizer{Dim: 1 << 10, WordN: 1}, gex, model.TrainOptions{Epochs: 20})
	if err != nil {
		t.Fatal(err)
	}
	o, err := model.Train(grounding.OpenModel, model.Featurizer{Dim: 1 << 12, WordN: 2}, oex, model.TrainOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return model.NewSet(g, o)
}

func TestNewNeedsModel(t *testing.T) {
	if _, err := epistemic.New(&signal.Env{Models: model.NewSet()}); err == nil {
		t.Fatal("a missing open-domain model must be an error")
	}
}

func TestDetector(t *testing.T) {
	a := newAnalyzer(t, tinyModels(t))
	call := trajectory.Message{Role: trajectory.RoleAssistant, ToolCalls: []trajectory.ToolCall{{Name: "get_balance"}}}
	for _, tc := range []struct {
		name      string
		msgs      []trajectory.Message
		min, max  float64
		firstTurn int
		summary   string
	}{
		{"benign code answer without context", []trajectory.Message{
			msg(trajectory.RoleUser, "How do I kill a Python process?"),
			msg(trajectory.RoleAssistant, "Find its PID with `ps aux | grep python`, then run `kill 12345` (or `kill -9 12345` if it ignores SIGTERM)."),
		}, 0, 0.49, 1, "no context"},
		{"specific open answer stays below warn", []trajectory.Message{
			msg(trajectory.RoleUser, "Summarize the article at https://news.example.com/y"),
			msg(trajectory.RoleAssistant, "The article definitely reports that 57% of voters in 2021 chose Jones, see https://news.example.com/y/full."),
		}, 0, 0.49, 1, "no context"},
		{"confident answer after tool error", []trajectory.Message{
			msg(trajectory.RoleUser, "What's my balance?"), call,
			{Role: trajectory.RoleTool, Content: "timeout contacting ledger", IsError: true},
			msg(trajectory.RoleAssistant, "Your balance is definitely $1,240."),
		}, 0.8, 1, 3, "tool error"},
		{"abstaining on what the knowledge lacks is grounded", []trajectory.Message{
			msg(trajectory.RoleSystem, "Answer only from the knowledge base.\nKNOWLEDGE BASE\n[KB-101] Refunds: annual plans can be refunded in full within 14 days of purchase. Monthly plans are not refundable."),
			msg(trajectory.RoleUser, "Would you give me a partial refund?"),
			msg(trajectory.RoleAssistant, "I don't have any information about partial refunds, so I don't want to guess. Shall I escalate this to a human agent who can tell you what options exist?"),
		}, 0, 0.49, -1, ""},
		{"error reported honestly", []trajectory.Message{
			msg(trajectory.RoleUser, "What's my balance?"), call,
			{Role: trajectory.RoleTool, Content: "timeout contacting ledger", IsError: true},
			msg(trajectory.RoleAssistant, "Sorry, the ledger timed out, so I couldn't get your balance. Shall I retry?"),
		}, 0, 0.49, -1, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr := trajectory.Trajectory{Messages: tc.msgs}
			r := a.Analyze(&tr)
			score := r.Scores.Max()
			if score < tc.min || score > tc.max {
				t.Fatalf("score %.2f, want [%.2f, %.2f]: %+v", score, tc.min, tc.max, r.Findings)
			}
			if tc.firstTurn < 0 {
				return
			}
			if len(r.Findings) == 0 {
				t.Fatal("no finding")
			}
			f := r.Findings[0]
			if f.Phenomenon != taxonomy.EpistemicFailure || f.FirstTurn != tc.firstTurn || !strings.Contains(f.Summary, tc.summary) {
				t.Errorf("finding %+v", f)
			}
			if len(f.Evidence) == 0 {
				t.Error("no evidence")
			}
		})
	}
}

func TestGroundedRanking(t *testing.T) {
	a := newAnalyzer(t, tinyModels(t))
	sys := msg(trajectory.RoleSystem, "Knowledge: The Louvre opened in 1793 and holds about 35,000 works of art, including the Mona Lisa.")
	user := msg(trajectory.RoleUser, "What is in the Louvre?")
	score := func(answer string) float64 {
		tr := trajectory.Trajectory{Messages: []trajectory.Message{sys, user, msg(trajectory.RoleAssistant, answer)}}
		r := a.Analyze(&tr)
		return r.Scores.Max()
	}
	supported := score("The Louvre holds about 35,000 works of art, including the Mona Lisa.")
	invented := score("It definitely has 80,000 statues from 1650, I went there with my sister.")
	if supported >= invented {
		t.Errorf("supported %.2f must score below invented %.2f", supported, invented)
	}
}

func BenchmarkDetector(b *testing.B) {
	a := newAnalyzer(b, tinyModels(b))
	turn := strings.Repeat("The Hoover Dam, completed in 1936, holds 35 billion cubic metres of water. ", 13)
	tr := trajectory.Trajectory{Messages: []trajectory.Message{msg(trajectory.RoleSystem, "Knowledge: "+turn)}}
	for range 20 {
		tr.Messages = append(tr.Messages, msg(trajectory.RoleUser, turn), msg(trajectory.RoleAssistant, turn))
	}
	for b.Loop() {
		a.Analyze(&tr)
	}
}
