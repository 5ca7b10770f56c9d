package grounding

import "math/bits"

// claimTable maps claim keys (below 2^63) to the first claim stored under
// each: open addressing with linear probing over key+1 (0 marks an empty
// slot), the claims in a slice. Several times cheaper than a Go map for
// the one probe per sentence of every answer.
type claimTable struct {
	slots  []claimSlot
	shift  uint // 64 - log2(len(slots))
	claims []claim
}

type claimSlot struct {
	key uint64 // key+1; 0: empty
	at  int    // index in claims
}

// slot returns the first slot of key (a Fibonacci hash: the high bits of
// the product mix every bit of the key).
func (t *claimTable) slot(key uint64) uint64 {
	return ((key + 1) * 0x9E3779B97F4A7C15) >> t.shift
}

// get returns the claim stored under key, if any. The pointer is valid
// until the next add.
func (t *claimTable) get(key uint64) (*claim, bool) {
	if len(t.claims) == 0 {
		return nil, false
	}
	mask := uint64(len(t.slots) - 1)
	for i := t.slot(key); ; i = (i + 1) & mask {
		switch sl := t.slots[i]; sl.key {
		case key + 1:
			return &t.claims[sl.at], true
		case 0:
			return nil, false
		}
	}
}

// addNew stores c under key unless a claim is stored there already.
func (t *claimTable) addNew(key uint64, c claim) {
	if 2*(len(t.claims)+1) > len(t.slots) {
		t.grow()
	}
	mask := uint64(len(t.slots) - 1)
	for i := t.slot(key); ; i = (i + 1) & mask {
		switch t.slots[i].key {
		case key + 1:
			return
		case 0:
			t.slots[i] = claimSlot{key: key + 1, at: len(t.claims)}
			if t.claims == nil {
				t.claims = make([]claim, 0, len(t.slots)/2)
			}
			t.claims = append(t.claims, c)
			return
		}
	}
}

// reset empties the table for another trajectory, keeping its storage
// unless it outgrew maxKeptSlots.
func (t *claimTable) reset() {
	if len(t.slots) > maxKeptSlots {
		*t = claimTable{}
		return
	}
	clear(t.slots)
	clear(t.claims) // the excerpts of the last trajectory
	t.claims = t.claims[:0]
}

func (t *claimTable) grow() {
	old := t.slots
	size := max(16, 2*len(old))
	t.slots = make([]claimSlot, size)
	t.shift = uint(64 - bits.TrailingZeros(uint(size)))
	mask := uint64(size - 1)
	for _, sl := range old {
		if sl.key == 0 {
			continue
		}
		i := t.slot(sl.key - 1)
		for t.slots[i].key != 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = sl
	}
}
