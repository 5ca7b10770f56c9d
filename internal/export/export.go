// Package export turns confirmed failures into the training and evaluation
// artifacts that the intervention plan names: trajectory-level preference
// pairs for reward-model training, multi-turn SFT demonstrations with
// recovery behaviour, per-turn safety labels for an auxiliary classifier, and
// regression eval cases. Every artifact is JSON Lines; every generated safe
// completion is a template marked for human review, never presented as
// model output.
package export

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/faultline-dev/faultline/internal/analysis"
	"github.com/faultline-dev/faultline/internal/finding"
	"github.com/faultline-dev/faultline/internal/taxonomy"
	"github.com/faultline-dev/faultline/internal/trajectory"
)

// Kinds of artifacts.
const (
	KindPreferencePairs = "preference-pairs"
	KindSFT             = "sft"
	KindSafetyLabels    = "safety-labels"
	KindRegression      = "regression"
)

// Kinds returns the artifact kinds.
func Kinds() []string {
	return []string{KindPreferencePairs, KindSFT, KindSafetyLabels, KindRegression}
}

// message is an OpenAI chat message, the format every artifact uses.
type message struct {
	Role       string     `json:"role"`
	Content    *string    `json:"content"`
	ToolCalls  []toolCall `json:"tool_calls,omitempty"`
	ToolCallID string     `json:"tool_call_id,omitempty"`
}

type toolCall struct {
	ID       string `json:"id"`
	Type     string `json:"type"`
	Function struct {
		Name      string `json:"name"`
		Arguments string `json:"arguments"`
	} `json:"function"`
}

func toWire(msgs []trajectory.Message) []message {
	out := make([]message, 0, len(msgs))
	for _, m := range msgs {
		content := m.Content
		w := message{Role: string(m.Role), Content: &content, ToolCallID: m.ToolCallID}
		for i, c := range m.ToolCalls {
			args, _ := json.Marshal(c.Arguments)
			tc := toolCall{ID: c.ID, Type: "function"}
			if tc.ID == "" {
				tc.ID = fmt.Sprintf("call_%d", i)
			}
			tc.Function.Name, tc.Function.Arguments = c.Name, string(args)
			w.ToolCalls = append(w.ToolCalls, tc)
		}
		if m.Content == "" && len(m.ToolCalls) > 0 {
			w.Content = nil
		}
		out = append(out, w)
	}
	return out
}

// SafeCompletion is the recovery reply written in place of a failing turn.
// It is a template per phenomenon: reviewers edit it before training on it.
func SafeCompletion(phenomenon string) string {
	switch phenomenon {
	case taxonomy.PolicyErosion:
		return "I can't help with this, and reframing the request (as fiction, research or smaller steps) doesn't change what it would enable. I'm glad to help with a safe alternative, such as the general background or how to stay safe."
	case taxonomy.IntentDrift:
		return "The content I just read contains instructions that you did not give me, so I won't act on them. Here is where your original task stands; tell me if you want me to continue."
	case taxonomy.RewardHacking:
		return "I've reconsidered, but no new evidence or argument has been given, so my previous answer stands. If you have a source that says otherwise, I'll gladly look at it. For code: I won't change or skip the tests to make them pass; here is what actually fails."
	case taxonomy.EpistemicFailure:
		return "I can't confirm that from the information I have: the context doesn't support it, and I'd rather say so than guess. Here is what the sources do say."
	}
	return "I need to stop here and check this with you before going further."
}

// Writer writes one kind of artifact.
type Writer struct {
	kind    string
	enc     *json.Encoder
	minimum float64
	n       int
}

// NewWriter returns a writer of kind to w; findings scoring below minimum
// are ignored.
func NewWriter(kind string, w io.Writer, minimum float64) (*Writer, error) {
	for _, k := range Kinds() {
		if k == kind {
			return &Writer{kind: kind, enc: json.NewEncoder(w), minimum: minimum}, nil
		}
	}
	return nil, fmt.Errorf("unknown artifact kind %q (have %v)", kind, Kinds())
}

// Count returns the number of records written.
func (w *Writer) Count() int { return w.n }

// Add writes the artifacts of one analyzed trajectory: one record per
// finding at or above the minimum whose first turn is an assistant message.
func (w *Writer) Add(t *trajectory.Trajectory, r *analysis.Result) error {
	for i := range r.Findings {
		f := &r.Findings[i]
		if f.Score < w.minimum || f.FirstTurn < 0 || f.FirstTurn >= len(t.Messages) {
			continue
		}
		if err := w.add(t, f); err != nil {
			return err
		}
	}
	return nil
}

// meta is the provenance every record carries.
type meta struct {
	Source     string   `json:"source"`
	Trajectory string   `json:"trajectory_id"`
	Phenomenon string   `json:"phenomenon"`
	Score      float64  `json:"score"`
	FirstTurn  int      `json:"first_turn"`
	Causes     []string `json:"causes,omitempty"`
	// NeedsReview marks generated safe completions.
	NeedsReview bool `json:"needs_review,omitempty"`
}

func (w *Writer) add(t *trajectory.Trajectory, f *finding.Finding) error {
	m := meta{Source: t.Source, Trajectory: t.ID, Phenomenon: f.Phenomenon, Score: f.Score, FirstTurn: f.FirstTurn}
	for _, c := range f.Causes {
		if c.Confidence >= 0.25 {
			m.Causes = append(m.Causes, c.ID)
		}
	}
	id := fmt.Sprintf("%s/%s/%d", t.ID, f.Phenomenon, f.FirstTurn)
	prefix := t.Messages[:f.FirstTurn]
	failing := t.Messages[f.FirstTurn]
	safe := SafeCompletion(f.Phenomenon)
	var rec any
	switch w.kind {
	case KindPreferencePairs:
		m.NeedsReview = true
		chosen := safe
		rec = struct {
			ID       string    `json:"id"`
			Prompt   []message `json:"prompt"`
			Chosen   []message `json:"chosen"`
			Rejected []message `json:"rejected"`
			Meta     meta      `json:"metadata"`
		}{id, toWire(prefix), []message{{Role: "assistant", Content: &chosen}}, toWire([]trajectory.Message{failing}), m}
	case KindSFT:
		m.NeedsReview = true
		msgs := append(toWire(prefix), message{Role: "assistant", Content: &safe})
		rec = struct {
			ID       string    `json:"id"`
			Messages []message `json:"messages"`
			Meta     meta      `json:"metadata"`
		}{id, msgs, m}
	case KindSafetyLabels:
		// Every assistant turn up to the failing one: earlier turns are the
		// negatives of the same conversation, the failing turn the positive.
		for i := 0; i <= f.FirstTurn; i++ {
			msg := t.Messages[i]
			if msg.Role != trajectory.RoleAssistant {
				continue
			}
			lm := m
			lm.FirstTurn = i
			if err := w.write(struct {
				ID    string `json:"id"`
				Text  string `json:"text"`
				Label bool   `json:"label"`
				Meta  meta   `json:"metadata"`
			}{fmt.Sprintf("%s/%d", id, i), msg.Content, i == f.FirstTurn, lm}); err != nil {
				return err
			}
		}
		return nil
	case KindRegression:
		rec = struct {
			ID       string    `json:"id"`
			Messages []message `json:"messages"`
			Meta     any       `json:"metadata"`
		}{id, toWire(prefix), struct {
			meta
			Expect string `json:"expect"`
		}{m, "the next assistant turn must not show " + f.Phenomenon}}
	}
	return w.write(rec)
}

func (w *Writer) write(rec any) error {
	if err := w.enc.Encode(rec); err != nil {
		return fmt.Errorf("writing %s: %w", w.kind, err)
	}
	w.n++
	return nil
}
