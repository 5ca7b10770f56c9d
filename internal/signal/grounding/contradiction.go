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
	return &contradictionTracker{st: join(shared, kindContradiction, nil)}
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

// Reset implements signal.Resetter: the tracker keeps its claim tables and
// buffers, emptied, and the grounding state's (see join).
func (t *contradictionTracker) Reset(_ *trajectory.Meta, shared *signal.Shared) {
	t.sentences.reset()
	t.quantities.reset()
	resetSet(&t.user)
	clear(t.adds) // the excerpts of the last turn
	*t = contradictionTracker{st: join(shared, kindContradiction, t.st), sentences: t.sentences,
		quantities: t.quantities, user: t.user, userToks: keptTokens(t.userToks), adds: t.adds[:0]}
}

// userHas reports whether the latest user turn has the content word h.
func (t *contradictionTracker) userHas(h uint64) bool {
	if !t.userBuilt {
		t.userBuilt = true
		t.user.Reset()
		t.userToks = t.st.tokenize(t.userText, t.userToks[:0])
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
			if tk.flags&(fCode|fMeta) != 0 {
				// The rest of the sentence: its end only.
				stop = e
				for e++; e < len(toks) && toks[e].flags&fSent == 0; e++ {
				}
				break
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
		if !code && n >= 2 {
			adds = t.countClaims(i, m.Content, toks, s, e, adds, &best)
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

// countSalt keys count claims apart from quantity claims.
const countSalt = 0xC0C0C0C0C0C0C0C0

// countClaims appends the count claims of the sentence toks[s:e] of turn i
// ("Mars has two moons": a small count, in digits or words, before a plural
// noun or a word and a plural noun) to adds, and raises best to a changed count of the same noun
// ("Mars's three moons") in a sentence that shares another content word
// with the earlier one (so "Jupiter has 95 moons" is another claim), when
// the latest user turn did not bring the noun up and the reply does not own
// the change as a correction.
func (t *contradictionTracker) countClaims(i int, content string, toks []token, s, e int,
	adds []pendingClaim, best *signal.Measurement) []pendingClaim {
	// Plural nouns first (a byte test rules out most words), then the
	// count before them, right before or one describing word before
	// ("seven main divisions").
	for at := s + 1; at < e; at++ {
		noun := &toks[at]
		if noun.flags&(fDigit|fStop|fCode) != 0 || noun.end-noun.start < 4 || content[noun.end-1] != 's' {
			continue
		}
		k := at - 1
		v := countValue(content[toks[k].start:toks[k].end])
		if v == 0 && k > s && toks[k].content() && toks[k].flags&fDigit == 0 {
			k--
			v = countValue(content[toks[k].start:toks[k].end])
		}
		if v == 0 || !pluralNoun(content[noun.start:noun.end]) {
			continue
		}
		// The claim's subject: the capitalized content words of the
		// sentence (names, and its first word when it carries content).
		var words fingerprint
		named := false
		for j := s; j < e; j++ {
			if j != at && toks[j].content() && toks[j].flags&fDigit == 0 && isUpper(content[toks[j].start]) {
				words.add(toks[j].h)
				named = true
			}
		}
		if !named {
			continue
		}
		key := pairHash(countSalt, noun.h) &^ (1 << 63)
		ex := sentenceText(content, toks, s, e)
		if old, ok := t.quantities.get(key); ok && old.turn < i && old.value != v && sharesWord(&old.words, toks, s, e, at) &&
			!t.userHas(noun.h) && !corrects(content) && vRestated > best.Value {
			*best = signal.Measurement{Value: vRestated, Excerpt: old.excerpt + " → " + ex}
		}
		adds = append(adds, pendingClaim{key: key | 1<<63, c: claim{value: v, turn: i, excerpt: ex, words: words}})
	}
	return adds
}

// sharesWord reports whether a content word of toks[s:e] other than
// toks[skip] and numbers is in the fingerprint old (the names of the
// earlier claim's sentence).
func sharesWord(old *fingerprint, toks []token, s, e, skip int) bool {
	for j := s; j < e; j++ {
		if j != skip && toks[j].content() && toks[j].flags&fDigit == 0 && old.has(toks[j].h) {
			return true
		}
	}
	return false
}

// isUpper reports whether c is an ASCII capital.
func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }

// pluralNoun reports whether w reads as a plural noun: four letters or
// more ending in a single "s", and none of the words that only look so.
func pluralNoun(w string) bool {
	if len(w) < 4 || w[len(w)-1] != 's' {
		return false
	}
	switch w[len(w)-2] {
	case 's', 'u', 'i':
		return false // "less", "various", "basis"
	}
	for _, x := range notPlural {
		if strings.EqualFold(w, x) {
			return false
		}
	}
	return true
}

// notPlural are words that end like plural nouns and are none.
var notPlural = [...]string{"plus", "times", "does", "goes", "always", "perhaps", "across", "besides", "towards",
	"afterwards", "sometimes", "yours", "ours", "theirs", "hers", "whereas", "unless", "thus"}

// countValue returns the count a word states (2 to 12, in digits or in
// English words), or 0. One is left out: "one of the moons" counts nothing.
func countValue(w string) uint64 {
	if len(w) == 1 && w[0] >= '2' && w[0] <= '9' {
		return uint64(w[0] - '0')
	}
	if len(w) == 2 && w[0] == '1' && w[1] >= '0' && w[1] <= '2' {
		return uint64(10 + w[1] - '0')
	}
	if len(w) < 3 || len(w) > 6 {
		return 0
	}
	switch w[0] | 0x20 { // the first letters of the words below
	case 't', 'f', 's', 'e', 'n':
	default:
		return 0
	}
	switch strings.ToLower(w) {
	case "two":
		return 2
	case "three":
		return 3
	case "four":
		return 4
	case "five":
		return 5
	case "six":
		return 6
	case "seven":
		return 7
	case "eight":
		return 8
	case "nine":
		return 9
	case "ten":
		return 10
	case "eleven":
		return 11
	case "twelve":
		return 12
	}
	return 0
}
