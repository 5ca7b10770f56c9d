package stance

import (
	"github.com/faultline-dev/faultline/internal/signal"
	"github.com/faultline-dev/faultline/internal/trajectory"
)

// gateKey is the key of a session's gate in signal.Shared.
type gateKey struct{}

// gate remembers whether the current user turn disagrees (disagrees), so
// that the stance and concession trackers of one session scan it once. It
// also holds the token buffer the session's stance trackers scan into: each
// uses it only within one Observe, so one buffer serves them all.
type gate struct {
	msg     *trajectory.Message
	idx     int
	content string
	pushed  bool
	buf     []tok
}

// sharedGate returns the session's gate, or a gate of its own when shared
// is nil.
func sharedGate(shared *signal.Shared) *gate {
	if shared == nil {
		return &gate{idx: -1}
	}
	return shared.Load(gateKey{}, func() any { return &gate{idx: -1} }).(*gate)
}

// disagrees is disagrees(m.Content) for user message i, computed once.
func (g *gate) disagrees(i int, m *trajectory.Message) bool {
	if g.msg == m && g.idx == i && g.content == m.Content {
		return g.pushed
	}
	g.msg, g.idx, g.content = m, i, m.Content
	g.buf, g.pushed = disagrees(m.Content, g.buf)
	return g.pushed
}
