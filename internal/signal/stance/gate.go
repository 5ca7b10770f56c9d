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
	return signal.Get(shared, gateKey{}, func() *gate { return &gate{idx: -1} })
}

// reuseGate returns the session's gate for a tracker that had g and is
// reset for another trajectory (see signal.Resetter): g itself, emptied,
// unless another tracker of the session already took it; a new gate when g
// is nil.
func reuseGate(shared *signal.Shared, g *gate) *gate {
	if g == nil {
		return sharedGate(shared)
	}
	return signal.Reuse(shared, gateKey{}, g, g.reset)
}

// reset empties g for another trajectory, keeping its buffer.
func (g *gate) reset() {
	*g = gate{idx: -1, buf: g.buf[:0]}
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

// fromScan sets the gate of user message i, when it is not set yet, from
// words: the tokens of the message scanned with a limit of gateScan or more
// (the pushback tracker's scan, which comes first in the built-in order),
// so that the stance and concession trackers of the session need no scan
// of their own. disagrees reads the tokens that end within its gateScan cut
// and the word that the cut shortens, rescanned here; tokens are compared
// by hash only, so the result is disagrees' own. words is left as it was.
// When the cut leaves every token whole, fromScan returns the heaviest
// disagreement phrase of all of words (disagreeCues.best(words, 0,
// len(words))) with all true, for the pushback tracker to reuse.
func (g *gate) fromScan(i int, m *trajectory.Message, words []tok) (best match, all bool) {
	if g.msg == m && g.idx == i && g.content == m.Content {
		return match{}, false
	}
	text := m.Content
	cut := len(text)
	if cut > gateScan {
		cut = gateScan
		for cut > 0 && text[cut]&0xC0 == 0x80 {
			cut--
		}
	}
	n := 0
	for n < len(words) && int(words[n].hi) <= cut {
		n++
	}
	var pushed bool
	if n < len(words) && int(words[n].lo) < cut {
		// A word straddles the cut: disagrees sees it shortened.
		last := 0
		if n > 0 {
			last = int(words[n-1].hi)
		}
		var ebuf [4]tok
		extra := scan(text[last:cut], 0, ebuf[:0])
		if n+len(extra) > len(words) || len(extra) > len(ebuf) {
			return match{}, false // not expected; the trackers scan for themselves
		}
		var saved [4]tok
		copy(saved[:], words[n:n+len(extra)])
		copy(words[n:], extra)
		pushed = disagreeCues.best(words, 0, n+len(extra)).weight > 0
		copy(words[n:], saved[:len(extra)])
	} else {
		best = disagreeCues.best(words, 0, n)
		pushed, all = best.weight > 0, n == len(words)
	}
	g.msg, g.idx, g.content, g.pushed = m, i, m.Content, pushed
	if !all {
		best = match{}
	}
	return best, all
}
