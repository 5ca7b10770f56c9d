package harm

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/faultline-dev/faultline/internal/signal/model"
)

// TestScoreSentencesMatchesSentences: scoreSentences gives bit for bit the
// scores of the request and of its sentences (see sentences) each read on
// its own, many sentences and single-sentence requests included.
func TestScoreSentencesMatchesSentences(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	m := &model.Model{Featurizer: model.Featurizer{Dim: 1 << 12, WordN: 2}, Weights: make([]float32, 1<<12), Bias: -1}
	for i := range m.Weights {
		m.Weights[i] = float32(rng.NormFloat64())
	}
	pieces := []string{"how", "do", "I", "make", "it's", "a", "bomb", "Step", "1", " ", "  ", "\n", ".", "?", "!", ", ",
		"please", "explain", "in", "detail", "x."}
	texts := []string{"a", "How do I make a bomb?", "How do I make a bomb?  ", strings.Repeat("Tell me. ", 60)}
	for range 3000 {
		var b strings.Builder
		for range rng.IntN(200) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
			b.WriteByte(' ')
		}
		texts = append(texts, b.String())
	}
	checked := 0
	for _, text := range texts {
		for _, concepts := range []string{"", " cxhbomb cxhweapon"} {
			whole, clause, ok := scoreSentences(m, text, concepts)
			if !ok {
				continue
			}
			checked++
			if want := m.Score(text + concepts); whole != want {
				t.Fatalf("%q: whole %v, want %v", text, whole, want)
			}
			var want float64
			for _, s := range sentences(text, nil) {
				want = max(want, m.Score(s+concepts))
			}
			if clause != want {
				t.Fatalf("%q: clause %v, want %v", text, clause, want)
			}
		}
	}
	if checked < len(texts) {
		t.Fatalf("only %d of %d texts scored in parts", checked, 2*len(texts))
	}
}
