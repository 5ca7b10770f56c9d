package grounding

import (
	"fmt"
	"strings"

	"github.com/faultline-dev/faultline/internal/signal/model"

	"github.com/faultline-dev/faultline/internal/signal"
	"github.com/faultline-dev/faultline/internal/trajectory"
)

// Ungrounded measures, on every assistant answer (not on messages that
// issue tool calls), how much of its claims are not supported by the
// context observed before it (system prompt, user turns, tool results and
// tool call arguments, the assistant's own earlier turns; knowledge is the
// part the model was given to answer from). The unsupported shares of words,
// content words and word pairs, against the whole context and against the
// knowledge alone, the longest run copied from the knowledge and the
// first/second-person share are combined by the trained grounding model into
// a probability that the response is not fully supported. Code, reasoning
// blocks and refusals are skipped; outside knowledge-grounded dialogue,
// plans, questions and meta-talk are skipped too. In agent trajectories the
// probability is scaled by the specifics the context does not support (see
// specificsGate): an agent answer paraphrases tool results freely, only
// invented names and numbers make a confident failure. The excerpt lists
// unsupported claim words. Other turns measure 0.
type Ungrounded struct {
	model *model.Model
}

// NewUngrounded returns the ungrounded signal; the grounding model must be loaded.
func NewUngrounded(env *signal.Env) (signal.Signal, error) {
	m, err := env.Model(GroundingModel)
	if err != nil {
		return nil, fmt.Errorf("ungrounded: %w", err)
	}
	return &Ungrounded{model: m}, nil
}

// ID implements signal.Signal.
func (*Ungrounded) ID() string { return UngroundedID }

// Track implements signal.Signal.
// Track implements signal.Signal: a tracker with grounding state of its own.
func (u *Ungrounded) Track(meta *trajectory.Meta) signal.Tracker { return u.TrackShared(meta, nil) }

// TrackShared implements signal.SharingSignal: the five grounding signals of
// one session share one tokenized message and context index.
func (u *Ungrounded) TrackShared(meta *trajectory.Meta, shared *signal.Shared) signal.Tracker {
	return &ungroundedTracker{model: u.model, st: join(shared, kindUngrounded, nil)}
}

type ungroundedTracker struct {
	model *model.Model
	st    *shared
	buf   strings.Builder
}

// Reset implements signal.Resetter: the tracker keeps the grounding state's
// buffers (see join).
func (t *ungroundedTracker) Reset(_ *trajectory.Meta, shared *signal.Shared) {
	*t = ungroundedTracker{model: t.model, st: join(shared, kindUngrounded, t.st)}
}

func (t *ungroundedTracker) Observe(i int, m *trajectory.Message) signal.Measurement {
	st := t.st
	st.at(i, m)
	if !st.scored() {
		return signal.Measurement{}
	}
	t.buf.Reset()
	t.buf.Grow(featureTextCap)
	u := unsupported{gate: st.agent}
	supportFeatures(m.Content, st.toks, &st.ctx, &t.buf, &u)
	v := model.Reprior(t.model.Score(t.buf.String()), groundingPriorOdds)
	if st.agent {
		v *= u.specificsGate()
	}
	return signal.Measurement{Value: v, Excerpt: u.excerpt(m.Content)}
}

// featureTextCap holds most feature texts (see supportFeatures) in one
// allocation.
const featureTextCap = 256

// groundingPriorOdds is the prior odds of an answer that its context does
// not fully support in deployment, relative to the balanced classes the
// grounding model learns from (BEGIN's responses are 73% unsupported; the
// training reweights them to 50%). Assistants answering from a policy or a
// document are mostly grounded: without the correction a faithful
// paraphrase of a support policy scored 0.73 and one with two paraphrase
// words ("window", "original") 0.86. The correction is monotonic, so
// rankings (BEGIN AUROC) do not change; verdicts move towards precision.
const groundingPriorOdds = 1.0 / 3
