package grounding

// stopwords are function words and discourse fillers: they carry no claim, so
// they are neither indexed as content nor counted as unsupported.
var stopwords = newRawSet(
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
)

// newRawSet hashes words without the stopword lookup.
func newRawSet(words ...string) *hashSet {
	s := &hashSet{}
	var buf [4]token
	for _, w := range words {
		for _, t := range tokenizeRaw(w, buf[:0]) {
			s.Add(t.h)
		}
	}
	return s
}
