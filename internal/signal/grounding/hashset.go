package grounding

import "github.com/faultline-dev/faultline/internal/signal/hashset"

// hashSet is the shared set of word and word-pair hashes.
type hashSet = hashset.Set

// newStaticSet builds a set of word hashes from a word list (for immutable
// package-level tables).
func newStaticSet(words ...string) *hashSet {
	s := &hashSet{}
	for _, w := range words {
		s.Add(wordHash(w))
	}
	return s
}
