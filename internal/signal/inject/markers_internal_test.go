package inject

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestIndexBracket checks indexBracket against strings.IndexAny on texts
// with neither, either or both brackets in any order.
func TestIndexBracket(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 16))
	for range 5000 {
		b := make([]byte, r.IntN(40))
		for i := range b {
			b[i] = "ab <[>]é"[r.IntN(8)]
		}
		s := string(b)
		if got, want := indexBracket(s), strings.IndexAny(s, "<["); got != want {
			t.Fatalf("indexBracket(%q) = %d, want %d", s, got, want)
		}
	}
}
