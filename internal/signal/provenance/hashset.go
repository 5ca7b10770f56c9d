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

// eachWordPair calls fn for every word of ASCII text, as inject.Words
// splits and lower-cases it, with its wordHash, its length, and the bigram
// hash of the previous word and this one (pair false for the first word).
// It returns false, without calling fn, when text is not ASCII.
func eachWordPair(text string, fn func(word uint64, n int, pair uint64, hasPair bool)) bool {
	for i := 0; i < len(text); i++ {
		if text[i] >= utf8.RuneSelf {
			return false
		}
	}
	var prev uint64 // the bigram state after the previous word and a space
	hasPrev := false
	for i := 0; i < len(text); {
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
		hw, hb := uint64(fnv64Offset), prev
		for j := start; j < end; j++ {
			c := uint64(text[j])
			if c-'A' < 26 {
				c |= 0x20
			}
			hw = (hw ^ c) * fnv64Prime
			hb = (hb ^ c) * fnv64Prime
		}
		fn(hw, end-start, hb, hasPrev)
		prev, hasPrev = (hw^' ')*fnv64Prime, true
	}
	return true
}
