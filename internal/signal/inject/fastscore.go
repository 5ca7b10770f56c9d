package inject

import (
	"math"

	"github.com/faultline-dev/faultline/internal/signal/model"
)

// FNV-1a, 32 bit, as hash/fnv computes it, without its allocations.
const (
	fnvOffset = 2166136261
	fnvPrime  = 16777619
)

func fnvByte(h uint32, b byte) uint32 { return (h ^ uint32(b)) * fnvPrime }

func fnvString(h uint32, s string) uint32 {
	for i := 0; i < len(s); i++ {
		h = (h ^ uint32(s[i])) * fnvPrime
	}
	return h
}

// scoreWords returns m.Score of a text whose words (model.Words) are given,
// computing the same hashed features as model.Featurizer without
// re-tokenizing or allocating. The text must be shorter than the
// featurizer's MaxChars, so that nothing is cut.
func scoreWords(m *model.Model, words []string) float64 {
	f := &m.Featurizer
	if fastFeatures(f) {
		return scoreWords2(m, words)
	}
	var z float64
	n := 0
	for k := 1; k <= f.WordN; k++ {
		for i := 0; i+k <= len(words); i++ {
			h := fnvByte(fnvByte(fnvOffset, 'w'), byte(k))
			for j := i; j < i+k; j++ {
				h = fnvByte(fnvString(h, words[j]), 0)
			}
			z += float64(m.Weights[h%f.Dim])
			n++
		}
	}
	for _, cn := range f.CharN {
		for _, w := range words {
			if len(w)+2 < cn {
				continue
			}
			for i := 0; i+cn <= len(w)+2; i++ {
				h := fnvByte(fnvByte(fnvOffset, 'c'), byte(cn))
				for j := i; j < i+cn; j++ {
					var c byte
					switch {
					case j == 0:
						c = '<'
					case j == len(w)+1:
						c = '>'
					default:
						c = w[j-1]
					}
					h = fnvByte(h, c)
				}
				z += float64(m.Weights[h%f.Dim])
				n++
			}
		}
	}
	if n == 0 {
		return sigmoid(float64(m.Bias))
	}
	return sigmoid(z/math.Sqrt(float64(n)) + float64(m.Bias))
}

func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

// scoreWords2 is scoreWords for the shipped featurization (word unigrams
// and bigrams, a power-of-two dimension) in one pass over the bytes of each
// word; it adds the same weights in the same order (every unigram, then
// every bigram), so the sum is the same to the bit.
func scoreWords2(m *model.Model, words []string) float64 {
	mask := m.Featurizer.Dim - 1
	w := m.Weights
	seed1 := fnvByte(fnvByte(fnvOffset, 'w'), 1)
	seed2 := fnvByte(fnvByte(fnvOffset, 'w'), 2)
	var bbuf [512]uint32
	bi := bbuf[:0]
	var z float64
	var prev uint32
	for k, x := range words {
		h1, h2, hb := seed1, seed2, prev
		for i := 0; i < len(x); i++ {
			c := uint32(x[i])
			h1 = (h1 ^ c) * fnvPrime
			h2 = (h2 ^ c) * fnvPrime
			hb = (hb ^ c) * fnvPrime
		}
		z += float64(w[(h1*fnvPrime)&mask])
		if k > 0 {
			bi = append(bi, (hb*fnvPrime)&mask)
		}
		prev = h2 * fnvPrime
	}
	for _, b := range bi {
		z += float64(w[b])
	}
	n := len(words) + len(bi)
	if n == 0 {
		return sigmoid(float64(m.Bias))
	}
	return sigmoid(z/math.Sqrt(float64(n)) + float64(m.Bias))
}

// fastFeatures reports whether f is the featurization scoreWords2 (and
// featureHasher) computes: word unigrams and bigrams, no character
// n-grams, a power-of-two dimension.
func fastFeatures(f *model.Featurizer) bool {
	return len(f.CharN) == 0 && f.WordN == 2 && f.Dim&(f.Dim-1) == 0
}

// featureHasher is the state with which asciiSentence hashes the words of
// lower-cased ASCII text into the feature indices of a model with
// fastFeatures as it reads them: for each word the index of its unigram
// and of its bigram with the word read before it (across sentences; the
// first word's is with none and meaningless). It computes what
// scoreWords2 computes from the words: FNV-1a of "w", the n-gram size and
// the words' bytes, each word followed by a 0 byte.
type featureHasher struct {
	// mask is the model's dimension less one (0: no model, the hashes
	// only serve the class lookups).
	mask uint32
	// prev is the bigram state after the last word read.
	prev uint32
}

func newFeatureHasher(m *model.Model) *featureHasher {
	return &featureHasher{mask: m.Featurizer.Dim - 1}
}

// unigramSeed and bigramSeed are the FNV-1a states a word's unigram and
// bigram feature hashes start from: after "w" and the n-gram size (1, 2),
// as fnvByte computes them (constants, so that they cost no register).
const (
	unigramSeed = (((fnvOffset ^ 'w') * fnvPrime & 0xffffffff) ^ 1) * fnvPrime & 0xffffffff
	bigramSeed  = (((fnvOffset ^ 'w') * fnvPrime & 0xffffffff) ^ 2) * fnvPrime & 0xffffffff
)

// cutFeatures returns the features model.Score reads from the first cut
// bytes of lower, a lower-cased ASCII text, given the features uni and big
// (masked with mask) that asciiSentence computed for the words of its
// sentences that start before cut, with their offsets in pos (start, and
// end << 16). They differ where a word crossed the chunkChars limit of a
// sentence, which asciiSentence reads as two (or more) words, and for the
// word that crosses cut, which the model reads up to cut: those words, and
// the bigram of the word after each, are hashed again from their bytes.
// The features are rewritten in place.
func cutFeatures(lower string, cut int, pos, uni, big []uint32, mask uint32) ([]uint32, []uint32) {
	out := 0
	// same tells whether the word written last is the word asciiSentence
	// read last (whose bigram state the next word's bigram started from);
	// pa and pe are its offsets.
	same, pa, pe := true, 0, 0
	for k := 0; k < len(pos); {
		if same {
			// The common case: words the model reads as they are, each
			// separated from the next by a byte other than an
			// apostrophe. Skipped in a loop of their own, then moved in
			// one copy.
			run := k
			for ; run < len(pos); run++ {
				e := int(pos[run] >> 16)
				if e >= cut || run+1 < len(pos) && (int(pos[run+1]&0xffff) == e || lower[e] == '\'') {
					break
				}
			}
			if run > k {
				if out != k {
					copy(uni[out:], uni[k:run])
					copy(big[out:], big[k:run])
				}
				out += run - k
				pa, pe = int(pos[run-1]&0xffff), int(pos[run-1]>>16)
				k = run
				continue
			}
		}
		a, e := int(pos[k]&0xffff), int(pos[k]>>16)
		if a >= cut {
			break
		}
		// Words only apostrophes apart are one word split by a
		// sentence's limit (within a sentence, asciiSentence reads them
		// as one).
		m := k + 1
		for ; m < len(pos) && int(pos[m]&0xffff) < cut && apostrophes(lower[e:pos[m]&0xffff]); m++ {
			e = int(pos[m] >> 16)
		}
		if e > cut {
			// The model reads up to cut, where trailing apostrophes are
			// no part of a word.
			e = cut
			for lower[e-1] == '\'' {
				e--
			}
		}
		_, h2, _ := hashBytes(lower[pa:pe], 0)
		h1, _, hb := hashBytes(lower[a:e], h2*fnvPrime)
		uni[out], big[out] = (h1*fnvPrime)&mask, (hb*fnvPrime)&mask
		if m == k+1 && e == int(pos[k]>>16) {
			// The same word (its bigram was with another).
			same = true
		} else {
			same = false
		}
		pa, pe = a, e
		out++
		k = m
	}
	return uni[:out], big[:out]
}

// apostrophes reports whether s is only apostrophes (or empty).
func apostrophes(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] != '\'' {
			return false
		}
	}
	return true
}

// hashBytes returns the FNV-1a states after the bytes of s from
// unigramSeed, from bigramSeed and from prev (see featureHasher).
func hashBytes(s string, prev uint32) (h1, h2, hb uint32) {
	h1, h2, hb = unigramSeed, bigramSeed, prev
	for i := 0; i < len(s); i++ {
		x := uint32(s[i])
		h1 = (h1 ^ x) * fnvPrime
		h2 = (h2 ^ x) * fnvPrime
		hb = (hb ^ x) * fnvPrime
	}
	return h1, h2, hb
}

// scoreHashed is scoreWords2 of words whose unigram and bigram feature
// indices are given (featureHasher): the same weights added in the same
// order, so the same score to the bit.
func scoreHashed(m *model.Model, uni, big []uint32) float64 {
	w := m.Weights
	var z float64
	for _, u := range uni {
		z += float64(w[u])
	}
	for _, b := range big {
		z += float64(w[b])
	}
	n := len(uni) + len(big)
	if n == 0 {
		return sigmoid(float64(m.Bias))
	}
	return sigmoid(z/math.Sqrt(float64(n)) + float64(m.Bias))
}
