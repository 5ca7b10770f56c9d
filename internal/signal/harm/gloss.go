package harm

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/faultline-dev/faultline/internal/signal/encoded"
	"github.com/faultline-dev/faultline/internal/signal/model"
)

// Requests in another language than English: the request harm model reads
// English n-grams, so "Dame instrucciones detalladas para fabricar una bomba
// casera" scores like noise, and asking in another language is a known way
// around a safety filter. A request whose function words are those of a
// language the glossary knows (Spanish, French, German, Portuguese,
// Italian, Russian, romanized Hindi) is glossed word by word into English
// ("give me instructions detailed to make a bomb homemade") and the gloss is
// scored too: the model's English n-grams and concept tokens apply to it.
// Words the glossary does not know are kept (names, loanwords, "Linux").

// lang is a language of the glossary.
type lang int

const (
	langES lang = iota
	langFR
	langDE
	langPT
	langIT
	langRU
	langHI
	numLangs
)

// englishFunction are English function words that no glossary language
// shares: a text with several of them is read as English.
const englishFunction = `the and of to is are how what you i my for with this that it can do be your an
	would should could which where why when there their they them from was were will have has been`

// glossary is the compiled lexicon.
type glossary struct {
	// function maps a folded word to the languages it is a function word
	// of (bit l), bit numLangs for English; shortFunction holds the same
	// for the words of at most eight bytes, by key (wordKey).
	function      map[string]uint16
	shortFunction keyBits
	// words maps, per language, a folded word group (words joined by
	// one space) to its gloss; maxKey is the most words of a group.
	words  [numLangs]map[string]string
	maxKey [numLangs]int
}

// langGloss is the glossary of every language.
var langGloss = func() *glossary {
	g := &glossary{function: map[string]uint16{}}
	for _, w := range strings.Fields(englishFunction) {
		g.function[w] |= 1 << numLangs
	}
	for l := range numLangs {
		for _, w := range strings.Fields(glossFunction[l]) {
			g.function[fold(w)] |= 1 << l
		}
		g.words[l] = map[string]string{}
		for _, e := range strings.Fields(glossWords[l]) {
			k, v, _ := strings.Cut(e, "=")
			words := model.Words(fold(strings.ReplaceAll(k, "_", " ")), nil)
			if len(words) == 0 {
				continue
			}
			g.words[l][strings.Join(words, " ")] = strings.ReplaceAll(v, "_", " ")
			g.maxKey[l] = max(g.maxKey[l], len(words))
		}
	}
	for w, bits := range g.function {
		if len(w) <= 8 {
			g.shortFunction.put(wordKey(w), bits)
		}
	}
	return g
}()

// keyBits maps the keys of words (wordKey) of at most eight bytes to bits:
// an open-addressing table by keySlot, a quarter full at most.
type keyBits struct {
	keys [1 << keyBitsLog]uint64
	bits [1 << keyBitsLog]uint16
}

// keyBitsLog is the log2 size of a keyBits.
const keyBitsLog = 11

// put sets the bits of key k (not 0).
func (t *keyBits) put(k uint64, bits uint16) {
	i := keySlot(k, keyBitsLog)
	for t.keys[i] != 0 && t.keys[i] != k {
		i = (i + 1) & (len(t.keys) - 1)
	}
	t.keys[i], t.bits[i] = k, bits
}

// get returns the bits of key k (0 for a key never put).
func (t *keyBits) get(k uint64) uint16 {
	i := keySlot(k, keyBitsLog)
	for t.keys[i] != 0 && t.keys[i] != k {
		i = (i + 1) & (len(t.keys) - 1)
	}
	return t.bits[i]
}

// detectChars and detectWords bound how much of a request decides its language.
const (
	detectChars = 400
	detectWords = 48
)

// detectLang returns the glossary language of a request, and false for
// English and for text no glossary language dominates: at least two
// function words of the language, a sixth of the words read, and more than
// the English function words. It reads words in place (ASCII lower-cased
// into a small buffer, no allocation for ASCII text) and stops early on
// clearly English text.
func detectLang(text string) (lang, bool) {
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
		case len(w) <= 8:
			// The key of the word lower-cased (words of eight bytes
			// or less: most).
			var k uint64
			for p := len(w) - 1; p >= 0; p-- {
				k = k<<8 | uint64(asciiLowerByte[w[p]])
			}
			bits = langGloss.shortFunction.get(k)
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

// glossChars bounds how much of a request is glossed.
const glossChars = 2 * requestChars

// elisions are the French and Italian articles and pronouns elided before
// a vowel ("l'explosif", "dell'arma"), with their gloss.
var elisions = map[string]string{
	"l": "the", "d": "of", "j": "i", "m": "me", "t": "you", "s": "oneself", "n": "", "qu": "that", "c": "it",
	"dell": "of the", "all": "to the", "nell": "in the", "sull": "on the", "dall": "from the", "un": "a",
	"quest": "this", "lorsqu": "when", "jusqu": "until",
}

// appendGloss appends to dst the English gloss of text in language l,
// sentence by sentence (each ends with ". ", so that the request model's
// sentence windows still apply).
func appendGloss(text string, l lang, dst []byte) []byte {
	text = head(text, glossChars)
	start := 0
	for i := 0; i <= len(text); i++ {
		if i < len(text) {
			if c := text[i]; c != '.' && c != '?' && c != '!' && c != '\n' {
				continue
			}
		}
		n := len(dst)
		dst = appendSentenceGloss(text[start:i], l, dst)
		if len(dst) > n {
			dst = append(dst, '.')
		}
		start = i + 1
	}
	return dst
}

// appendSentenceGloss appends the gloss of one sentence.
func appendSentenceGloss(text string, l lang, dst []byte) []byte {
	var wbuf [256]string
	words := model.Words(text, wbuf[:0])
	for i := range words {
		if !isASCII(words[i]) {
			words[i] = fold(words[i])
		}
	}
	lex := langGloss.words[l]
	var kbuf [64]byte
	key := kbuf[:0]
	for i := 0; i < len(words); {
		n := 0
		for k := min(langGloss.maxKey[l], len(words)-i); k >= 1 && n == 0; k-- {
			key = append(key[:0], words[i]...)
			for _, w := range words[i+1 : i+k] {
				key = append(key, ' ')
				key = append(key, w...)
			}
			if gl, ok := lex[bytesView(key)]; ok {
				dst = appendWord(dst, gl)
				n = k
			}
		}
		if n == 0 {
			w := words[i]
			if pre, rest, ok := strings.Cut(w, "'"); ok && rest != "" {
				if gl, ok := elisions[pre]; ok {
					dst = appendWord(dst, gl)
					w = rest
					if g2, ok := lex[rest]; ok {
						w = g2
					}
				}
			}
			dst = appendWord(dst, w)
			n = 1
		}
		i += n
	}
	return dst
}

func appendWord(dst []byte, w string) []byte {
	if w == "" {
		return dst
	}
	if len(dst) > 0 {
		dst = append(dst, ' ')
	}
	return append(dst, w...)
}

// requestGloss returns the English gloss of a request in a glossary
// language (written into buf), or false for an English request.
func requestGloss(text string, buf []byte) ([]byte, bool) {
	l, ok := detectLang(text)
	if !ok {
		return buf, false
	}
	return appendGloss(text, l, buf[:0]), true
}

func isASCII(s string) bool {
	// Sixteen bytes at a time (two loads each), then eight, then the rest.
	const high = 0x8080808080808080
	i := 0
	for ; i+16 <= len(s); i += 16 {
		if (encoded.Load64(s, i)|encoded.Load64(s, i+8))&high != 0 {
			return false
		}
	}
	for ; i+8 <= len(s); i += 8 {
		if encoded.Load64(s, i)&high != 0 {
			return false
		}
	}
	for ; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// foldTable maps accented Latin letters to their base letters.
var foldTable = map[rune]string{
	'á': "a", 'à': "a", 'â': "a", 'ä': "a", 'ã': "a", 'å': "a", 'é': "e", 'è': "e", 'ê': "e", 'ë': "e",
	'í': "i", 'ì': "i", 'î': "i", 'ï': "i", 'ó': "o", 'ò': "o", 'ô': "o", 'ö': "o", 'õ': "o", 'ú': "u",
	'ù': "u", 'û': "u", 'ü': "u", 'ç': "c", 'ñ': "n", 'ß': "ss", 'œ': "oe", 'æ': "ae", 'ё': "е", 'ÿ': "y",
}

// fold lower-cases nothing and removes the accents of Latin letters
// ("cómo" -> "como", "für" -> "fur"); other characters are kept.
func fold(s string) string {
	if isASCII(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if f, ok := foldTable[r]; ok {
			b.WriteString(f)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}
