package grounding

import (
	"github.com/faultline-dev/faultline/internal/signal"
	"github.com/faultline-dev/faultline/internal/trajectory"
)

// phrase is a marker of confidence (weight > 0) or hedging (weight < 0),
// as a sequence of word hashes.
type phrase struct {
	words  []uint64
	weight float64
}

// phraseTable indexes phrases by their first word; the first words have
// the table's word class (see lexicon), so that a token's class answers
// "can a phrase start here" before the table is probed. m holds the phrases
// by first word; keys and lists are the same in an open-addressing table
// (linear probing, 0 marks an empty slot: word hashes are odd), cheaper to
// probe than the map. Immutable once built.
type phraseTable struct {
	class uint32
	m     map[uint64][]phrase
	keys  []uint64
	lists [][]phrase
}

func newPhraseTable(class uint32, weight float64, texts ...string) phraseTable {
	t := phraseTable{class: class, m: map[uint64][]phrase{}}
	return t.with(weight, texts...)
}

func (t phraseTable) with(weight float64, texts ...string) phraseTable {
	var buf [8]token
	for _, s := range texts {
		toks := tokenizeRaw(s, buf[:0])
		p := phrase{weight: weight}
		for _, tk := range toks {
			p.words = append(p.words, tk.h)
		}
		t.m[p.words[0]] = append(t.m[p.words[0]], p)
	}
	// The table: a power of two at least four times the first words.
	size := 16
	for size < 4*len(t.m) {
		size *= 2
	}
	t.keys, t.lists = make([]uint64, size), make([][]phrase, size)
	mask := uint64(size - 1)
	for h, ps := range t.m {
		i := (h >> 1) & mask
		for t.keys[i] != 0 {
			i = (i + 1) & mask
		}
		t.keys[i], t.lists[i] = h, ps
	}
	return t
}

// lookup returns the phrases starting with the word tk (a token of tokenize).
func (t *phraseTable) lookup(tk *token) []phrase {
	if tk.flags&t.class == 0 {
		return nil
	}
	return t.phrases(tk.h)
}

// phrases returns the phrases whose first word has the hash h.
func (t *phraseTable) phrases(h uint64) []phrase {
	mask := uint64(len(t.keys) - 1)
	for i := (h >> 1) & mask; ; i = (i + 1) & mask {
		switch t.keys[i] {
		case h:
			return t.lists[i]
		case 0:
			return nil
		}
	}
}

// match sums the weights of the phrases found in toks (code excluded) and
// returns the first matched span of each polarity.
func (t *phraseTable) match(toks []token) (boost, hedge float64, firstBoost, firstHedge [2]int32) {
	firstBoost[0], firstHedge[0] = -1, -1
	for i := range toks {
		tk := &toks[i]
		if tk.flags&(fCode|t.class) != t.class {
			continue // code, or no phrase starts with the word
		}
		for _, p := range t.phrases(tk.h) {
			if i+len(p.words) > len(toks) {
				continue
			}
			ok := true
			for j := 1; j < len(p.words); j++ {
				if toks[i+j].h != p.words[j] {
					ok = false
					break
				}
			}
			if !ok {
				continue
			}
			span := [2]int32{tk.start, toks[i+len(p.words)-1].end}
			if p.weight > 0 {
				boost += p.weight
				if firstBoost[0] < 0 {
					firstBoost = span
				}
			} else {
				hedge -= p.weight
				if firstHedge[0] < 0 {
					firstHedge = span
				}
			}
		}
	}
	return
}

// certaintyPhrases are the confidence and hedging markers.
var certaintyPhrases = newPhraseTable(cCertainty, 1,
	"definitely", "certainly", "undoubtedly", "absolutely", "guaranteed", "guarantee", "100 percent",
	"without a doubt", "without any doubt", "no doubt", "clearly", "obviously", "i am sure", "i'm sure",
	"i am certain", "i'm certain", "i am confident", "i'm confident", "rest assured", "there is no question",
	"it is a fact", "a proven fact", "proven", "unquestionably", "exactly", "precisely",
	"of course", "for sure", "indisputably", "beyond doubt", "confirmed", "verified", "in fact",
).with(-1,
	"may", "might", "could", "possibly", "perhaps", "maybe", "likely", "unlikely", "probably", "i think",
	"i believe", "it seems", "seems", "it appears", "appears", "not sure", "i'm not sure", "not certain",
	"i don't know", "i do not know", "approximately", "roughly", "estimated", "generally", "typically",
	"as far as i know", "to my knowledge", "cannot verify", "can't verify", "unable to verify", "unclear",
	"uncertain", "suggests", "it is possible", "i'm unsure", "i am unsure", "not able to confirm", "may not",
	"i'm not aware", "i am not aware", "no information", "recommend checking", "double-check",
)

// Certainty measures confident versus hedged language on assistant turns:
// 0.5 when there is no marker, towards 1 with confident markers
// ("definitely", "guaranteed", "100%"), towards 0 with hedges ("may", "I'm
// not sure", "it seems"). Other turns measure 0.
type Certainty struct{}

// NewCertainty returns the certainty signal.
func NewCertainty(*signal.Env) (signal.Signal, error) { return Certainty{}, nil }

// ID implements signal.Signal.
func (Certainty) ID() string { return CertaintyID }

// Track implements signal.Signal.
// Track implements signal.Signal: a tracker with grounding state of its own.
func (c Certainty) Track(meta *trajectory.Meta) signal.Tracker { return c.TrackShared(meta, nil) }

// TrackShared implements signal.SharingSignal: the five grounding signals of
// one session share one tokenized message and context index.
func (c Certainty) TrackShared(meta *trajectory.Meta, shared *signal.Shared) signal.Tracker {
	return &certaintyTracker{st: join(shared, kindCertainty, nil)}
}

type certaintyTracker struct{ st *shared }

// Reset implements signal.Resetter: the tracker keeps the grounding state's
// buffers (see join).
func (t *certaintyTracker) Reset(_ *trajectory.Meta, shared *signal.Shared) {
	*t = certaintyTracker{st: join(shared, kindCertainty, t.st)}
}

func (t *certaintyTracker) Observe(i int, m *trajectory.Message) signal.Measurement {
	t.st.at(i, m)
	if m.Role != trajectory.RoleAssistant || m.Content == "" {
		return signal.Measurement{}
	}
	return t.st.certainty()
}

// certaintyOf scores the markers of one text.
func certaintyOf(s string, toks []token) signal.Measurement {
	b, h, fb, fh := certaintyPhrases.match(toks)
	v := 0.5 + 0.5*(b-h)/(b+h+2)
	out := signal.Measurement{Value: v}
	switch {
	case b > h && fb[0] >= 0:
		out.Excerpt = s[fb[0]:fb[1]]
	case h > b && fh[0] >= 0:
		out.Excerpt = s[fh[0]:fh[1]]
	}
	return out
}

// startsAt reports whether a phrase of t starts at toks[i].
func (t *phraseTable) startsAt(toks []token, i int) bool {
	for _, p := range t.lookup(&toks[i]) {
		if i+len(p.words) > len(toks) {
			continue
		}
		ok := true
		for j := 1; j < len(p.words); j++ {
			if toks[i+j].h != p.words[j] {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}
