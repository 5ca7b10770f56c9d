package inject

import (
	"fmt"

	"github.com/faultline-dev/faultline/internal/signal"
	"github.com/faultline-dev/faultline/internal/trajectory"
)

// Instruction is the instruction_in_data signal: the highest instruction
// score of any chunk of a tool result (data the model should not obey) or of
// a user turn (override attempts, prompt injection). System and assistant
// turns measure 0.
type Instruction struct {
	scorer *Scorer
}

// NewInstruction builds the signal from the trained "injection" model.
func NewInstruction(env *signal.Env) (signal.Signal, error) {
	m, err := env.Model(ModelName)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", InstructionInData, err)
	}
	return &Instruction{scorer: NewScorer(m)}, nil
}

// NewInstructionWith builds the signal over a given scorer.
func NewInstructionWith(s *Scorer) *Instruction { return &Instruction{scorer: s} }

// ID implements signal.Signal.
func (*Instruction) ID() string { return InstructionInData }

// Track implements signal.Signal; the signal keeps no state across turns
// but working buffers.
func (s *Instruction) Track(*trajectory.Meta) signal.Tracker {
	return &instructionTracker{scorer: s.scorer, sents: SharedSentences(nil, s.scorer)}
}

// TrackShared implements signal.SharingSignal: tool results are split and
// scored by sentence once per session (see SharedSentences).
func (s *Instruction) TrackShared(_ *trajectory.Meta, shared *signal.Shared) signal.Tracker {
	return &instructionTracker{scorer: s.scorer, sents: SharedSentences(shared, s.scorer)}
}

// Observe implements signal.Tracker, for callers that use the signal as its
// own (stateless, allocating) tracker.
func (s *Instruction) Observe(i int, m *trajectory.Message) signal.Measurement {
	return (&instructionTracker{scorer: s.scorer}).Observe(i, m)
}

type instructionTracker struct {
	scorer *Scorer
	// sents is the session's sentence cache (nil: score tool results
	// alone); its working buffers also serve to score user turns.
	sents *SentenceCache
}

// Reset implements signal.Resetter.
func (t *instructionTracker) Reset(_ *trajectory.Meta, shared *signal.Shared) {
	t.sents = t.sents.Reuse(shared)
}

// Observe implements signal.Tracker.
func (t *instructionTracker) Observe(i int, m *trajectory.Message) signal.Measurement {
	switch m.Role {
	case trajectory.RoleTool, trajectory.RoleUser:
	default:
		return signal.Measurement{}
	}
	if t.sents != nil && m.Role == trajectory.RoleTool {
		sents := t.sents.Of(i, m)
		v, ex, _ := maxOfSentences(t.sents.Text(), sents)
		return signal.Measurement{Value: v, Excerpt: ex}
	}
	var sc *Scratch
	if t.sents != nil {
		sc = &t.sents.scratch
	}
	v, ex, _ := t.scorer.max(m.Content, m.Role == trajectory.RoleUser, sc)
	return signal.Measurement{Value: v, Excerpt: ex}
}
