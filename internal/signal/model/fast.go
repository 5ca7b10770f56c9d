package model

import (
	"encoding/binary"
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

// isASCII reports whether s has only ASCII bytes, eight at a time.
func isASCII(s string) bool {
	const hi = 0x8080808080808080
	i := 0
	for ; i+8 <= len(s); i += 8 {
		if binary.LittleEndian.Uint64([]byte(s[i:i+8]))&hi != 0 {
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

// sum computes, without allocating, the sum of the feature weights of text
// in the order Features lists them, and the number of features. ok is false
// when the fast path does not apply (character n-grams, word n-grams above
// 2, or non-ASCII text, whose Unicode lower-casing Words handles): the
// caller then uses Features. Tokens are those of Words: ASCII lower-casing
// is done byte by byte while hashing.
func (m *Model) sum(text string) (z float64, n int, ok bool) {
	f := &m.Featurizer
	if len(f.CharN) != 0 || f.WordN > 2 {
		return 0, 0, false
	}
	text = f.cut(text)
	if !isASCII(text) {
		return 0, 0, false
	}
	if f.WordN <= 0 {
		return 0, 0, true
	}
	seed1 := fnvByte(fnvByte(fnvOffset, 'w'), 1)
	seed2 := fnvByte(fnvByte(fnvOffset, 'w'), 2)
	bigrams := f.WordN >= 2
	// Bigram features follow every unigram in Features' order: their
	// indices wait here so that the sum adds them in the same order.
	var bbuf [512]uint32
	bi := bbuf[:0]
	var prev uint32 // the bigram hash state after the previous word
	havePrev := false
	w := m.Weights
	dim := f.Dim
	for i := 0; i < len(text); {
		// Skip to a word start (a letter or digit).
		for i < len(text) && wordClass[text[i]] != 1 {
			i++
		}
		if i >= len(text) {
			break
		}
		start := i
		for i < len(text) && wordClass[text[i]] != 0 {
			i++
		}
		end := i
		for text[end-1] == '\'' {
			end--
		}
		h1, h2 := seed1, seed2
		hb := prev
		for j := start; j < end; j++ {
			c := uint32(text[j])
			if c-'A' < 26 {
				c |= 0x20
			}
			h1 = (h1 ^ c) * fnvPrime
			h2 = (h2 ^ c) * fnvPrime
			hb = (hb ^ c) * fnvPrime
		}
		h1 *= fnvPrime // ^0 is a no-op: the separator byte 0
		z += float64(w[h1%dim])
		n++
		if bigrams {
			if havePrev {
				bi = append(bi, (hb*fnvPrime)%dim)
			}
			prev, havePrev = h2*fnvPrime, true
		}
	}
	for _, b := range bi {
		z += float64(w[b])
	}
	return z, n + len(bi), true
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
