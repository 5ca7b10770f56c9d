package stance

import (
	"math/rand/v2"
	"os"
	"regexp"
	"strings"
	"testing"
)

// bestRef and sumRef are lexicon.best and sum without the word filters:
// every phrase of the first word is tried.
func bestRef(l *lexicon, words []tok, from, to int) match {
	var m match
	to = min(to, len(words))
	for i := max(from, 0); i < to; i++ {
		if f := l.byFirst[words[i].h]; f != nil {
			for _, p := range f.phrases {
				if p.weight > m.weight && matchAt(words, i, p.words) {
					m = match{at: i, n: len(p.words), weight: p.weight}
				}
			}
		}
	}
	return m
}

func sumRef(l *lexicon, words []tok) float64 {
	var s float64
	for i := range words {
		if f := l.byFirst[words[i].h]; f != nil {
			for _, p := range f.phrases {
				if matchAt(words, i, p.words) {
					s += p.weight
				}
			}
		}
	}
	return s
}

// TestLexiconFilters checks best and sum against the unfiltered search on
// texts made of the words of every lexicon, where phrases meet, overlap and
// end the text.
func TestLexiconFilters(t *testing.T) {
	// The words of the lexicons' phrases, read from their source.
	src, err := os.ReadFile("lexicons.go")
	if err != nil {
		t.Fatal(err)
	}
	var vocab []string
	for _, m := range regexp.MustCompile(`"([^"]+)":`).FindAllStringSubmatch(string(src), -1) {
		vocab = append(vocab, strings.Fields(m[1])...)
	}
	if len(vocab) < 100 {
		t.Fatalf("%d words read from lexicons.go", len(vocab))
	}
	vocab = append(vocab, "x", "you", "the", "is", "wrong", "still")
	// A lexicon with wildcards and one-word phrases.
	wild := newLexicon(map[string]float64{"i * disagree": 1, "not": 0.5, "you * wrong": 0.7, "i still": 0.2})
	r := rand.New(rand.NewPCG(23, 24))
	for range 3000 {
		var b strings.Builder
		for range r.IntN(12) {
			b.WriteString(vocab[r.IntN(len(vocab))])
			b.WriteByte(' ')
		}
		words := scan(b.String(), 0, nil)
		for _, l := range []*lexicon{disagreeCues, evidenceCues, concessionCues, holdCues, opinionCues, wild} {
			if got, want := l.best(words, 0, len(words)), bestRef(l, words, 0, len(words)); got != want {
				t.Fatalf("best(%q) = %v, want %v", b.String(), got, want)
			}
			if got, want := l.sum(words), sumRef(l, words); got != want {
				t.Fatalf("sum(%q) = %v, want %v", b.String(), got, want)
			}
		}
	}
}
