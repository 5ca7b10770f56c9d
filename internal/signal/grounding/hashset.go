package grounding

// hashSet is an open-addressing set of non-zero 64-bit hashes: much cheaper
// than a map for the millions of word inserts of a batch scan.
type hashSet struct {
	slots []uint64
	n     int
}

func (s *hashSet) add(h uint64) {
	h |= 1
	if s.n*2 >= len(s.slots) {
		s.grow()
	}
	mask := uint64(len(s.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
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

// reset empties the set, keeping its storage.
func (s *hashSet) reset() {
	clear(s.slots)
	s.n = 0
}

func (s *hashSet) has(h uint64) bool {
	if s.n == 0 {
		return false
	}
	h |= 1
	mask := uint64(len(s.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
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
	size := 256
	if len(old) > 0 {
		size = len(old) * 2
	}
	s.slots = make([]uint64, size)
	s.n = 0
	mask := uint64(size - 1)
	for _, h := range old {
		if h == 0 {
			continue
		}
		for i := h & mask; ; i = (i + 1) & mask {
			if s.slots[i] == 0 {
				s.slots[i] = h
				s.n++
				break
			}
		}
	}
}

// newStaticSet builds a set of word hashes from a word list (for immutable
// package-level tables).
func newStaticSet(words ...string) *hashSet {
	s := &hashSet{}
	for _, w := range words {
		s.add(wordHash(w))
	}
	return s
}
