package inject

// classTable is an open-addressing table from the words of classes to their
// classes, probed with a cheap hash of a word's length and a few of its
// bytes: one comparison for most words, against a map lookup that hashes
// every byte.
type classTable struct {
	keys []string
	vals []uint32
	mask uint32
}

// classIndex is classes as a classTable.
var classIndex = func() *classTable {
	n := uint32(16)
	for n < uint32(4*len(classes)) {
		n *= 2
	}
	t := &classTable{keys: make([]string, n), vals: make([]uint32, n), mask: n - 1}
	for w, c := range classes {
		i := classSlot(w) & t.mask
		for t.keys[i] != "" {
			i = (i + 1) & t.mask
		}
		t.keys[i], t.vals[i] = w, c
	}
	return t
}()

// classSlot hashes a non-empty word for classTable.
func classSlot(w string) uint32 {
	n := len(w)
	h := uint32(n)<<24 ^ uint32(w[0])<<16 ^ uint32(w[n-1])<<8 ^ uint32(w[n/2])
	return (h * 0x9E3779B1) >> 16
}

// get returns the classes of a non-empty word.
func (t *classTable) get(w string) uint32 {
	for i := classSlot(w) & t.mask; ; i = (i + 1) & t.mask {
		k := t.keys[i]
		if k == "" {
			return 0
		}
		if k == w {
			return t.vals[i]
		}
	}
}
