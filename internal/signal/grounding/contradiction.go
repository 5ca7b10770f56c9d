package grounding

import (
	"github.com/faultline-dev/faultline/internal/signal"
	"github.com/faultline-dev/faultline/internal/trajectory"
)

// negators flip the polarity of a sentence.
var negators = []string{"not", "no", "never", "isn't", "aren't", "wasn't", "weren't", "don't", "doesn't",
	"didn't", "can't", "cannot", "couldn't", "won't", "wouldn't", "shouldn't", "hasn't", "haven't", "hadn't",
	"neither", "nor", "none", "false", "incorrect"}

// Contradiction values.
const (
	vNegationFlip = 0.8
	vNumberChange = 0.5
)

// claim is something the assistant asserted earlier.
type claim struct {
	neg     bool
	value   uint64 // number hash for quantity claims
	turn    int
	excerpt string
}

// SelfContradiction scores an assistant turn that contradicts an earlier
// assistant turn: the same sentence content (three or more content words)
// with the opposite polarity, or a different number for the same quantity
// (the content word before a number of two or more digits and the word
// after it) when the user's turn in between did not bring the quantity up.
type SelfContradiction struct{}

// NewSelfContradiction returns the self_contradiction signal.
func NewSelfContradiction(*signal.Env) (signal.Signal, error) {
	return SelfContradiction{}, nil
}

// ID implements signal.Signal.
func (SelfContradiction) ID() string { return SelfContradictionID }

// Track implements signal.Signal.
// Track implements signal.Signal: a tracker with grounding state of its own.
func (c SelfContradiction) Track(meta *trajectory.Meta) signal.Tracker {
	return c.TrackShared(meta, nil)
}

// TrackShared implements signal.SharingSignal: the five grounding signals of
// one session share one tokenized message and context index.
func (c SelfContradiction) TrackShared(meta *trajectory.Meta, shared *signal.Shared) signal.Tracker {
	return &contradictionTracker{st: join(shared, kindContradiction), sentences: map[uint64]claim{}, quantities: map[uint64]claim{}}
}

type contradictionTracker struct {
	st         *shared
	sentences  map[uint64]claim
	quantities map[uint64]claim
	user       hashSet
	adds       []pendingClaim
}

// pendingClaim is a claim of the current turn, stored once the turn is measured.
type pendingClaim struct {
	key uint64
	c   claim
}

func (t *contradictionTracker) Observe(i int, m *trajectory.Message) signal.Measurement {
	t.st.at(i, m)
	switch m.Role {
	case trajectory.RoleUser:
		t.user.Reset()
		for _, tk := range t.st.toks {
			if tk.content() {
				t.user.Add(tk.h)
			}
		}
		return signal.Measurement{}
	case trajectory.RoleAssistant:
	default:
		return signal.Measurement{}
	}
	toks := t.st.toks
	var best signal.Measurement
	adds := t.adds[:0]
	// Walk sentences.
	for s := 0; s < len(toks); {
		e := s + 1
		for e < len(toks) && toks[e].flags&fSent == 0 {
			e++
		}
		var sig uint64
		n, neg, code := 0, false, false
		for k := s; k < e; k++ {
			tk := toks[k]
			if tk.flags&(fCode|fMeta) != 0 {
				code = true
				break
			}
			if tk.flags&cNegator != 0 {
				neg = true
			}
			if tk.content() {
				sig += tk.h * 0x9E3779B97F4A7C15
				n++
			}
			if tk.flags&fDigit != 0 && k > s && k+1 < e && significantNumber(m.Content, tk) {
				prev := k - 1
				for prev > s && !toks[prev].content() {
					prev--
				}
				next := toks[k+1]
				if toks[prev].content() && toks[prev].flags&fDigit == 0 && next.flags&(fDigit|fStop) == 0 {
					key := pairHash(toks[prev].h, next.h) &^ (1 << 63)
					ex := sentenceText(m.Content, toks, s, e)
					if old, ok := t.quantities[key]; ok && old.turn < i && old.value != tk.h &&
						!t.user.Has(toks[prev].h) && !t.user.Has(next.h) {
						if vNumberChange > best.Value {
							best = signal.Measurement{Value: vNumberChange, Excerpt: old.excerpt + " → " + ex}
						}
					}
					adds = append(adds, pendingClaim{key: key | 1<<63, c: claim{value: tk.h, turn: i, excerpt: ex}})
				}
			}
		}
		sig &^= 1 << 63
		if !code && n >= 3 {
			ex := ""
			if old, ok := t.sentences[sig]; ok && old.turn < i && old.neg != neg {
				ex = sentenceText(m.Content, toks, s, e)
				if vNegationFlip > best.Value {
					best = signal.Measurement{Value: vNegationFlip, Excerpt: old.excerpt + " → " + ex}
				}
			}
			adds = append(adds, pendingClaim{key: sig &^ (1 << 63), c: claim{neg: neg, turn: i, excerpt: ex, value: uint64(s)<<32 | uint64(e)}})
		}
		s = e
	}
	t.adds = adds
	for _, a := range adds {
		if a.key&(1<<63) != 0 {
			if _, ok := t.quantities[a.key&^(1<<63)]; !ok {
				t.quantities[a.key&^(1<<63)] = a.c
			}
			continue
		}
		if _, ok := t.sentences[a.key]; !ok {
			c := a.c
			if c.excerpt == "" {
				c.excerpt = sentenceText(m.Content, toks, int(c.value>>32), int(c.value&0xffffffff))
			}
			t.sentences[a.key] = c
		}
	}
	return best
}

// significantNumber reports whether a number token has two digits or more.
func significantNumber(s string, tk token) bool {
	d := 0
	for i := tk.start; i < tk.end; i++ {
		if '0' <= s[i] && s[i] <= '9' {
			d++
		}
	}
	return d >= 2
}

// sentenceText returns the text of toks[s:e], capped.
func sentenceText(content string, toks []token, s, e int) string {
	return head(content[toks[s].start:toks[e-1].end], 160)
}
