package grounding

import "github.com/faultline-dev/faultline/internal/signal/hashset"

// hashSet is the shared set of word and word-pair hashes.
type hashSet = hashset.Set
