package harm

import (
	"strings"
	"unicode/utf8"

	"github.com/faultline-dev/faultline/internal/signal/model"
)

// incompleteChars is the longest request the incomplete-request cues read:
// an underspecified question or a word salad is short.
const incompleteChars = 160

// Incomplete-request kinds.
const (
	kindUnderspecified   = "underspecified"
	kindIncomprehensible = "incomprehensible"
)

// functionWords are the grammatical words of English; a request of several
// words without any of them is no sentence.
var functionWords = wordSet("the", "a", "an", "of", "to", "in", "on", "at", "for", "with", "by", "from", "as",
	"about", "into", "and", "or", "but", "so", "if", "than", "then", "not", "no", "is", "are", "was", "were",
	"be", "been", "am", "do", "does", "did", "have", "has", "had", "will", "would", "can", "could", "should",
	"may", "might", "must", "i", "you", "me", "my", "your", "it", "its", "this", "that", "these", "those", "we",
	"they", "he", "she", "his", "her", "their", "our", "us", "them", "how", "what", "why", "when", "where", "who",
	"which", "please", "there", "here", "some", "any", "all", "each", "every", "more", "most", "vs", "versus")

// questionWords open a factual question.
var questionWords = wordSet("when", "who", "what", "what's", "whats", "where", "which", "how", "why", "when's",
	"who's", "where's", "whom", "whose", "list")

// deicticWords refer to a group, place or time the question never names
// ("when did we become independent").
var deicticWords = wordSet("we", "our", "they", "here")

// localeWords are facts that differ by country, state or city: an office,
// a law, a national institution or statistic. Asked without naming the
// place, the question has no single answer.
var localeWords = wordSet("president", "vice", "minister", "mayor", "governor", "chancellor", "king", "queen",
	"senator", "parliament", "congress", "constitution", "independence", "government", "national", "state",
	"country", "province", "provinces", "legislative", "assembly", "election", "law", "legal", "age", "drinking",
	"wage", "tax", "capital", "population", "currency", "anthem", "flag", "holiday", "jury", "debt", "party",
	"war", "siege", "treaty", "treaties", "governer", "chief", "ruler", "settlers", "refugees", "fees", "vote",
	"voting", "alcohol")

// notPlace are words after "in" or "of" that name no place ("in 1956", "in
// season 5", "the price of a stamp").
var notPlace = wordSet("season", "charge", "office", "power", "order", "total", "general", "fact", "time", "history",
	"a", "an", "which", "what", "its", "their", "our", "my", "your", "his", "her")

// lexicon is a set of words that rejects most other words without hashing
// them: by their length, first and last byte.
type lexicon struct {
	words map[string]struct{}
	// bloom has the bit lexiconKey(w) set for each word w: a word whose
	// bit is clear is not in the set.
	bloom [lexiconBits / 64]uint64
}

// lexiconBits is the size of a lexicon's bloom filter.
const lexiconBits = 4096

// lexiconKey returns the bloom bit of w, from its length, first and last
// byte.
func lexiconKey(w string) uint32 {
	if w == "" {
		return 0
	}
	return wordKeyOf(len(w), w[0], w[len(w)-1])
}

// wordKeyOf is lexiconKey of a word of n bytes from its first and last
// byte: the top 12 bits (lexiconBits) of their hash.
func wordKeyOf(n int, first, last byte) uint32 {
	return (uint32(n)<<16 | uint32(first)<<8 | uint32(last)) * 0x9E3779B1 >> 20
}

// has reports whether a word of key k may be in l (false: it is not).
func (l *lexicon) has(k uint32) bool { return l.bloom[k/64]&(1<<(k%64)) != 0 }

func wordSet(words ...string) *lexicon {
	l := &lexicon{words: make(map[string]struct{}, len(words))}
	for _, w := range words {
		l.words[w] = struct{}{}
		k := lexiconKey(w)
		l.bloom[k/64] |= 1 << (k % 64)
	}
	return l
}

// in reports whether w is in set.
func in(set *lexicon, w string) bool { return inKey(set, w, lexiconKey(w)) }

// inKey is in(set, w) for the key k = lexiconKey(w), for a caller that
// looks a word up in several sets.
func inKey(set *lexicon, w string, k uint32) bool {
	if !set.has(k) {
		return false
	}
	_, ok := set.words[w]
	return ok
}

// incompleteKind returns the kind of an incomplete request ("" for none):
// a short factual question about something that depends on a place or
// group it never names ("who is the foreign minister", "when did we become
// independent"), or text that is no request at all (a salad of unrelated
// words, letter noise, mis-decoded characters).
func incompleteKind(text string) string {
	if len(text) > incompleteChars || len(text) < 3 {
		return ""
	}
	if garbled(text) {
		return kindIncomprehensible
	}
	var wbuf [40]string
	words := model.Words(text, wbuf[:0])
	if len(words) < 2 || len(words) > 16 {
		return ""
	}
	var function, noise, deictic, locale int
	place := false
	for i, w := range words {
		if in(functionWords, w) {
			function++
		}
		if noiseWord(w) {
			noise++
		}
		if in(deicticWords, w) {
			deictic++
		}
		if in(localeWords, w) {
			locale++
		}
		if (w == "in" || w == "of") && i+1 < len(words) {
			next := words[i+1]
			if next == "the" && i+2 < len(words) {
				next = words[i+2]
			}
			if !in(notPlace, next) && !in(localeWords, next) && (next[0] < '0' || next[0] > '9') {
				place = true
			}
		}
	}
	if noise >= 2 || noise >= 1 && len(words) <= 4 {
		return kindIncomprehensible
	}
	if function == 0 && len(words) >= 4 && !strings.ContainsAny(text, "?:;=(){}[]<>/\\_.,0123456789") {
		return kindIncomprehensible
	}
	if !place && (deictic > 0 || locale > 0) && (in(questionWords, words[0]) || deictic > 0 || strings.HasSuffix(text, "?")) &&
		!howToRequest(words) && !namesEntity(text) && !quotesPassage(text) {
		return kindUnderspecified
	}
	return ""
}

// noiseWord reports whether a word is letter noise: five or more consonants
// in a row, or a long word without a vowel.
func noiseWord(w string) bool {
	run, vowels := 0, 0
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c < 'a' || c > 'z' {
			return false
		}
		switch c {
		case 'a', 'e', 'i', 'o', 'u', 'y':
			vowels++
			run = 0
		default:
			run++
			if run >= 5 {
				return true
			}
		}
	}
	return vowels == 0 && len(w) >= 4
}

// garbled reports whether a text is mostly mis-decoded characters: many
// symbols outside letters, digits and punctuation.
func garbled(text string) bool {
	var sym, n int
	for _, r := range text {
		n++
		if r >= utf8.RuneSelf && (r < 0x00C0 || r >= 0x2000 && r < 0x3000) || r == 0xFFFD {
			sym++
		}
	}
	return n >= 8 && sym*4 >= n
}

// howToRequest reports whether words ask for a way to do something ("how
// can I", "how to"): a method, not a fact that depends on a place.
func howToRequest(words []string) bool {
	if len(words) < 2 || words[0] != "how" {
		return false
	}
	switch words[1] {
	case "to":
		return true
	case "can", "do", "should", "could", "would", "might":
		return len(words) > 2 && words[2] == "i"
	}
	return false
}

// quotesPassage reports whether text quotes a passage of three or more
// words ("write 'we hope you enjoy your stay' in a formal tone"): the
// request carries its material, and the passage's "we" or "our" are the
// material's words, not a group the question leaves unnamed. A request that
// is all one quotation quotes nothing.
func quotesPassage(text string) bool {
	for i := 0; i < len(text); i++ {
		q := text[i]
		if q != '"' && q != '\'' || i > 0 && text[i-1] != ' ' && text[i-1] != ':' && text[i-1] != '(' {
			continue
		}
		end := strings.IndexByte(text[i+1:], q)
		if end < 0 {
			return false
		}
		passage := text[i+1 : i+1+end]
		outside := len(text) - len(passage) - 2
		if strings.Count(passage, " ") >= 2 && !strings.HasPrefix(passage, " ") && outside >= 8 {
			return true
		}
		i += end + 1
	}
	return false
}

// namesEntity reports whether text names what it asks about: a capitalized
// word inside a sentence ("when did Tolstoy write War and Peace", "the
// United States national anthem").
func namesEntity(text string) bool {
	prev := byte('.')
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c >= 'A' && c <= 'Z' && (i > 0 && text[i-1] == ' ') && !strings.ContainsRune(".?!", rune(prev)) {
			if !(c == 'I' && (i+1 == len(text) || text[i+1] == ' ' || text[i+1] == '\'')) {
				return true
			}
		}
		if c != ' ' {
			prev = c
		}
	}
	return false
}
