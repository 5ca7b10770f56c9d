package grounding

// Context flags of an indexed word or pair.
const (
	inAll       uint8 = 1 << iota // seen anywhere in the context
	inKnowledge                   // seen in knowledge (system knowledge, tool results, documents)
)

// flagSet is an open-addressing map from non-zero 64-bit hashes to a few
// flag bits: one probe answers both "in the context" and "in the
// knowledge", so that every word is inserted once. A hash and its flags
// share a slot (one cache line per probe).
type flagSet struct {
	slots []flagSlot
	n     int
}

type flagSlot struct {
	h uint64 // 0: empty
	f uint8
}

// reserve makes room for k more hashes: add then never grows the set.
func (s *flagSet) reserve(k int) {
	for 2*(s.n+k) > len(s.slots) {
		s.grow()
	}
}

// minFlagSlots is the smallest table of a flagSet: a short trajectory's
// context fits, a long one's doubles from there.
const minFlagSlots = 64

// add ors f into the flags of h; there must be room for it (see reserve).
func (s *flagSet) add(h uint64, f uint8) {
	if put(s.slots, h, f) {
		s.n++
	}
}

// put ors f into the flags of h in slots (a power of two of them, with
// room for h) and reports whether h is new: add on a set's slots alone,
// for a loop that keeps them in registers.
func put(slots []flagSlot, h uint64, f uint8) bool {
	h |= 1
	mask := uint64(len(slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		sl := &slots[i]
		switch sl.h {
		case h:
			sl.f |= f
			return false
		case 0:
			*sl = flagSlot{h, f}
			return true
		}
	}
}

// get returns the flags of h (0 when absent).
// reset empties the set for another trajectory. It keeps its table unless
// the table outgrew maxKeptSlots: one long trajectory should not make every
// later short one clear a large table.
func (s *flagSet) reset() {
	if len(s.slots) > maxKeptSlots {
		*s = flagSet{}
		return
	}
	clear(s.slots)
	s.n = 0
}

// maxKeptSlots bounds the tables (flagSet, claimTable) a grounding state
// keeps from one trajectory to the next: 32768 slots hold the context of
// about 16000 distinct words, and clear in a few thousand instructions.
const maxKeptSlots = 1 << 15

func (s *flagSet) get(h uint64) uint8 {
	if s.n == 0 {
		return 0
	}
	h |= 1
	mask := uint64(len(s.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		switch sl := s.slots[i]; sl.h {
		case h:
			return sl.f
		case 0:
			return 0
		}
	}
}

func (s *flagSet) has(h uint64) bool { return s.get(h) != 0 }

func (s *flagSet) grow() {
	old := s.slots
	size := max(minFlagSlots, len(old)*2)
	s.slots = make([]flagSlot, size)
	mask := uint64(size - 1)
	for _, sl := range old {
		if sl.h == 0 {
			continue
		}
		for i := sl.h & mask; ; i = (i + 1) & mask {
			if s.slots[i].h == 0 {
				s.slots[i] = sl
				break
			}
		}
	}
}
