package grounding

import "github.com/faultline-dev/faultline/internal/signal/hashset"

// hashSet is the shared set of word and word-pair hashes.
type hashSet = hashset.Set

// resetSet empties s for another trajectory, keeping its table unless it
// holds more hashes than a kept table should (see maxKeptSlots; a table has
// two to four slots a hash).
func resetSet(s *hashSet) {
	if s.Len() > maxKeptSlots/4 {
		*s = hashSet{}
		return
	}
	s.Reset()
}
