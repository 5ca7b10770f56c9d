package harm

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
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

// isStopword reports whether the lower-case word w is a stopword.
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
	var seen wordTable
	for k, d := range dst[start:] {
		seen.add(d, k)
	}
	i := 0
	for i < len(text) && len(dst)-start < maxTopicWords {
		// Skip to the start of a word. (The loops compare indices as
		// unsigned, which proves text[i] in bounds: no check per byte.)
		for uint(i) < uint(len(text)) && (byteClass[text[i]] == cNone || byteClass[text[i]] == cApos) {
			i++
		}
		if uint(i) < uint(len(text)) && byteClass[text[i]] == cRune && !isWordStart(text, i) {
			_, size := utf8.DecodeRuneInString(text[i:])
			i += size
			continue
		}
		j, upper := i, false
	word:
		for uint(j) < uint(len(text)) {
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
				upper = true // non-ASCII letters: let strings.ToLower decide
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
		if !seen.has(dst[start:], w) {
			seen.add(w, len(dst)-start)
			dst = append(dst, w)
		}
	}
	return dst
}

// wordTable finds the words of contentWords already taken: an
// open-addressing table of their indexes (plus one, 0 is empty), by a hash
// of their length and first, middle and last bytes. It holds at most
// maxTopicWords words, so it never fills.
type wordTable [256]uint8

// slot returns the slot where the search for w starts.
func (t *wordTable) slot(w string) int {
	h := uint32(len(w))<<24 | uint32(w[0])<<16 | uint32(w[len(w)/2])<<8 | uint32(w[len(w)-1])
	return int(h * 0x9E3779B1 >> 24)
}

// add records words[k] == w (w not in the table yet).
func (t *wordTable) add(w string, k int) {
	i := t.slot(w)
	for t[i] != 0 {
		i = (i + 1) % len(t)
	}
	t[i] = uint8(k + 1)
}

// has reports whether w is one of words, whose indexes the table holds.
func (t *wordTable) has(words []string, w string) bool {
	for i := t.slot(w); t[i] != 0; i = (i + 1) % len(t) {
		if words[t[i]-1] == w {
			return true
		}
	}
	return false
}

// Byte classes of the content-word tokenizer.
const (
	cNone  = iota // separator
	cLower        // lower-case letter or digit
	cUpper        // upper-case ASCII letter
	cRune         // part of a multi-byte character
	cApos         // apostrophe: continues a word, never starts one
)

// byteClass classifies bytes for the content-word tokenizer. An apostrophe
// only continues a word (a word never starts with one).
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
