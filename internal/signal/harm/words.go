package harm

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/faultline-dev/faultline/internal/signal/encoded"
)

// stopwordList are function words and request boilerplate that carry no topic.
const stopwordList = `a about above after again against all also am an and any are aren't as at be
	because been before being below between both but by can can't cannot could couldn't did didn't do does doesn't
	doing don't down during each few for from further get got had hasn't has have haven't having he he'd he'll
	he's her here here's hers herself him himself his how how's i i'd i'll i'm i've if in into is isn't it it's its
	itself just let's like make me more most much must my myself need no nor not now of off on once only or other
	ought our ours ourselves out over own please same she she'd she'll she's should shouldn't so some such tell
	than that that's the their theirs them themselves then there there's these they they'd they'll they're
	they've this those through to too under until up use used using very was wasn't way we we'd we'll we're
	we've were weren't what what's when when's where where's which while who who's whom why why's will with
	won't would wouldn't write you you'd you'll you're you've your yours yourself yourselves give show explain
	describe provide want know think one two three first next thing things something someone anyone people
	really well yes okay ok thanks thank sure help step steps way ways best good new many may might also even
	still say said go going let lets create list detailed guide answer question`

// maxStopLen is the longest stopword; longer words are never stopwords.
const maxStopLen = 12

// stopwords buckets the stopwords by length and first letter, so that a
// lookup compares a word with two or three candidates and hashes nothing.
var stopwords = func() (t [maxStopLen + 1][26][]string) {
	for _, w := range strings.Fields(stopwordList) {
		if len(w) <= maxStopLen && w[0] >= 'a' && w[0] <= 'z' {
			t[len(w)][w[0]-'a'] = append(t[len(w)][w[0]-'a'], w)
		}
	}
	return t
}()

// isStopword reports whether the lower-case word w is a stopword
// (contentWords looks up the words of at most eight bytes with isStopKey).
func isStopword(w string) bool {
	if len(w) == 0 || len(w) > maxStopLen || w[0] < 'a' || w[0] > 'z' {
		return false
	}
	last := w[len(w)-1]
	for _, s := range stopwords[len(w)][w[0]-'a'] {
		// Most candidates differ in their last byte: no call for them.
		if s[len(s)-1] == last && s == w {
			return true
		}
	}
	return false
}

// maxTopicWords caps the content words taken from one turn.
const maxTopicWords = 48

// contentWords appends the distinct content words of text (letters, at
// least three characters, not stopwords, plural "s" stripped) to dst, at
// most maxTopicWords of them. Long texts are read in their head and tail
// (scanChars in all), and only as far as the cap needs: the cost of a turn
// is bounded. Words are lower case; a word is a substring of text unless it
// had to be lower-cased.
func contentWords(text string, dst []string) []string {
	start := len(dst)
	if len(text) > scanChars {
		dst = appendContentWords(head(text, scanChars/2), dst, start)
		return appendContentWords(tail(text, scanChars/2), dst, start)
	}
	return appendContentWords(text, dst, start)
}

// appendContentWords tokenizes text like model.Words and appends its new
// content words to dst (dst[start:] are the words found so far).
func appendContentWords(text string, dst []string, start int) []string {
	if len(dst)-start >= maxTopicWords {
		return dst
	}
	r := contentReader{words: dst, start: start}
	for k, d := range dst[start:] {
		r.seen.add(d, k, wordKey(d))
	}
	r.read(text)
	return r.words
}

// contentReader collects the content words of texts: words[start:] are
// the words found so far, and seen finds them.
type contentReader struct {
	words []string
	start int
	seen  wordTable
	// done holds the keys of short lower-case words read already, by
	// keySlot (a cache: a slot keeps its latest key). A word read again
	// changes nothing: it is a stopword, or taken.
	done [256]uint64
}

// read appends the new content words of text to r.words, until they reach
// maxTopicWords.
func (r *contentReader) read(text string) {
	cl := byteClass[:] // (a local slice: the table's address stays in a register)
	for i := 0; uint(i) < uint(len(text)); {
		// Skip to the start of a word. (The loops compare indices as
		// unsigned, which proves text[i] in bounds: no check per byte.)
		c := cl[text[i]]
		if c&cStarts == 0 {
			i++
			continue
		}
		if c == cLower {
			// Most words: lower-case letters and digits only, read and
			// looked up here.
			j := i + 1
			for uint(j) < uint(len(text)) && cl[text[j]]&cPlain != 0 {
				j++
			}
			if n := j - i; (uint(j) >= uint(len(text)) || cl[text[j]]&cGoes == 0) && n <= 8 && i+8 <= len(text) &&
				text[j-1] != '\'' {
				if n >= 3 && !isDigit(text[i]) {
					key := encoded.Load64(text, i) & keyMask[n]
					if slot := keySlot(key, 8); r.done[slot] != key {
						r.done[slot] = key
						if !r.addKey(text[i:j], key) {
							return
						}
					}
				}
				i = j
				continue
			}
		} else if c == cRune && !isWordStart(text, i) {
			_, size := utf8.DecodeRuneInString(text[i:])
			i += size
			continue
		}
		j, upper := wordEnd(text, i, &byteClass)
		if !r.add(text, i, j, upper) {
			return
		}
		i = j
	}
}

// wordEnd returns the end of the word of text that starts at i (a run of
// letters, digits and apostrophes), and whether it has an upper-case or
// non-ASCII letter. A loop of its own, so that its index stays in a
// register; class is &byteClass, passed so that its address does too.
func wordEnd(text string, j int, class *[256]uint8) (int, bool) {
	cl := class[:] // one nil check here, none per byte
	upper := false
	for {
		// The hot loop: lower-case letters, digits and apostrophes.
		for uint(j) < uint(len(text)) && cl[text[j]]&cPlain != 0 {
			j++
		}
		if uint(j) >= uint(len(text)) {
			return j, upper
		}
		switch k := cl[text[j]]; {
		case k&cGoes == 0:
			return j, upper
		case k == cRune:
			if !isWordStart(text, j) {
				return j, upper
			}
			_, size := utf8.DecodeRuneInString(text[j:])
			j += size
		default:
			j++
		}
		upper = true // upper case or non-ASCII: let strings.ToLower decide
	}
}

// add takes the word text[i:j] (upper: it has an upper-case or non-ASCII
// letter) if it is a new content word, and reports whether more words are
// wanted.
func (r *contentReader) add(text string, i, j int, upper bool) bool {
	for j > i && text[j-1] == '\'' {
		j--
	}
	if j-i < 3 || isDigit(text[i]) {
		return true
	}
	w := text[i:j]
	if upper {
		if isShortStopword(w) {
			return true // (the common case, "The", "How": nothing lower-cased)
		}
		w = strings.ToLower(w)
	}
	if len(w) <= 8 {
		return r.addKey(w, wordKey(w))
	}
	if isStopword(w) {
		return true
	}
	if w[len(w)-1] == 's' && w[len(w)-2] != 's' {
		w = w[:len(w)-1]
	}
	return r.take(w, wordKey(w))
}

// isShortStopword reports whether w, of at most eight ASCII bytes, is a
// stopword once lower-cased (false for any other w).
func isShortStopword(w string) bool {
	if len(w) > 8 {
		return false
	}
	k := wordKey(w)
	if k&0x8080808080808080 != 0 {
		return false
	}
	return isStopKey(k | asciiRange(k, 'A', 'Z')>>2) // (0x80 >> 2 is 'a' - 'A')
}

// addKey is add for a lower-case word w of three to eight bytes, of key
// wordKey(w).
func (r *contentReader) addKey(w string, key uint64) bool {
	if isStopKey(key) {
		return true
	}
	if len(w) > 4 && w[len(w)-1] == 's' && w[len(w)-2] != 's' {
		w = w[:len(w)-1]
		key &= keyMask[len(w)]
	}
	return r.take(w, key)
}

// take appends the content word w, of key wordKey(w), unless it was taken
// already, and reports whether more words are wanted.
func (r *contentReader) take(w string, key uint64) bool {
	n := len(r.words) - r.start
	if !r.seen.has(r.words[r.start:], w, key) {
		r.seen.add(w, n, key)
		r.words = append(r.words, w)
		n++
	}
	return n < maxTopicWords
}

// keyMask[n] keeps the first n bytes of a key (n <= 8).
var keyMask = [9]uint64{0, 0xff, 0xffff, 0xffffff, 0xffffffff, 0xffffffffff, 0xffffffffffff, 0xffffffffffffff,
	0xffffffffffffffff}

// wordKey returns the first eight bytes of w (fewer when w is shorter),
// little-endian: w itself when it is at most eight bytes long (words hold
// no zero byte).
func wordKey(w string) uint64 {
	var k uint64
	for i := min(len(w), 8) - 1; i >= 0; i-- {
		k = k<<8 | uint64(w[i])
	}
	return k
}

// stopKeys holds the keys (wordKey) of the stopwords of at most eight bytes,
// in an open-addressing table by keySlot.
var stopKeys = func() (t [1 << stopBits]uint64) {
	for _, w := range strings.Fields(stopwordList) {
		if len(w) > 8 {
			continue
		}
		k := wordKey(w)
		i := keySlot(k, stopBits)
		for t[i] != 0 && t[i] != k {
			i = (i + 1) & (len(t) - 1)
		}
		t[i] = k
	}
	return t
}()

// stopBits is the log2 size of stopKeys (a quarter full).
const stopBits = 10

// keySlot returns the slot of a key in a table of 2^bits slots.
func keySlot(k uint64, bits uint) int { return int(k * 0x9E3779B97F4A7C15 >> (64 - bits)) }

// isStopKey is isStopword(w) for a lower-case word w of at most eight
// bytes, of key wordKey(w).
func isStopKey(key uint64) bool {
	i := keySlot(key, stopBits)
	for stopKeys[i] != 0 && stopKeys[i] != key {
		i = (i + 1) & (len(stopKeys) - 1)
	}
	return stopKeys[i] != 0
}

// wordTable finds the words of contentWords already taken: an
// open-addressing table of their indexes (plus one, 0 is empty) by their
// key (wordKey), which decides equality for words of at most eight bytes.
// It holds at most maxTopicWords words, so it never fills.
type wordTable struct {
	slot [256]uint8
	key  [maxTopicWords]uint64
}

// add records words[n] == w, of key k (w not in the table yet).
func (t *wordTable) add(w string, n int, k uint64) {
	i := keySlot(k^uint64(len(w)), 8)
	for t.slot[i] != 0 {
		i = (i + 1) % len(t.slot)
	}
	t.slot[i] = uint8(n + 1)
	t.key[n] = k
}

// has reports whether w, of key k, is one of words, whose indexes the
// table holds.
func (t *wordTable) has(words []string, w string, k uint64) bool {
	for i := keySlot(k^uint64(len(w)), 8); t.slot[i] != 0; i = (i + 1) % len(t.slot) {
		x := t.slot[i] - 1
		if t.key[x] == k && len(words[x]) == len(w) && (len(w) <= 8 || words[x] == w) {
			return true
		}
	}
	return false
}

// Byte classes of the content-word tokenizer: sets of the bits cStarts
// (the byte may start a word), cGoes (it may continue one), cPlain (it
// continues one as it is: a lower-case letter, a digit or an apostrophe)
// and cMulti (part of a multi-byte character, a word byte if its rune is a
// letter or a digit). An apostrophe only continues a word (a word never
// starts with one).
const (
	cStarts = 1 << iota
	cGoes
	cPlain
	cMulti

	cNone  = 0                        // separator
	cLower = cStarts | cGoes | cPlain // lower-case letter or digit
	cUpper = cStarts | cGoes          // upper-case ASCII letter
	cRune  = cStarts | cGoes | cMulti // part of a multi-byte character
	cApos  = cGoes | cPlain           // apostrophe
)

// byteClass classifies bytes for the content-word tokenizer.
var byteClass = func() (t [256]uint8) {
	for c := range 256 {
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			t[c] = cLower
		case c >= 'A' && c <= 'Z':
			t[c] = cUpper
		case c >= 0x80:
			t[c] = cRune
		case c == '\'':
			t[c] = cApos
		}
	}
	return t
}()

// isWordStart reports whether text[i:] starts with a letter or a digit.
func isWordStart(text string, i int) bool {
	c := text[i]
	if c < 0x80 {
		return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
	}
	r, _ := utf8.DecodeRuneInString(text[i:])
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// harmCategories maps indicative words to a harm category. Categories only
// label evidence; the harm value comes from the trained model.
var harmCategories = map[string]string{
	"bomb": "weapons", "explosive": "weapons", "gun": "weapons", "firearm": "weapons", "weapon": "weapons",
	"ammunition": "weapons", "detonate": "weapons", "grenade": "weapons", "rifle": "weapons",
	"meth": "drugs", "methamphetamine": "drugs", "cocaine": "drugs", "heroin": "drugs", "fentanyl": "drugs",
	"drug": "drugs", "narcotic": "drugs", "lsd": "drugs", "overdose": "drugs",
	"hack": "cyber", "hacking": "cyber", "malware": "cyber", "ransomware": "cyber", "exploit": "cyber",
	"phishing": "cyber", "keylogger": "cyber", "ddos": "cyber", "virus": "cyber", "botnet": "cyber", "password": "cyber",
	"kill": "violence", "murder": "violence", "assault": "violence", "poison": "violence", "torture": "violence",
	"attack": "violence", "stab": "violence", "kidnap": "violence", "hurt": "violence",
	"suicide": "self_harm", "self-harm": "self_harm", "anorexia": "self_harm", "starve": "self_harm",
	"porn": "sexual", "pornographic": "sexual", "explicit": "sexual", "sexual": "sexual", "nude": "sexual",
	"racist": "hate", "slur": "hate", "inferior": "hate", "hate": "hate", "supremacy": "hate", "ethnic": "hate",
	"scam": "fraud", "counterfeit": "fraud", "launder": "fraud", "laundering": "fraud", "fraud": "fraud",
	"steal": "fraud", "theft": "fraud", "bribe": "fraud", "embezzle": "fraud", "forge": "fraud", "shoplift": "fraud",
	"address": "privacy", "ssn": "privacy", "dox": "privacy", "stalk": "privacy", "spy": "privacy", "track": "privacy",
	"conspiracy": "misinformation", "hoax": "misinformation", "propaganda": "misinformation", "disinformation": "misinformation",
	"fake": "misinformation",
}

// categoriesOf returns the sorted distinct harm categories of words.
func categoriesOf(words []string) []string {
	var out []string
	for _, w := range words {
		if c, ok := harmCategories[w]; ok {
			dup := false
			for _, o := range out {
				dup = dup || o == c
			}
			if !dup {
				out = append(out, c)
			}
		}
	}
	sort.Strings(out)
	return out
}
