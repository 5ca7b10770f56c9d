package inject

import (
	"maps"
	"slices"
)

// classTable maps the words of classes to their classes. Its slots are
// indexed by classKey (a hash of the word), probed linearly: most words
// without a class find their slot empty at once, and most words with one
// are found at the first probe, with one comparison, against a map lookup
// that hashes every byte again.
type classTable struct {
	// slots holds, per classKey, 1 + the index of an entry, or 0.
	slots [classSlots]uint16
	words []string
	vals  []uint32
}

// classSlots is the size of classTable.slots: a power of two, with room to
// spare for the few hundred words of classes.
const classSlots = 1 << 12

// classIndex is classes as a classTable.
var classIndex = func() *classTable {
	t := &classTable{}
	// In a fixed order, so that the probe chains are the same in every
	// run.
	for _, w := range slices.Sorted(maps.Keys(classes)) {
		c := classes[w]
		i := classKey(w)
		for t.slots[i] != 0 {
			i = (i + 1) & (classSlots - 1)
		}
		t.words, t.vals = append(t.words, w), append(t.vals, c)
		t.slots[i] = uint16(len(t.words))
	}
	return t
}()

// classKey returns the classTable slot of a non-empty word: the top bits
// of its FNV-1a hash as the model's unigram feature hashes it (see
// featureHasher), which asciiSentence has at hand when it hashes words
// for the model.
func classKey(w string) uint32 { return classSlot(fnvString(unigramSeed, w)) }

// classSlot returns the classTable slot of a word from h, the FNV-1a state
// after unigramSeed and the word's bytes.
func classSlot(h uint32) uint32 {
	return h * fnvPrime >> 20 // (the 0 byte after the word, then the top 12 bits: classSlots)
}

// classOf returns the classes of a lower-cased word.
func classOf(x string) uint32 {
	if x == "" {
		return 0
	}
	k := classKey(x)
	if classIndex.slots[k] == 0 {
		return 0
	}
	return classIndex.probe(x, k)
}

// probe returns the classes of a non-empty word w whose slot k is not
// empty (see classOf).
func (t *classTable) probe(w string, k uint32) uint32 {
	for {
		e := t.slots[k&(classSlots-1)]
		if e == 0 {
			return 0
		}
		if t.words[e-1] == w {
			return t.vals[e-1]
		}
		k++
	}
}
