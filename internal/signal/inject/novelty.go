package inject

import "math"

// Discontinuity of a sentence with the document around it. An instruction
// inserted into data (an e-mail, a table, a code answer) is usually about
// something else than the data: it shares few content words with the rest
// of the document, and it is addressed to the reader (a question, "your
// answer", an imperative). The scorer raises the instruction score of such
// a sentence relative to its document; a sentence that talks about what the
// rest of the document talks about is left as the model scored it.

// docTableBits is the size (log2) of the counting table of a document's
// content words; collisions only make sentences look less novel.
const docTableBits = 11

// docCounts counts a document's content words by hash, saturating at 255.
type docCounts [1 << docTableBits]uint8

// docScanBytes caps how much of a document is counted.
const docScanBytes = 16 << 10

// count adds the content words of text (ASCII letters lower-cased, other
// bytes separators) to c and returns how many it counted.
func (c *docCounts) count(text string) int {
	n := 0
	h, l := uint32(fnvOffset), 0
	text = text[:min(len(text), docScanBytes)]
	for i := 0; i < len(text); i++ {
		if b := wordByte[text[i]]; b != 0 {
			h = (h ^ uint32(b)) * fnvPrime
			l++
			continue
		}
		if l >= contentMin {
			if k := h & (1<<docTableBits - 1); c[k] < 255 {
				c[k]++
			}
			n++
		}
		h, l = fnvOffset, 0
	}
	if l >= contentMin {
		if k := h & (1<<docTableBits - 1); c[k] < 255 {
			c[k]++
		}
		n++
	}
	return n
}

// wordByte maps the bytes of content words to their lower case, others to 0.
var wordByte = func() (t [256]byte) {
	for b := 'a'; b <= 'z'; b++ {
		t[b], t[b-'a'+'A'] = byte(b), byte(b)
	}
	for b := '0'; b <= '9'; b++ {
		t[b] = byte(b)
	}
	return t
}()

// contentMin is the length from which a word counts as a content word.
const contentMin = 5

// novelty returns the share of the content words of a sentence (lower-cased
// words) that occur nowhere else in the document, and how many content
// words the sentence has.
func (c *docCounts) novelty(words []string) (float64, int) {
	n, alone := 0, 0
	for _, w := range words {
		if len(w) < contentMin || !asciiAlnum(w) || stopword(w) {
			continue
		}
		n++
		if c[fnvString(fnvOffset, w)&(1<<docTableBits-1)] <= 1 {
			alone++
		}
	}
	if n == 0 {
		return 0, 0
	}
	return float64(alone) / float64(n), n
}

func asciiAlnum(w string) bool {
	for i := 0; i < len(w); i++ {
		if b := w[i]; !(b >= 'a' && b <= 'z' || b >= '0' && b <= '9') {
			return false
		}
	}
	return true
}

// stopword reports function words of five letters or more, which say
// nothing of a sentence's topic.
func stopword(w string) bool {
	switch w {
	case "about", "above", "after", "again", "also", "among", "because", "before", "being", "below", "between",
		"could", "doing", "during", "every", "first", "further", "having", "other", "their", "theirs", "there",
		"these", "thing", "things", "those", "through", "under", "until", "where", "which", "while", "would",
		"should", "might", "shall", "please", "thanks", "thank", "whether", "without", "within", "yours", "yourself",
		"still", "always", "never", "really", "something", "anything", "everything", "since", "using":
		return true
	}
	return false
}

// addressed reports whether a sentence speaks to its reader: a question, a
// second-person pronoun, or an imperative verb first. k holds the classes
// of its words (classOf).
func addressed(text string, k []uint32) bool {
	for i := len(text) - 1; i >= 0; i-- {
		if b := text[i]; b == '?' {
			return true
		} else if b != ' ' && b != '\n' && b != '\r' && b != '\t' && b != '"' && b != '\'' {
			break
		}
	}
	// (kYou marks "you" and "your".)
	return anyClass(k, kYou) || len(k) > 0 && k[0]&kImperative != 0
}

// Discontinuity weights: the logit added to the model's score of an
// addressed sentence whose content words are all new to its document, and
// the fewest content words a sentence needs to be judged.
const (
	noveltyLogit = 3.0
	noveltyWords = 3
)

// tableCell reports whether the sentence text[start:end] is a cell of a
// table row (ends at or follows a cell bar).
func tableCell(text string, start, end int) bool {
	return end > start && text[end-1] == '|' || start > 0 && text[start-1] == '|'
}

// discontinuous returns the model score p of an addressed sentence raised
// by how new its content words are to the document of docN content words.
func (c *docCounts) discontinuous(p float64, words []string, docN int) float64 {
	nv, n := c.novelty(words)
	if n < noveltyWords || docN-n < noveltyRest || nv == 0 || p <= 0 || p >= 1 {
		return p
	}
	z := math.Log(p/(1-p)) + noveltyLogit*nv
	return sigmoid(z)
}

// noveltyRest is the fewest content words the rest of a document needs for
// a sentence to be judged against it.
const noveltyRest = 12

// tableBars is the number of cell bars from which a document is a table.
const tableBars = 12
