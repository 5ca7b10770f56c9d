package provenance

import "unicode/utf8"

// hashSet is a set of 64-bit hashes (open addressing, linear probing):
// cheaper than a Go map for the many small inserts of every user turn.
type hashSet struct {
	slots []uint64
	n     int
}

// key maps a hash to a slot value: 0 marks an empty slot.
func key(h uint64) uint64 {
	if h == 0 {
		return 1
	}
	return h
}

func (s *hashSet) add(h uint64) {
	h = key(h)
	if 2*(s.n+1) > len(s.slots) {
		s.grow()
	}
	mask := uint64(len(s.slots) - 1)
	for i := (h ^ h>>29) & mask; ; i = (i + 1) & mask {
		switch s.slots[i] {
		case h:
			return
		case 0:
			s.slots[i] = h
			s.n++
			return
		}
	}
}

func (s *hashSet) has(h uint64) bool {
	if s.n == 0 {
		return false
	}
	h = key(h)
	mask := uint64(len(s.slots) - 1)
	for i := (h ^ h>>29) & mask; ; i = (i + 1) & mask {
		switch s.slots[i] {
		case h:
			return true
		case 0:
			return false
		}
	}
}

func (s *hashSet) grow() {
	old := s.slots
	s.slots = make([]uint64, max(64, 2*len(old)))
	s.n = 0
	for _, h := range old {
		if h != 0 {
			s.add(h)
		}
	}
}

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
