package grounding

import "testing"

// BenchmarkTokenize measures tokenizing one 1 KB turn.
func BenchmarkTokenize(b *testing.B) {
	s := benchText(3, 1024)
	var toks []token
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		toks = tokenize(s, toks[:0])
	}
}
