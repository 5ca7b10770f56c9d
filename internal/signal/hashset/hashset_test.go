package hashset

import (
	"math/rand/v2"
	"testing"
)

func TestSetMatchesMap(t *testing.T) {
	var s Set
	ref := map[uint64]bool{}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 20000 {
		h := 2 + rng.Uint64()%5000 // 1 is left out: 0 is stored as 1
		if i%7 == 0 {
			h = 0
		}
		s.Add(h)
		ref[h] = true
		q := 2 + rng.Uint64()%6000
		if s.Has(q) != ref[q] {
			t.Fatalf("Has(%d) = %v, want %v", q, s.Has(q), ref[q])
		}
	}
	if s.Len() != len(ref) {
		t.Errorf("Len %d, want %d", s.Len(), len(ref))
	}
	s.Reset()
	if s.Len() != 0 || s.Has(3) {
		t.Error("Reset left entries")
	}
	var empty Set
	if empty.Has(0) || empty.Has(1) {
		t.Error("empty set has members")
	}
}
