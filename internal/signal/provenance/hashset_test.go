package provenance

import (
	"math/rand/v2"
	"testing"

	"github.com/faultline-dev/faultline/internal/signal/inject"
)

// TestAddWordsMatchesWords: the one-pass hashing of a turn adds the
// hashes of inject.Words' words of three bytes or more and of their
// bigrams.
func TestAddWordsMatchesWords(t *testing.T) {
	texts := []string{"", "a", "Send the REPORT to Ana's boss, it's 'urgent' now''", "x''y 42x e-mail ''", "  Hi  "}
	r := rand.New(rand.NewPCG(11, 12))
	for range 300 {
		b := make([]byte, r.IntN(40))
		for i := range b {
			b[i] = "aZ9' .-\n''"[r.IntN(10)]
		}
		texts = append(texts, string(b))
	}
	for _, text := range texts {
		t.Run(text, func(t *testing.T) {
			var wantNamed, wantPairs []uint64
			words := inject.Words(text, nil)
			for k, w := range words {
				if len(w) >= 3 {
					wantNamed = append(wantNamed, wordHash(w))
				}
				if k > 0 {
					wantPairs = append(wantPairs, bigram(words[k-1], w))
				}
			}
			var named, pairs hashSet
			if !addWords(text, &named, &pairs) {
				t.Fatal("ASCII text refused")
			}
			if !holdsExactly(&named, wantNamed) || !holdsExactly(&pairs, wantPairs) {
				t.Fatalf("sets differ from those of %q", words)
			}
			var alone hashSet
			if !addWords(text, nil, &alone) || alone.Len() != pairs.Len() {
				t.Fatal("pairs differ without names")
			}
		})
	}
	var named, pairs hashSet
	if addWords("naïve words", &named, &pairs) || named.Len()+pairs.Len() != 0 {
		t.Error("non-ASCII text accepted")
	}
}

// holdsExactly reports whether set holds the hashes of want and no other.
func holdsExactly(set *hashSet, want []uint64) bool {
	var w hashSet
	for _, h := range want {
		w.Add(h)
		if !set.Has(h) {
			return false
		}
	}
	return set.Len() == w.Len()
}
