package grounding

// stopwords are function words and discourse fillers: they carry no claim, so
// they are neither indexed as content nor counted as unsupported.
var stopwords = []string{
	"a", "an", "the", "and", "or", "but", "nor", "so", "yet", "if", "then", "than", "that", "this", "these", "those",
	"there", "here", "it", "its", "it's", "is", "are", "was", "were", "be", "been", "being", "am", "do", "does", "did",
	"done", "have", "has", "had", "having", "will", "would", "shall", "should", "can", "could", "may", "might", "must",
	"of", "in", "on", "at", "to", "for", "from", "by", "with", "without", "about", "into", "onto", "over", "under",
	"as", "like", "up", "down", "out", "off", "not", "no", "yes", "very", "too", "also", "just", "only", "really",
	"i", "me", "my", "mine", "we", "us", "our", "ours", "you", "your", "yours", "he", "him", "his", "she", "her",
	"hers", "they", "them", "their", "theirs", "what", "which", "who", "whom", "whose", "when", "where", "why", "how",
	"all", "any", "some", "each", "every", "both", "few", "more", "most", "other", "such", "own", "same", "much",
	"many", "lot", "lots", "i'm", "you're", "we're", "they're", "he's", "she's", "that's", "what's", "there's",
	"don't", "doesn't", "didn't", "isn't", "aren't", "wasn't", "weren't", "won't", "wouldn't", "can't", "couldn't",
	"shouldn't", "haven't", "hasn't", "hadn't", "i've", "you've", "we've", "i'd", "you'd", "i'll", "you'll", "let",
	"let's", "oh", "ah", "well", "okay", "ok", "hi", "hello", "hey", "thanks", "thank", "please", "sure", "yeah",
	"one", "get", "got", "know", "think", "say", "said", "go", "going", "went", "make", "made", "see", "seen",
	"want", "way", "thing", "things", "something", "anything", "everything", "nothing", "even", "still", "now",
	"because", "while", "though", "although", "since", "until", "after", "before", "again", "ever", "never",
	"always", "often", "sometimes", "around", "through", "between", "among", "against", "during", "within",
	"whether", "however", "therefore", "thus", "indeed", "actually", "maybe", "perhaps", "probably", "quite",
	"pretty", "enough", "rather", "almost", "ago", "already", "yet", "else", "another", "being", "able", "lol",
	"good", "great", "nice", "cool", "interesting", "love", "like", "fun", "wow", "true", "right", "definitely",
	"certainly", "kind", "sort", "guess", "believe", "feel", "seem", "seems", "mean", "means", "did", "use", "used",
	"new", "old", "first", "last", "time", "times", "year", "years", "people", "person",
	"note", "noted", "unfortunately", "fortunately", "glad", "happy", "hope", "sorry", "welcome", "kindly", "simply",
}

// Word classes: the fixed word lists a word belongs to, as token flag bits
// above the flags of tokens.go. tokenize looks a word up once in lexicon and
// keeps its classes in the token's flags, so that a signal tests a bit where
// it would probe a set per list.
const (
	cStop         uint32 = 1 << (8 + iota) // stopwords
	cFirstPerson                           // firstPerson
	cSecondPerson                          // secondPerson
	cPersonal                              // personalWords
	cNegator                               // negators
	cCitation                              // citationWords
	cInstruction                           // instructionStarters
	cCertainty                             // first word of a certaintyPhrases phrase
	cAcknowledge                           // first word of an acknowledgeMarkers phrase
	cNonClaim                              // first word of a nonClaimStarters phrase
	cRefusal                               // first word of a refusalStarters phrase
	cMonth                                 // monthNames
)

// lexicon holds the classes of every word of the lists above (immutable
// once built), and fStop with cStop: the flag a stopword gets unless it is
// a number (see classify).
var lexicon = func() *wordClasses {
	l := &wordClasses{}
	for _, list := range []struct {
		class uint32
		words []string
	}{
		{cStop | fStop, stopwords}, {cFirstPerson, firstPerson}, {cSecondPerson, secondPerson},
		{cPersonal, personalWords}, {cNegator, negators}, {cCitation, citationWords},
		{cInstruction, instructionStarters}, {cMonth, monthNames},
	} {
		var buf [4]token
		for _, w := range list.words {
			// Every token of the word ("let's" is "let" followed by a
			// possessive).
			for _, t := range tokenizeRaw(w, buf[:0]) {
				l.add(t.h, list.class)
			}
		}
	}
	for _, t := range []phraseTable{certaintyPhrases, acknowledgeMarkers, nonClaimStarters, refusalStarters} {
		for h := range t.m {
			l.add(h, t.class)
		}
	}
	return l
}()

// lexSize is the number of slots of wordClasses: a power of two, at least
// four times the words of the lists, so that a probe for a word of none of
// them (most words) mostly ends at its first slot.
const lexSize = 2048

// wordClasses maps word hashes to their classes: open addressing with
// linear probing in arrays of fixed size (no bounds checks). Hashes are
// odd (tokenize sets bit 0), so 0 marks an empty slot.
type wordClasses struct {
	keys  [lexSize]uint64
	class [lexSize]uint32
	n     int
}

func (l *wordClasses) add(h uint64, c uint32) {
	for i := (h >> 1) & (lexSize - 1); ; i = (i + 1) & (lexSize - 1) {
		switch l.keys[i] {
		case h:
			l.class[i] |= c
			return
		case 0:
			if l.n++; 4*l.n > lexSize {
				panic("grounding: lexicon over a quarter full")
			}
			l.keys[i], l.class[i] = h, c
			return
		}
	}
}

// get returns the classes of the word with hash h (0 for none).
func (l *wordClasses) get(h uint64) uint32 {
	for i := h >> 1; ; i++ {
		switch l.keys[i&(lexSize-1)] {
		case h:
			return l.class[i&(lexSize-1)]
		case 0:
			return 0
		}
	}
}

// noClasses is the empty lexicon: tokenizeRaw's, which gives no classes.
var noClasses wordClasses
