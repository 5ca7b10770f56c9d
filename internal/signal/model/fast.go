package model

import (
	"math"
	"unicode/utf8"
)

// cut returns the part of text the featurizer reads (Features' cut).
func (f *Featurizer) cut(text string) string {
	if len(text) > f.maxChars() {
		cut := f.maxChars()
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut]
	}
	return text
}

// isASCII reports whether s has only ASCII bytes, sixteen then eight at a
// time.
func isASCII(s string) bool {
	const hi = 0x8080808080808080
	i := 0
	for ; i+16 <= len(s); i += 16 {
		if (load64(s, i)|load64(s, i+8))&hi != 0 {
			return false
		}
	}
	for ; i+8 <= len(s); i += 8 {
		if load64(s, i)&hi != 0 {
			return false
		}
	}
	for ; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// load64 returns the eight bytes of s from i on, little-endian (one load).
func load64(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// wordClass tells, per ASCII byte, whether it is part of a word: 1 for
// letters and digits, 2 for the apostrophe (only inside a word).
var wordClass = func() (t [256]uint8) {
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = 1, 1
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = 1
	}
	t['\''] = 2
	return t
}()

// wordLower maps ASCII letters and digits to their lower-case form and
// every other byte to 0.
var wordLower = func() (t [256]uint8) {
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = uint8(c), uint8(c)
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = uint8(c)
	}
	return t
}()

// fast reports whether the allocation-free path applies to the model's
// featurization: word unigrams and bigrams at most, no character n-grams,
// and a power-of-two dimension (every shipped model), where the index of a
// hash is a mask of it.
func (f *Featurizer) fast() bool {
	return len(f.CharN) == 0 && f.WordN <= 2 && f.Dim&(f.Dim-1) == 0
}

// sum computes, without allocating, the sum of the feature weights of text
// in the order Features lists them, and the number of features. ok is false
// when the fast path does not apply (character n-grams, word n-grams above
// 2, or non-ASCII text, whose Unicode lower-casing Words handles): the
// caller then uses Features. Tokens are those of Words: ASCII lower-casing
// is done byte by byte while hashing.
func (m *Model) sum(text string) (z float64, n int, ok bool) {
	f := &m.Featurizer
	if !f.fast() {
		return 0, 0, false
	}
	text = f.cut(text)
	if !isASCII(text) {
		return 0, 0, false
	}
	// Bigram features follow every unigram in Features' order: their
	// indices wait here so that the sum adds them in the same order.
	var bbuf [512]uint32
	var w walker
	bi := w.walk(m, text, bbuf[:0])
	return m.addWeights(w.z, bi), w.n + len(bi), true
}

// addWeights returns z plus the weights of the features idx (indices below
// the fast path's power-of-two dimension), added in order.
func (m *Model) addWeights(z float64, idx []uint32) float64 {
	w, mask := m.Weights, uint(m.Featurizer.Dim-1)
	if uint(len(w)) <= mask {
		// Fewer weights than buckets (no model of MarshalBinary): an
		// index may be out of range, as it would be in Features.
		for _, i := range idx {
			z += float64(w[i])
		}
		return z
	}
	// Masked, so in range: no check. Two a round, in order.
	k := 0
	for ; k < len(idx)-1; k += 2 {
		z += float64(w[uint(idx[k])&mask])
		z += float64(w[uint(idx[k+1])&mask])
	}
	if k < len(idx) {
		z += float64(w[uint(idx[k])&mask])
	}
	return z
}

// walker is the state of the fast path across texts read one after the
// other as one text (separated by a non-word byte). The bigram indices are
// kept by the caller (see walk), so that a buffer on its stack stays there.
type walker struct {
	// z sums the unigram weights, n counts them.
	z float64
	n int
	// prev is the bigram hash state after the last word, when hasPrev.
	prev    uint32
	hasPrev bool
}

// walk adds the words of ASCII text to the walker (fast: the dimension is
// a power of two, so that an index is a mask of the hash), appending the
// bigram indices in order to bi and returning it. Words are hashed a chunk
// at a time (see hashWords), then their weights summed in order.
func (wk *walker) walk(m *Model, text string, bi []uint32) []uint32 {
	if m.Featurizer.WordN <= 0 {
		return bi
	}
	bigrams := m.Featurizer.WordN >= 2
	mask := m.Featurizer.Dim - 1
	var uni, big [wordChunk]uint32
	for i := 0; ; {
		next, k, prev := hashWords(text, i, wk.prev, mask, &uni, &big, &wordLower)
		wk.z = m.addWeights(wk.z, uni[:k])
		wk.n += k
		if bigrams && k > 0 {
			b := big[:k]
			if !wk.hasPrev {
				b = b[1:] // the first word of all pairs with no word before it
			}
			bi = append(bi, b...)
			wk.prev, wk.hasPrev = prev, true
		}
		if k < wordChunk {
			return bi
		}
		i = next
	}
}

// wordChunk is the number of words hashWords hashes per call.
const wordChunk = 128

// hashWords hashes the words of text from i on (FNV-1a, as Features hashes
// them: letters and digits lower-cased, a run of apostrophes part of a word
// only when a letter or digit follows it), up to wordChunk of them: for the
// k-th, the index of its unigram in uni[k] and of its bigram with the word
// before it (the first with the bigram state prev) in big[k]. It returns
// the index to read on from (past the byte that ended the last word), the
// number of words k, and the bigram state after them. A loop of its own
// (not one call per word), so that the hashes stay in registers. lower is
// &wordLower, passed so that its address stays in a register (the compiler
// loads a global's address at every use).
func hashWords(text string, i int, prev, mask uint32, uni, big *[wordChunk]uint32, lower *[256]uint8) (int, int, uint32) {
	lo := lower[:] // one nil check here, none per byte
	us, bs := uni[:], big[:]
	seed1 := fnvByte(fnvByte(fnvOffset, 'w'), 1)
	seed2 := fnvByte(fnvByte(fnvOffset, 'w'), 2)
	k := 0
	for k < wordChunk {
		// Skip to a word start (a letter or digit). The loops compare
		// indices as unsigned (i is never negative), which proves them in
		// bounds: no check per byte.
		for uint(i) < uint(len(text)) && lo[text[i]] == 0 {
			i++
		}
		if i >= len(text) {
			break
		}
		h1, h2, hb := seed1, seed2, prev
		for {
			// The hot loop: letters and digits. It ends at the end of
			// text (b is then a letter or digit) or at b = text[i].
			var b byte
			for ; uint(i) < uint(len(text)); i++ {
				b = text[i]
				c := uint32(lo[b])
				if c == 0 {
					break
				}
				h1 = (h1 ^ c) * fnvPrime
				h2 = (h2 ^ c) * fnvPrime
				hb = (hb ^ c) * fnvPrime
			}
			if b != '\'' {
				break
			}
			j := i + 1
			for j < len(text) && text[j] == '\'' {
				j++
			}
			if j == len(text) || wordLower[text[j]] == 0 {
				i = j // trailing apostrophes: no part of the word
				break
			}
			for ; i < j; i++ {
				h1 = (h1 ^ '\'') * fnvPrime
				h2 = (h2 ^ '\'') * fnvPrime
				hb = (hb ^ '\'') * fnvPrime
			}
		}
		// The separator byte 0 after each word: ^0 is a no-op.
		us[k] = (h1 * fnvPrime) & mask
		bs[k] = (hb * fnvPrime) & mask
		prev = h2 * fnvPrime
		k++
		if i < len(text) {
			i++ // text[i] ended the word: no letter or digit, no skip round for it
		}
	}
	return i, k, prev
}

// Prefix is the head of texts that share it, read once: see ScoreAfter.
// The zero Prefix is ready for SetPrefix; a Prefix belongs to one model.
type Prefix struct {
	head string
	w    walker
	bi   []uint32 // bigram indices of head
	ok   bool
}

// SetPrefix reads head into p, reusing p's memory.
func (m *Model) SetPrefix(p *Prefix, head string) {
	p.head = head
	p.w = walker{}
	p.bi = p.bi[:0]
	f := &m.Featurizer
	p.ok = f.fast() && len(head) <= f.maxChars() && isASCII(head) &&
		(head == "" || wordClass[head[len(head)-1]] == 0)
	if p.ok {
		p.bi = p.w.walk(m, head, p.bi)
	}
}

// ScoreAfter returns Score(head + text) for the head p was set with,
// reading only text when head ends with a byte that is no part of a word
// (so that no word spans the seam) and both are ASCII.
func (m *Model) ScoreAfter(p *Prefix, text string) float64 {
	f := &m.Featurizer
	if !p.ok || len(p.head)+len(text) > f.maxChars() || !isASCII(text) {
		return m.Score(p.head + text)
	}
	var bbuf [512]uint32
	w := p.w
	bi := w.walk(m, text, bbuf[:0])
	// Features' order: every unigram (head, then text), then every bigram
	// (head, the seam, text).
	z := m.addWeights(m.addWeights(w.z, p.bi), bi)
	return m.logistic(z, w.n+len(p.bi)+len(bi))
}

// logistic is the model's probability for a feature weight sum z over n
// features, as scoreFeatures computes it.
func (m *Model) logistic(z float64, n int) float64 {
	if n == 0 {
		return sigmoid(float64(m.Bias))
	}
	return sigmoid(z/math.Sqrt(float64(n)) + float64(m.Bias))
}

// Sum returns the sum of the feature weights of text (in the order of
// Features) and the number of features: the parts of Score's logit, for
// callers that combine several texts.
func (m *Model) Sum(text string) (float64, int) {
	if z, n, ok := m.sum(text); ok {
		return z, n
	}
	var buf [1024]uint32
	feats := m.Featurizer.Features(text, buf[:0])
	var z float64
	for _, f := range feats {
		z += float64(m.Weights[f])
	}
	return z, len(feats)
}

// ScoreParts scores text+suffix and, in parts, each part of text+suffix
// (parts[k] = Score(text[ends[k-1]:ends[k]] + suffix), the first part
// starting at 0, the last ending at len(text)), hashing every word of text
// once: a text scored whole and sentence by sentence. Each end but the last
// must follow a byte that is no part of a word, and suffix must start with
// one (or be empty), so that no word crosses a seam. It reports false, scoring
// nothing, when the fast path does not apply (see sum) or text+suffix is
// longer than the model reads.
func (m *Model) ScoreParts(text string, ends []int, suffix string, parts []float64) (float64, bool) {
	f := &m.Featurizer
	if !f.fast() || f.WordN <= 0 || len(text)+len(suffix) > f.maxChars() || !isASCII(text) || !isASCII(suffix) ||
		suffix != "" && wordClass[suffix[0]] != 0 || len(ends) != len(parts) ||
		len(ends) == 0 || ends[len(ends)-1] != len(text) {
		return 0, false
	}
	for k, e := range ends {
		if e <= 0 || k > 0 && e <= ends[k-1] || e < len(text) && wordClass[text[e-1]] != 0 {
			return 0, false
		}
	}
	bigrams := f.WordN >= 2
	w := m.Weights
	// whole reads the parts one after the other, as sum reads text; wbi
	// holds its bigram indices in order.
	var whole walker
	var wbuf [512]uint32
	wbi := wbuf[:0]
	var uni, big [wordChunk]uint32
	start := 0
	for k, end := range ends {
		part := text[start:end]
		start = end
		// The part alone: its unigrams, then the suffix's; its bigrams
		// after its first word, the seam with the suffix, the suffix's.
		var alone walker
		var abuf [512]uint32
		abi := abuf[:0]
		for i := 0; ; {
			next, n, prev := hashWords(part, i, whole.prev, f.Dim-1, &uni, &big, &wordLower)
			for _, u := range uni[:n] {
				whole.z += float64(w[u])
				alone.z += float64(w[u])
			}
			whole.n += n
			alone.n += n
			if bigrams && n > 0 {
				b := big[:n]
				if !whole.hasPrev {
					b = b[1:]
				}
				wbi = append(wbi, b...)
				b = big[:n]
				if !alone.hasPrev {
					b = b[1:]
				}
				abi = append(abi, b...)
				whole.prev, whole.hasPrev = prev, true
				alone.prev, alone.hasPrev = prev, true
			}
			if n < wordChunk {
				break
			}
			i = next
		}
		abi = alone.walk(m, suffix, abi)
		parts[k] = m.logistic(m.addWeights(alone.z, abi), alone.n+len(abi))
	}
	wbi = whole.walk(m, suffix, wbi)
	return m.logistic(m.addWeights(whole.z, wbi), whole.n+len(wbi)), true
}
