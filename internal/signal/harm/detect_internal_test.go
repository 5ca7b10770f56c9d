package harm

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// detectLangRef is detectLang as it was before shortFunction: every word
// looked up in the function map.
func detectLangRef(text string) (lang, bool) {
	text = head(text, detectChars)
	var hits [numLangs + 1]int
	var wb [24]byte
	words, best := 0, 0
	for i := 0; i < len(text) && words < detectWords; {
		c := text[i]
		if !isWordByte(c) && c < utf8.RuneSelf {
			i++
			continue
		}
		j, ascii := i, true
		for j < len(text) {
			c := text[j]
			if c >= utf8.RuneSelf {
				r, size := utf8.DecodeRuneInString(text[j:])
				if !unicode.IsLetter(r) {
					break
				}
				ascii = false
				j += size
				continue
			}
			if !isWordByte(c) && c != '\'' {
				break
			}
			j++
		}
		if j == i { // a non-letter rune
			_, size := utf8.DecodeRuneInString(text[i:])
			i += size
			continue
		}
		w := text[i:j]
		i = j
		words++
		var bits uint16
		switch {
		case !ascii:
			bits = langGloss.function[fold(strings.ToLower(w))]
		case len(w) <= len(wb):
			n := copy(wb[:], w)
			for k := range n {
				if c := wb[k]; c >= 'A' && c <= 'Z' {
					wb[k] = c + 'a' - 'A'
				}
			}
			bits = langGloss.function[string(wb[:n])]
		}
		for l := 0; bits != 0; l++ {
			if bits&1 != 0 {
				hits[l]++
				if l < int(numLangs) && hits[l] > best {
					best = hits[l]
				}
			}
			bits >>= 1
		}
		if e := hits[numLangs]; e >= 2 && best == 0 || e >= 4 && e >= 2*best+2 {
			return 0, false // clearly English
		}
	}
	if words < 3 {
		return 0, false
	}
	l := langES
	for k := range numLangs {
		if hits[k] > hits[l] {
			l = k
		}
	}
	n := hits[l]
	if n < 2 || 6*n < words || n <= hits[numLangs] {
		return 0, false
	}
	return l, true
}

// TestDetectLangShortKeys checks detectLang, which looks short ASCII words
// up by key, against detectLangRef on texts of every language's function
// words in any case, and that the key table stays a quarter full at most.
func TestDetectLangShortKeys(t *testing.T) {
	n := 0
	for w := range langGloss.function {
		if len(w) <= 8 {
			n++
		}
	}
	if 4*n > len(langGloss.shortFunction.keys) {
		t.Fatalf("%d short function words for %d slots", n, len(langGloss.shortFunction.keys))
	}
	var vocab []string
	for w := range langGloss.function {
		r, size := utf8.DecodeRuneInString(w)
		vocab = append(vocab, w, strings.ToUpper(w), string(unicode.ToUpper(r))+w[size:])
	}
	vocab = append(vocab, "bomba", "casera", "explosivo", "Kelvin", "Kelvin", "12", "x'y", "verylongwordhere")
	r := rand.New(rand.NewPCG(13, 14))
	found := 0
	for range 20000 {
		var b strings.Builder
		for range r.IntN(60) {
			b.WriteString(vocab[r.IntN(len(vocab))])
			b.WriteString([]string{" ", ", ", ". ", "\n", "’"}[r.IntN(5)])
		}
		text := b.String()
		gl, gok := detectLang(text)
		wl, wok := detectLangRef(text)
		if gl != wl || gok != wok {
			t.Fatalf("detectLang(%q) = %d, %v; want %d, %v", text, gl, gok, wl, wok)
		}
		if gok {
			found++
		}
	}
	if found < 1000 {
		t.Fatalf("only %d texts in a glossary language", found)
	}
}
