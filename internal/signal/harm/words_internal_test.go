package harm

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// oldAppendContentWords is appendContentWords as it was before wordTable:
// a 64-bit filter and a linear search for the words already taken.
func oldAppendContentWords(text string, dst []string, start int) []string {
	var seen uint64
	for _, d := range dst[start:] {
		seen |= 1 << ((uint(len(d))*31 + uint(d[0])*7 + uint(d[len(d)-1])) & 63)
	}
	i := 0
	for i < len(text) && len(dst)-start < maxTopicWords {
		for i < len(text) && (byteClass[text[i]] == cNone || byteClass[text[i]] == cApos) {
			i++
		}
		if i < len(text) && byteClass[text[i]] == cRune && !isWordStart(text, i) {
			_, size := utf8.DecodeRuneInString(text[i:])
			i += size
			continue
		}
		j, upper := i, false
	word:
		for j < len(text) {
			switch byteClass[text[j]] {
			case cLower, cApos:
				j++
			case cUpper:
				upper = true
				j++
			case cRune:
				if !isWordStart(text, j) {
					break word
				}
				_, size := utf8.DecodeRuneInString(text[j:])
				upper = true
				j += size
			default:
				break word
			}
		}
		w := text[i:j]
		i = j
		for len(w) > 0 && w[len(w)-1] == '\'' {
			w = w[:len(w)-1]
		}
		if len(w) < 3 || w[0] >= '0' && w[0] <= '9' {
			continue
		}
		if upper {
			w = strings.ToLower(w)
		}
		if isStopword(w) {
			continue
		}
		if len(w) > 4 && w[len(w)-1] == 's' && w[len(w)-2] != 's' {
			w = w[:len(w)-1]
		}
		bit := uint64(1) << ((uint(len(w))*31 + uint(w[0])*7 + uint(w[len(w)-1])) & 63)
		dup := false
		if seen&bit != 0 {
			for _, d := range dst[start:] {
				if d == w {
					dup = true
					break
				}
			}
		}
		if !dup {
			seen |= bit
			dst = append(dst, w)
		}
	}
	return dst
}

// TestContentWordsTable checks appendContentWords against the linear
// search it replaced, on texts of repeated, near-identical and accented
// words, long enough to reach the cap, read whole and as head then tail.
func TestContentWordsTable(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	stems := []string{"bomb", "bombs", "Bomb", "boom", "bottom", "poison", "poisons", "prison", "café", "CAFÉ",
		"the", "knife", "knives", "kelvin", "\u212aelvin", "mix", "mixes", "miss", "ab", "abc", "abd", "bcd", "acd",
		"résumé", "naïve", "x'y", "don't", "12abc", "ｗｉｄｅ", "because", "would", "yourselves", "dogs'", "plans",
		"bosses", "abcdefgh", "abcdefghs", "abcdefghi", "Abcdefghis", "question", "questions", "it's", "9lives",
		"The", "HOW", "Would", "Can't", "DON'T", "Yourselves", "Explain", "Bombs"}
	for range 500 {
		var b strings.Builder
		n := r.IntN(200)
		for range n {
			w := stems[r.IntN(len(stems))]
			if r.IntN(3) == 0 {
				w += string(rune('a' + r.IntN(26)))
			}
			b.WriteString(w)
			b.WriteString([]string{" ", ", ", ". ", "\n", "-", "’"}[r.IntN(6)])
		}
		text := b.String()
		prefix := []string{"keep"}
		for _, split := range []bool{false, true} {
			var got, want []string
			if split {
				h, tl := head(text, len(text)/2), tail(text, len(text)/2)
				got = appendContentWords(tl, appendContentWords(h, slices.Clone(prefix), 1), 1)
				want = oldAppendContentWords(tl, oldAppendContentWords(h, slices.Clone(prefix), 1), 1)
			} else {
				got = appendContentWords(text, slices.Clone(prefix), 1)
				want = oldAppendContentWords(text, slices.Clone(prefix), 1)
			}
			if !slices.Equal(got, want) {
				t.Fatalf("%q: got %q, want %q", text, got, want)
			}
		}
	}
}
