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

// BenchmarkTokenizeCached measures tokenizing one 1 KB turn through a word
// cache, as the grounding state does; the cache holds the words of other
// turns of the same text generator.
func BenchmarkTokenizeCached(b *testing.B) {
	wc := new(wordCache)
	texts := make([]string, 16)
	for k := range texts {
		texts[k] = benchText(k, 1024)
	}
	var toks []token
	b.SetBytes(1024)
	k := 0
	for b.Loop() {
		toks = tokenizeWith(texts[k%len(texts)], toks[:0], lexicon, wc)
		k++
	}
}
