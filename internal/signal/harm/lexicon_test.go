package harm

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestLexiconFilter checks that in, which rejects most words by a bloom
// filter before the map, answers exactly as the map alone: for every word
// of every lexicon, their variants (cut, extended, upper-cased) and random
// words.
func TestLexiconFilter(t *testing.T) {
	sets := []*lexicon{directiveVerbs, sequenceWords, stepWords, unitWords, spelledNumbers, questionAux,
		functionWords, questionWords, deicticWords, localeWords, notPlace, assistantNames, wordSet(), wordSet("")}
	r := rand.New(rand.NewPCG(5, 6))
	var words []string
	for _, l := range sets {
		for w := range l.words {
			words = append(words, w, w+"s", strings.ToUpper(w), "x"+w)
			if len(w) > 1 {
				words = append(words, w[1:], w[:len(w)-1])
			}
		}
	}
	for range 5000 {
		b := make([]byte, r.IntN(12))
		for i := range b {
			b[i] = "aeioustnrl'°é-"[r.IntN(15)]
		}
		words = append(words, string(b))
	}
	for _, l := range sets {
		for _, w := range words {
			_, want := l.words[w]
			if got := in(l, w); got != want {
				t.Fatalf("in(%q) = %v, want %v", w, got, want)
			}
		}
	}
}

// TestStopwords checks isStopword, which skips most candidates by their
// last byte, against the stopword list: every stopword, its variants (each byte changed to
// each letter in turn) and random words.
func TestStopwords(t *testing.T) {
	stop := map[string]bool{}
	for _, w := range strings.Fields(stopwordList) {
		stop[w] = true
	}
	r := rand.New(rand.NewPCG(17, 18))
	var words []string
	for w := range stop {
		words = append(words, w, w+"s", w[:len(w)-1], "a"+w, strings.ToUpper(w), w+"\x00")
		for i := range len(w) {
			for c := byte('a'); c <= 'z'; c++ {
				words = append(words, w[:i]+string(c)+w[i+1:])
			}
		}
	}
	for range 20000 {
		b := make([]byte, 1+r.IntN(13))
		for i := range b {
			b[i] = "aeiouthnsrw'\x00"[r.IntN(13)]
		}
		words = append(words, string(b))
	}
	for _, w := range words {
		want := stop[w] && len(w) <= maxStopLen
		if got := isStopword(w); got != want {
			t.Fatalf("isStopword(%q) = %v, want %v", w, got, want)
		}
	}
}
