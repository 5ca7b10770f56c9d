package provenance

import (
	"math/rand/v2"
	"testing"

	"github.com/faultline-dev/faultline/internal/signal/inject"
)

// TestEachWordPairMatchesWords: the one-pass hashing of a user turn gives
// the hashes of inject.Words' words and of their bigrams.
func TestEachWordPairMatchesWords(t *testing.T) {
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
			words := inject.Words(text, nil)
			k := 0
			ok := eachWordPair(text, func(w uint64, n int, pair uint64, hasPair bool) {
				if k >= len(words) || w != wordHash(words[k]) || n != len(words[k]) || hasPair != (k > 0) ||
					k > 0 && pair != bigram(words[k-1], words[k]) {
					t.Fatalf("word %d differs from %q", k, words)
				}
				k++
			})
			if !ok || k != len(words) {
				t.Fatalf("ok %v, %d words, want %d", ok, k, len(words))
			}
		})
	}
	if eachWordPair("naïve", func(uint64, int, uint64, bool) {}) {
		t.Error("non-ASCII text accepted")
	}
}
