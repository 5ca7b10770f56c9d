// Package hashset is a set of 64-bit hashes with open addressing and linear
// probing. Signals insert many small keys (word and word-pair hashes) per
// turn; this set is several times cheaper than a Go map for that, and it can
// be reset without giving its storage back.
package hashset

// Set is a set of 64-bit hashes. The zero value is an empty set.
type Set struct {
	slots []uint64
	n     int
}

// slot maps a hash to its stored value: 0 marks an empty slot, so the hash
// 0 is stored as 1 (a collision of probability 2^-64).
func slot(h uint64) uint64 {
	if h == 0 {
		return 1
	}
	return h
}

// Add inserts h.
func (s *Set) Add(h uint64) {
	h = slot(h)
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

// Has reports whether h was added.
func (s *Set) Has(h uint64) bool {
	if s.n == 0 {
		return false
	}
	h = slot(h)
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

// Len returns the number of hashes in the set.
func (s *Set) Len() int { return s.n }

// Reset empties the set, keeping its storage.
func (s *Set) Reset() {
	clear(s.slots)
	s.n = 0
}

func (s *Set) grow() {
	old := s.slots
	s.slots = make([]uint64, max(64, 2*len(old)))
	s.n = 0
	for _, h := range old {
		if h != 0 {
			s.Add(h)
		}
	}
}
