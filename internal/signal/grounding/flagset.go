package grounding

// Context flags of an indexed word or pair.
const (
	inAll       uint8 = 1 << iota // seen anywhere in the context
	inKnowledge                   // seen in knowledge (system knowledge, tool results, documents)
)

// flagSet is an open-addressing map from non-zero 64-bit hashes to a few
// flag bits: one probe answers both "in the context" and "in the
// knowledge", so every word is inserted once.
type flagSet struct {
	slots []uint64
	flags []uint8
	n     int
}

func (s *flagSet) add(h uint64, f uint8) {
	h |= 1
	if s.n*2 >= len(s.slots) {
		s.grow()
	}
	mask := uint64(len(s.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		switch s.slots[i] {
		case h:
			s.flags[i] |= f
			return
		case 0:
			s.slots[i] = h
			s.flags[i] = f
			s.n++
			return
		}
	}
}

// get returns the flags of h (0 when absent).
func (s *flagSet) get(h uint64) uint8 {
	if s.n == 0 {
		return 0
	}
	h |= 1
	mask := uint64(len(s.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		switch s.slots[i] {
		case h:
			return s.flags[i]
		case 0:
			return 0
		}
	}
}

func (s *flagSet) has(h uint64) bool { return s.get(h) != 0 }

func (s *flagSet) grow() {
	oldS, oldF := s.slots, s.flags
	size := 512
	if len(oldS) > 0 {
		size = len(oldS) * 2
	}
	s.slots = make([]uint64, size)
	s.flags = make([]uint8, size)
	mask := uint64(size - 1)
	for j, h := range oldS {
		if h == 0 {
			continue
		}
		for i := h & mask; ; i = (i + 1) & mask {
			if s.slots[i] == 0 {
				s.slots[i] = h
				s.flags[i] = oldF[j]
				break
			}
		}
	}
}
