package provenance

import (
	"unicode/utf8"

	"github.com/faultline-dev/faultline/internal/signal/hashset"
)

// hashSet is the shared set of word and word-pair hashes.
type hashSet = hashset.Set

// FNV-1a, 64 bit: the hash of bigram and of wordHash.
const (
	fnv64Offset = 14695981039346656037
	fnv64Prime  = 1099511628211
)

// wordHash hashes a word (FNV-1a, 64 bit).
func wordHash(w string) uint64 {
	h := uint64(fnv64Offset)
	for i := 0; i < len(w); i++ {
		h = (h ^ uint64(w[i])) * fnv64Prime
	}
	return h
}

// wordClass tells, per ASCII byte, whether it is part of a word as
// model.Words splits ASCII text: 1 for letters and digits, 2 for the
// apostrophe (only inside a word).
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

// alnumLower maps ASCII letters and digits to their lower case, and every
// other byte (the apostrophe too) to 0.
var alnumLower = func() (t [256]uint8) {
	for c := range 256 {
		if wordClass[c] == 1 {
			t[c] = byte(c)
			if c >= 'A' && c <= 'Z' {
				t[c] += 'a' - 'A'
			}
		}
	}
	return t
}()

// addWords adds the words of ASCII text, as inject.Words splits and
// lower-cases them, to sets: to named (unless nil) the wordHash of every
// word of three bytes or more, to pairs the bigram of every two words in a
// row. It returns false, without adding anything, when text is not ASCII.
func addWords(text string, named, pairs *hashSet) bool {
	if !isASCII(text) {
		return false
	}
	var prev uint64 // the bigram state after the previous word and a space
	hasPrev := false
	// The loops compare indices as unsigned (i is never negative), which
	// proves them in bounds: no check per byte.
	for i := 0; ; {
		for uint(i) < uint(len(text)) && wordClass[text[i]] != 1 {
			i++
		}
		if i >= len(text) {
			break
		}
		// A word, hashed as it is read: letters and digits, and the
		// apostrophes a letter or digit follows (trailing ones are no
		// part of it).
		start, end := i, i
		hw, hb := uint64(fnv64Offset), prev
		for {
			for ; uint(i) < uint(len(text)); i++ {
				c := uint64(alnumLower[text[i]])
				if c == 0 {
					break
				}
				hw = (hw ^ c) * fnv64Prime
				hb = (hb ^ c) * fnv64Prime
			}
			end = i
			if i >= len(text) || text[i] != '\'' {
				break
			}
			j := i + 1
			for j < len(text) && text[j] == '\'' {
				j++
			}
			if j == len(text) || alnumLower[text[j]] == 0 {
				i = j
				break
			}
			for ; i < j; i++ {
				hw = (hw ^ '\'') * fnv64Prime
				hb = (hb ^ '\'') * fnv64Prime
			}
		}
		if named != nil && end-start >= 3 {
			named.Add(hw)
		}
		if hasPrev {
			pairs.Add(hb)
		}
		prev, hasPrev = (hw^' ')*fnv64Prime, true
	}
	return true
}

// isASCII reports whether s has only ASCII bytes, eight at a time.
func isASCII(s string) bool {
	const highs = 0x8080808080808080
	i := 0
	for ; i+8 <= len(s); i += 8 {
		t := s[i : i+8]
		x := uint64(t[0]) | uint64(t[1])<<8 | uint64(t[2])<<16 | uint64(t[3])<<24 |
			uint64(t[4])<<32 | uint64(t[5])<<40 | uint64(t[6])<<48 | uint64(t[7])<<56
		if x&highs != 0 {
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
