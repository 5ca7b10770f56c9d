package stance

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// tok is one word of a text: the hash of its lower-cased form (typographic
// apostrophes folded to ', trailing apostrophes dropped) and its byte span.
// Words are compared by hash, so a turn is scanned once, without allocating.
type tok struct {
	h      uint64
	lo, hi int32
}

const (
	fnv64Offset = 14695981039346656037
	fnv64Prime  = 1099511628211
)

// wordByte maps an ASCII byte to its lower-case form when it is a letter
// or a digit, and to 0 otherwise.
var wordByte = func() (t [256]byte) {
	for c := byte('a'); c <= 'z'; c++ {
		t[c] = c
		t[c-'a'+'A'] = c
	}
	for c := byte('0'); c <= '9'; c++ {
		t[c] = c
	}
	return t
}()

// scan appends the words of at most limit bytes of text to dst. A word is a
// run of letters, digits and inner apostrophes (' or ’ between word
// characters), lower-cased, as model.Words splits them.
func scan(text string, limit int, dst []tok) []tok {
	if limit > 0 && len(text) > limit {
		cut := limit
		for cut > 0 && text[cut]&0xC0 == 0x80 {
			cut--
		}
		text = text[:cut]
	}
	n := len(text)
	if need := len(dst) + n/5 + 16; cap(dst) < need {
		// One allocation of about the size needed, not a doubling series.
		dst = append(make([]tok, 0, need), dst...)
	}
	for i := 0; i < n; {
		i = skipSeparators(text, i)
		if uint(i) >= uint(n) { // (unsigned: proves text[i] in bounds)
			break
		}
		if c := text[i]; c >= utf8.RuneSelf {
			if _, size, ok := wordRune(text[i:]); !ok {
				i += size
				continue
			}
		}
		start := i
		h := uint64(fnv64Offset)
		for i < n {
			i, h = asciiRun(text, i, h)
			if uint(i) >= uint(n) {
				break
			}
			if c := text[i]; c < utf8.RuneSelf {
				if c == '\'' && i+1 < n && startsWord(text[i+1:]) {
					h = (h ^ '\'') * fnv64Prime
					i++
					continue
				}
				break
			}
			r, size, ok := wordRune(text[i:])
			if !ok {
				if r == '’' && i+size < n && startsWord(text[i+size:]) {
					h = (h ^ '\'') * fnv64Prime
					i += size
					continue
				}
				break
			}
			var buf [4]byte
			for _, b := range buf[:utf8.EncodeRune(buf[:], unicode.ToLower(r))] {
				h = (h ^ uint64(b)) * fnv64Prime
			}
			i += size
		}
		dst = append(dst, tok{h: h, lo: int32(start), hi: int32(i)})
	}
	return dst
}

// skipSeparators returns the index of the first byte at or after i that is
// not an ASCII separator. It is the hot loop between words: no calls, so
// its variables stay in registers.
func skipSeparators(text string, i int) int {
	// Unsigned compares prove the index in bounds (i is never negative):
	// no check per byte.
	for ; uint(i) < uint(len(text)); i++ {
		c := text[i]
		if c >= utf8.RuneSelf || wordByte[c] != 0 {
			return i
		}
	}
	return i
}

// asciiRun hashes the ASCII letters and digits from i on into h and returns
// where they end: the hot loop within a word.
func asciiRun(text string, i int, h uint64) (int, uint64) {
	for ; uint(i) < uint(len(text)); i++ { // (unsigned: see skipSeparators)
		l := wordByte[text[i]]
		if l == 0 {
			break
		}
		h = (h ^ uint64(l)) * fnv64Prime
	}
	return i, h
}

// wordRune decodes the rune at the start of s and reports whether it is a
// letter or a digit.
func wordRune(s string) (rune, int, bool) {
	r, size := utf8.DecodeRuneInString(s)
	return r, size, unicode.IsLetter(r) || unicode.IsDigit(r)
}

// startsWord reports whether s starts with a word character.
func startsWord(s string) bool {
	if s[0] < utf8.RuneSelf {
		return wordByte[s[0]] != 0
	}
	_, _, ok := wordRune(s)
	return ok
}

// hashWord is the hash scan gives the single word w.
func hashWord(w string) uint64 {
	ts := scan(w, 0, nil)
	if len(ts) != 1 {
		return 0
	}
	return ts[0].h
}

// wildcard is the hash of the "*" phrase word, which matches any word.
const wildcard = 1

// phrase is a word-hash sequence with a weight.
type phrase struct {
	words  []uint64
	weight float64
}

// bloomBits sizes the first-word filter of a lexicon.
const bloomBits = 1 << 12

// lexicon matches word-sequence phrases in one pass over a token list. It is
// built once and read-only afterwards; a bit filter on the first word skips
// the map lookup for almost every word that starts no phrase, and one on
// the second word skips the phrases of a first word that the next word
// cannot continue.
type lexicon struct {
	bloom   [bloomBits / 64]uint64
	byFirst map[uint64]*firstWord
}

// firstWord is the phrases that start with one word. next has the bit
// h%64 of the second word h of each of them, or every bit when one of them
// has a single word or a wildcard second.
type firstWord struct {
	phrases []phrase
	next    uint64
}

// follows reports whether a phrase of f may match where word h follows
// the first word.
func (f *firstWord) follows(h uint64) bool { return f.next&(1<<(h%64)) != 0 }

// newLexicon builds a lexicon from "text": weight pairs. A "*" word matches
// any single word.
func newLexicon(entries map[string]float64) *lexicon {
	l := &lexicon{byFirst: map[uint64]*firstWord{}}
	for text, w := range entries {
		var ws []uint64
		for _, f := range strings.Fields(text) {
			if f == "*" {
				ws = append(ws, wildcard)
				continue
			}
			for _, t := range scan(f, 0, nil) {
				ws = append(ws, t.h)
			}
		}
		if len(ws) == 0 || ws[0] == wildcard {
			continue
		}
		f := l.byFirst[ws[0]]
		if f == nil {
			f = &firstWord{}
			l.byFirst[ws[0]] = f
		}
		f.phrases = append(f.phrases, phrase{words: ws, weight: w})
		if len(ws) < 2 || ws[1] == wildcard {
			f.next = ^uint64(0)
		} else {
			f.next |= 1 << (ws[1] % 64)
		}
		l.bloom[(ws[0]%bloomBits)/64] |= 1 << (ws[0] % 64)
	}
	return l
}

// starts returns the phrases that may match at words[i].
func (l *lexicon) starts(words []tok, i int) []phrase {
	h := words[i].h
	if l.bloom[(h%bloomBits)/64]&(1<<(h%64)) == 0 {
		return nil
	}
	f := l.byFirst[h]
	if f == nil || i+1 < len(words) && !f.follows(words[i+1].h) {
		return nil
	}
	return f.phrases
}

// match is one phrase occurrence: word index and weight.
type match struct {
	at, n  int
	weight float64
}

// best returns the heaviest phrase occurrence among words[from:to], or a
// zero match (weight 0) when none occurs.
func (l *lexicon) best(words []tok, from, to int) match {
	var m match
	to = min(to, len(words))
	for i := max(from, 0); i < to; i++ {
		for _, p := range l.starts(words, i) {
			if p.weight > m.weight && matchAt(words, i, p.words) {
				m = match{at: i, n: len(p.words), weight: p.weight}
			}
		}
	}
	return m
}

// sum returns the summed weight of every phrase occurrence in words.
func (l *lexicon) sum(words []tok) float64 {
	var s float64
	for i := range words {
		for _, p := range l.starts(words, i) {
			if matchAt(words, i, p.words) {
				s += p.weight
			}
		}
	}
	return s
}

func matchAt(words []tok, i int, p []uint64) bool {
	if i+len(p) > len(words) {
		return false
	}
	for k, w := range p {
		if w != wildcard && words[i+k].h != w {
			return false
		}
	}
	return true
}

// hashSet is a read-only set of word hashes.
type hashSet map[uint64]bool

// wordSet builds a hashSet of the whitespace-separated words of s.
func wordSet(s string) hashSet {
	m := hashSet{}
	for _, w := range strings.Fields(s) {
		if h := hashWord(w); h != 0 {
			m[h] = true
		}
	}
	return m
}

// excerptWords renders the text around words[at : at+n] as an excerpt.
func excerptWords(text string, words []tok, at, n int) string {
	if len(words) == 0 {
		return ""
	}
	lo, hi := max(at-4, 0), min(at+n+8, len(words))
	if lo >= hi {
		return ""
	}
	return strings.Join(strings.Fields(text[words[lo].lo:words[hi-1].hi]), " ")
}
