package grounding

import (
	"strings"

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
	// vRestated is a different number in a restatement of the same
	// claim (restated): "the free tier allows 100 requests per minute"
	// and later "since the free tier allows 1,000 requests per minute".
	vRestated = 0.8
)

// correctionPhrases mark a reply that owns a change as a correction.
var correctionPhrases = []string{"mistake", "apolog", "sorry", "i was wrong", "correction", "you're right",
	"you are right", "i misspoke", "i misstated", "my error", "let me correct", "to correct", "actually"}

// corrects reports whether a reply presents what it says as a correction
// of itself: a changed number it owns is no silent contradiction.
func corrects(reply string) bool {
	l := strings.ToLower(head(reply, 400))
	for _, p := range correctionPhrases {
		if strings.Contains(l, p) {
			return true
		}
	}
	return false
}

// fingerprint is a 256-bit Bloom filter of a sentence's content words
// (two bits per word).
type fingerprint [4]uint64

func (f *fingerprint) add(h uint64) {
	a, b := h&255, (h>>8)&255
	f[a>>6] |= 1 << (a & 63)
	f[b>>6] |= 1 << (b & 63)
}

func (f *fingerprint) has(h uint64) bool {
	a, b := h&255, (h>>8)&255
	return f[a>>6]&(1<<(a&63)) != 0 && f[b>>6]&(1<<(b&63)) != 0
}

// restated reports whether the number at toks[k] is restated from a
// sentence with content-word fingerprint old: the
// content words around it (up to three before and two after, four or
// more in all, within toks[s:e]) all occur in the old sentence. "The
// school spent 1058 yuan on volleyballs" is not restated by "spent 2070
// yuan on basketballs".
func restated(old *fingerprint, toks []token, s, e, k int) bool {
	n := 0
	for j, c := k-1, 0; j >= s && c < 3; j-- {
		if toks[j].content() && toks[j].flags&fDigit == 0 {
			if !old.has(toks[j].h) {
				return false
			}
			c++
			n++
		}
	}
	for j, c := k+1, 0; j < e && c < 2; j++ {
		if toks[j].content() && toks[j].flags&fDigit == 0 {
			if !old.has(toks[j].h) {
				return false
			}
			c++
			n++
		}
	}
	return n >= 4
}

// claim is something the assistant asserted earlier.
type claim struct {
	neg     bool
	value   uint64 // number hash for quantity claims
	turn    int
	excerpt string
	// words is the content-word fingerprint of a quantity claim's
	// sentence.
	words fingerprint
}

// SelfContradiction scores an assistant turn that contradicts an earlier
// assistant turn: the same sentence content (three or more content words)
// with the opposite polarity, or a different number for the same quantity
// (the content word before a number of two or more digits and the word
// after it) when the user's turn in between did not bring the quantity up.
// A polarity flip scores vNegationFlip; a different number scores
// vNumberChange, or vRestated when the words around it restate the
// earlier sentence (restated) and the reply does not own the change as a
// correction ("my mistake: it is 8,849 meters").
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
	return &contradictionTracker{st: join(shared, kindContradiction)}
}

type contradictionTracker struct {
	st         *shared
	sentences  claimTable
	quantities claimTable
	// user holds the content words of the latest user turn, userText;
	// built when a changed number first needs it (rarely), not per turn.
	user      hashSet
	userText  string
	userBuilt bool
	userToks  []token
	adds      []pendingClaim
}

// pendingClaim is a claim of the current turn, stored once the turn is measured.
type pendingClaim struct {
	key uint64
	c   claim
}

// userHas reports whether the latest user turn has the content word h.
func (t *contradictionTracker) userHas(h uint64) bool {
	if !t.userBuilt {
		t.userBuilt = true
		t.user.Reset()
		t.userToks = tokenize(t.userText, t.userToks[:0])
		for k := range t.userToks {
			if tk := &t.userToks[k]; tk.content() {
				t.user.Add(tk.h)
			}
		}
	}
	return t.user.Has(h)
}

func (t *contradictionTracker) Observe(i int, m *trajectory.Message) signal.Measurement {
	t.st.at(i, m)
	switch m.Role {
	case trajectory.RoleUser:
		t.userText, t.userBuilt = m.Content, false
		return signal.Measurement{}
	case trajectory.RoleAssistant:
	default:
		return signal.Measurement{}
	}
	toks := t.st.toks
	var best signal.Measurement
	if t.adds == nil {
		t.adds = make([]pendingClaim, 0, 16) // a turn's sentences, grown once or twice
	}
	adds := t.adds[:0]
	// Walk sentences.
	for s := 0; s < len(toks); {
		// One pass over the sentence up to its first code or meta token
		// (stop): its signature, polarity and the span of its numbers
		// after the first word.
		var sig uint64
		n, neg, stop := 0, false, -1
		firstNum, lastNum := len(toks), -1
		e := s
		for ; e < len(toks); e++ {
			tk := &toks[e]
			if e > s && tk.flags&fSent != 0 {
				break
			}
			if stop >= 0 {
				continue
			}
			if tk.flags&(fCode|fMeta) != 0 {
				stop = e
				continue
			}
			if tk.flags&cNegator != 0 {
				neg = true
			}
			if tk.content() {
				sig += tk.h * 0x9E3779B97F4A7C15
				n++
			}
			if tk.flags&fDigit != 0 && e > s {
				firstNum, lastNum = min(firstNum, e), e
			}
		}
		code := stop >= 0
		if lastNum >= 0 {
			adds = t.quantityClaims(i, m.Content, toks, s, e, firstNum, lastNum, adds, &best)
		}
		sig &^= 1 << 63
		if !code && n >= 3 {
			ex := ""
			if old, ok := t.sentences.get(sig); ok && old.turn < i && old.neg != neg {
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
			t.quantities.addNew(a.key&^(1<<63), a.c)
			continue
		}
		if _, ok := t.sentences.get(a.key); !ok {
			c := a.c
			if c.excerpt == "" {
				c.excerpt = sentenceText(m.Content, toks, int(c.value>>32), int(c.value&0xffffffff))
			}
			t.sentences.addNew(a.key, c)
		}
	}
	return best
}

// quantityClaims appends the quantity claims of the sentence toks[s:e] of
// turn i (content) to adds, its numbers being among toks[first:last+1],
// and raises best to a changed number. The sentence's content-word
// fingerprint is only built for a sentence with a quantity.
func (t *contradictionTracker) quantityClaims(i int, content string, toks []token, s, e, first, last int,
	adds []pendingClaim, best *signal.Measurement) []pendingClaim {
	var words fingerprint
	hasWords := false
	for k := first; k <= last; k++ {
		tk := toks[k]
		if tk.flags&fDigit == 0 || k+1 >= e || !significantNumber(content, tk) {
			continue
		}
		prev := k - 1
		for prev > s && !toks[prev].content() {
			prev--
		}
		next := toks[k+1]
		if !toks[prev].content() || toks[prev].flags&fDigit != 0 || next.flags&(fDigit|fStop) != 0 {
			continue
		}
		if !hasWords {
			hasWords = true
			for j := s; j < e; j++ {
				if toks[j].content() {
					words.add(toks[j].h)
				}
			}
		}
		key := pairHash(toks[prev].h, next.h) &^ (1 << 63)
		ex := sentenceText(content, toks, s, e)
		if old, ok := t.quantities.get(key); ok && old.turn < i && old.value != tk.h &&
			!t.userHas(toks[prev].h) && !t.userHas(next.h) {
			v := vNumberChange
			if restated(&old.words, toks, s, e, k) && !corrects(content) {
				v = vRestated
			}
			if v > best.Value {
				*best = signal.Measurement{Value: v, Excerpt: old.excerpt + " → " + ex}
			}
		}
		adds = append(adds, pendingClaim{key: key | 1<<63, c: claim{value: tk.h, turn: i, excerpt: ex, words: words}})
	}
	return adds
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
