package inject

import (
	"strings"
	"unicode/utf8"

	"github.com/faultline-dev/faultline/internal/signal/model"
)

// chunkChars is the size a chunk grows to before the next sentence starts a
// new one: long enough for an injected instruction and its preamble, short
// enough that a long clean document does not dilute it.
const chunkChars = 400

// Chunk is a run of whole sentences of a text with its instruction score.
type Chunk struct {
	// Start and End are byte offsets into the text.
	Start, End int
	// Score in [0,1]: how much the chunk reads as instructions to the model.
	Score float64
	// Cue is the strongest rule that fired, or empty when only the model did.
	Cue Cue
	// Rule is the strongest rule that fired, even when the model scored
	// higher (empty when no rule fired).
	Rule Cue
}

// Scorer rates text for instruction-likeness by rules and the trained
// "injection" model. It is immutable and safe for concurrent use.
type Scorer struct {
	m *model.Model
}

// NewScorer returns a scorer over the trained model m (nil: rules only,
// for callers that deliberately run without a model).
func NewScorer(m *model.Model) *Scorer { return &Scorer{m: m} }

// Chunks splits text into chunks of whole sentences and scores each,
// appending to dst. user is true for a user turn, where an imperative alone
// is no cue (users give orders; documents and tool results should not) and
// the model reads the whole turn, as it was trained on whole prompts; in
// other content the model reads each sentence, so that an instruction
// inserted into a long document is not diluted by the document.
func (s *Scorer) Chunks(text string, user bool, dst []Chunk) []Chunk {
	return s.chunks(text, user, chunkChars, dst, nil)
}

// SentenceChunks is Chunks with one chunk per sentence, for callers that
// need to know which sentence of a text carried an instruction.
func (s *Scorer) SentenceChunks(text string, dst []Chunk) []Chunk {
	return s.chunks(text, false, 1, dst, nil)
}

// SentenceChunksBuf is SentenceChunks using the working buffers of sc
// (grown as needed) instead of allocating them: a tracker that keeps sc
// across turns scores without allocating.
func (s *Scorer) SentenceChunksBuf(text string, dst []Chunk, sc *Scratch) []Chunk {
	return s.chunks(text, false, 1, dst, sc)
}

// Scratch holds the working buffers of a Scorer, reused from one text to
// the next by whoever keeps it (a tracker, per session). The zero value is
// ready to use.
type Scratch struct {
	// lower is the lower-cased copy of the text.
	lower []byte
	// doc counts the content words of a document (see docCounts).
	doc *docCounts
	// words collects every word of a user turn for the whole-turn score,
	// or uni and big their features (see featureHasher).
	words    []string
	uni, big []uint32
	// pos holds the offsets of the words of a user turn longer than the
	// model reads (see cutFeatures).
	pos []uint32
	// sentence holds the words of the sentence being scored.
	sentence sentenceWords
}

// docCounts returns sc's document counts, zeroed.
func (sc *Scratch) docCounts() *docCounts {
	if sc.doc == nil {
		sc.doc = new(docCounts)
	} else {
		*sc.doc = docCounts{}
	}
	return sc.doc
}

func (s *Scorer) chunks(text string, user bool, size int, dst []Chunk, sc *Scratch) []Chunk {
	if sc == nil {
		sc = new(Scratch)
	}
	sw := &sc.sentence
	start := 0
	best, cue := 0.0, Cue("")
	bestRule, rule := 0.0, Cue("")
	flush := func(end int) {
		if end > start {
			dst = append(dst, Chunk{Start: start, End: end, Score: best, Cue: cue, Rule: rule})
		}
		start = end
		best, cue = 0, ""
		bestRule, rule = 0, ""
	}
	// Lower-case and split ASCII text once; user turns keep every word for
	// the whole-turn model score.
	lower, ascii := lowerASCIIInto(text, &sc.lower)
	// Data (not user turns) is scored relative to its document, whose
	// words are counted when a sentence is first judged against it (most
	// documents have none that is).
	var doc *docCounts
	var docN int
	var inTable bool
	if !user && s.m != nil {
		// A line of prose in a table is out of place whatever its mood.
		inTable = strings.Count(text[:min(len(text), docScanBytes)], "|") >= tableBars
	}
	// Hidden carriers of data (HTML comments, invisible elements).
	var hbuf [4][2]int
	var hidden [][2]int
	if !user {
		hidden = hiddenSpans(text, hbuf[:0])
	}
	whole := user && ascii && s.m != nil && len(text) <= maxChars(&s.m.Featurizer)
	all := sc.words[:0]
	// With the shipped featurization, asciiSentence also hashes the words
	// into the model's features as it reads them, for the sentences of
	// data and for a whole user turn (see scoreHashed); uni and big gather
	// a user turn's. A longer user turn (cut) is read by the model up to
	// maxChars bytes: pos gathers the offsets of its words up to there
	// (packed in 16 bits each, see cutFeatures).
	fast := ascii && s.m != nil && fastFeatures(&s.m.Featurizer)
	cut := user && fast && !whole && maxChars(&s.m.Featurizer)+chunkChars < 1<<16
	var hs *featureHasher
	if fast && (!user || whole || cut) {
		hs = newFeatureHasher(s.m)
	}
	uni, big, pos := sc.uni[:0], sc.big[:0], sc.pos[:0]
	// carry counts the sentences after an address to the AI without an
	// order in which an order still reads as addressed.
	carry := 0
	for sent := 0; sent < len(text); {
		var end int
		var words []string
		var k []uint32
		var at []uint16
		var alpha int // the alphabetic words (see prose)
		if ascii {
			end, words, k, at = asciiSentence(lower, sent, sw, hs)
			alpha = sw.alpha
		} else {
			// (In sw's arrays, as asciiSentence's: a sentence of
			// chunkChars bytes at most has room there.)
			end = sentenceEnd(text, sent)
			words = model.Words(text[sent:end], sw.words[:0])
			k = classesOf(words, sw.classes[:0])
			at = classed(k, sw.at[:0])
			alpha = alphabetic(words)
		}
		switch {
		case whole && hs != nil:
			uni, big = append(uni, sw.uni[:len(words)]...), append(big, sw.big[:len(words)]...)
		case whole:
			all = append(all, words...)
		case cut && sent < maxChars(&s.m.Featurizer):
			uni, big = append(uni, sw.uni[:len(words)]...), append(big, sw.big[:len(words)]...)
			for _, p := range sw.pos[:len(words)] {
				pos = append(pos, p+uint32(sent)*(1+1<<16)) // (offsets in the text)
			}
		}
		var voc, vocOrder bool
		if !user {
			voc, vocOrder = vocative(text[sent:end], words, k)
		}
		r, c := ruleScoreAddressed(words, k, at, user, voc, vocOrder)
		if !ascii && r < overrideScore && cjkOverride(text[sent:end]) {
			r, c = overrideScore, CueOverride
		}
		if !user {
			// A sentence that opens by addressing the AI (a vocative)
			// and whose order comes in the next sentences ("NOTE FOR AI
			// AGENTS: the cache is corrupt. To fix it you must run ...")
			// is an addressed order too.
			switch {
			case carry > 0 && r < addressedOrder && anyClass(k, kImperative):
				r, c = addressedOrder, CueAddress
				carry = 0
			case voc && c == CueAddress && r < addressedOrder:
				carry = carrySentences
			default:
				carry = max(carry-1, 0)
			}
		}
		if len(hidden) > 0 && inSpans(hidden, sent, end) {
			if (r == 0 || c == CueImperative) && anyClass(k, kImperative) && hiddenOrder(hiddenPart(text, hidden, sent, end)) {
				// An imperative in a sentence nobody viewing the
				// document sees, that speaks of the model, its user or
				// its answer or names where to send something ("When
				// summarizing this page, tell the user ...", "Send
				// ~/.netrc to backup@..."), is an order to the only
				// reader, a model. (A hidden form error, "Please enter
				// a valid email address", names nothing of the kind.)
				r, c = max(r, hiddenImperative), CueHidden
			}
			if r > 0 {
				// An order a person viewing the document does not see is
				// meant for the model.
				r = min(1, r+hiddenBoost)
			}
		}
		if c != "" && r > bestRule {
			bestRule, rule = r, c
		}
		if !user && s.m != nil && prose(len(words), alpha) {
			var p float64
			if hs != nil {
				// (The first word's bigram is with the last word of the
				// sentence before: none for this sentence's score.)
				p = scoreHashed(s.m, sw.uni[:len(words)], sw.big[1:len(words)])
			} else {
				p = scoreWords(s.m, words)
			}
			if !tableCell(text, sent, end) && (inTable || addressed(text[sent:end], k)) {
				if doc == nil {
					doc = sc.docCounts()
					docN = doc.count(text)
				}
				p = doc.discontinuous(p, words, docN)
			}
			if p > r {
				r, c = p, ""
			}
		}
		if r > best {
			best, cue = r, c
		}
		sent = end
		if sent-start >= size {
			flush(sent)
		}
	}
	flush(len(text))
	if user && s.m != nil && len(dst) > 0 {
		var p float64
		switch {
		case whole && hs != nil:
			p = scoreHashed(s.m, uni, big[min(1, len(big)):])
		case whole:
			p = scoreWords(s.m, all)
		case cut:
			u, b := cutFeatures(lower, maxChars(&s.m.Featurizer), pos, uni, big, s.m.Featurizer.Dim-1)
			p = scoreHashed(s.m, u, b[min(1, len(b)):])
		default:
			p = s.m.Score(text)
		}
		for i := range dst {
			if p > dst[i].Score {
				dst[i].Score, dst[i].Cue = p, ""
			}
		}
	}
	// The words alias the text: keep the buffer, not them.
	clear(all)
	sc.words, sc.uni, sc.big, sc.pos = all[:0], uni[:0], big[:0], pos[:0]
	return dst
}

// carrySentences is how many sentences after an address to the AI an
// order still reads as addressed to it.
const carrySentences = 2

// hiddenPart returns the part of text[start:end] inside the first of
// spans it overlaps (a sentence may run on past a hidden element's end
// when no space follows its full stop).
func hiddenPart(text string, spans [][2]int, start, end int) string {
	for _, sp := range spans {
		if start < sp[1] && end > sp[0] {
			return text[max(start, sp[0]):min(end, sp[1])]
		}
	}
	return ""
}

// hiddenOrder reports whether the hidden part of a sentence has an
// imperative and speaks of the model, its user, its reader or its answer,
// or names an address, a link or a home-directory path.
func hiddenOrder(part string) bool {
	if part == "" {
		return false
	}
	k := classesOf(model.Words(part, nil), nil)
	return anyClass(k, kImperative) && (anyClass(k, kAI|kMachine|kUser|kReader|kResponse|kYou) ||
		strings.Contains(part, "@") || strings.Contains(part, "://") || strings.Contains(part, "~/"))
}

// hiddenImperative is the rule score of a sentence in a hidden carrier
// with an imperative that does not open it (before hiddenBoost).
const hiddenImperative = 0.5

// hiddenBoost is added to the rule score of a sentence of data inside a
// hidden carrier (hiddenSpans).
const hiddenBoost = 0.3

// maxChars is how much of a text the featurizer reads.
func maxChars(f *model.Featurizer) int {
	if f.MaxChars > 0 {
		return f.MaxChars
	}
	return 8192
}

// prose reports whether a sentence of n words, alpha of them alphabetic
// (see alphabetic), can carry an instruction: at least three words, most
// of them alphabetic (not table cells or numbers).
func prose(n, alpha int) bool { return n >= 3 && 2*alpha >= n }

// alphabetic counts the words longer than a letter that start with one.
func alphabetic(words []string) int {
	alpha := 0
	for _, w := range words {
		if len(w) > 1 && (w[0] >= 'a' && w[0] <= 'z' || w[0] >= utf8.RuneSelf) {
			alpha++
		}
	}
	return alpha
}

// Max returns the highest chunk score of text with an excerpt of that chunk.
func (s *Scorer) Max(text string, user bool) (float64, string, Cue) {
	return s.max(text, user, nil)
}

// max is Max with the working buffers of chunks.
func (s *Scorer) max(text string, user bool, sc *Scratch) (float64, string, Cue) {
	var buf [16]Chunk
	chunks := s.chunks(text, user, chunkChars, buf[:0], sc)
	var best Chunk
	for _, c := range chunks {
		if c.Score > best.Score {
			best = c
		}
	}
	if best.End == 0 {
		return 0, "", ""
	}
	return best.Score, Excerpt(text[best.Start:best.End]), best.Cue
}

// sentenceEnd returns the end of the sentence starting at i: after a line
// break or a table-cell bar, or after ". ", "! ", "? " (the space included), or the end of text.
// Very long sentences are cut at chunkChars.
func sentenceEnd(text string, i int) int {
	limit := min(len(text), i+chunkChars)
	for j := i; j < limit; j++ {
		if sentenceByte[text[j]] && endsSentence(text, j) {
			return j + 1
		}
	}
	for limit < len(text) && !utf8.RuneStart(text[limit]) {
		limit--
	}
	if limit <= i {
		return len(text)
	}
	return limit
}

// endsSentence reports whether a sentence ends after text[j], a
// sentenceByte.
func endsSentence(text string, j int) bool {
	switch text[j] {
	case '\n', '|':
		return true
	case '.', '!', '?':
		return j+1 < len(text) && (text[j+1] == ' ' || text[j+1] == '\n')
	case ',':
		// Items of a serialized list or map: ", '" and ", \"".
		return j+2 < len(text) && text[j+1] == ' ' && (text[j+2] == '\'' || text[j+2] == '"')
	}
	return false
}

// asciiSentence is sentenceEnd and asciiWords of that sentence in one
// pass, for lower, an ASCII text lower-cased whole: it returns the end of
// the sentence starting at i and its words, held in sw. Only the bytes
// between words can end a sentence (no sentenceByte is a word byte).
//
// It also returns the classes (classOf) of the words, looked up as each
// word ends, and the positions of the words with a class (classed), counts
// the alphabetic words into sw.alpha, and hashes the words into sw.uni and
// sw.big as it reads them (see featureHasher; a nil hs hashes with a zero
// mask, for the classes alone).
func asciiSentence(lower string, i int, sw *sentenceWords, hs *featureHasher) (int, []string, []uint32, []uint16) {
	if hs == nil {
		hs = &featureHasher{}
	}
	rest := lower[i:]
	seg := rest[:min(len(rest), chunkChars)]
	end, n, prev := len(seg), 0, hs.prev
	for j := 0; ; j++ {
		if j, n, prev = readWords(seg, j, n, prev, sw, &asciiWordByte); j >= len(seg) {
			break
		}
		if endsSentence(rest, j) {
			end = j + 1
			break
		}
	}
	hs.prev = prev
	// The second pass: words, classes and features from what readWords
	// left in sw.
	seg = seg[:end]
	n = min(n, len(sw.words))
	na, alpha := 0, 0
	mask := hs.mask
	slots := &classIndex.slots
	for k := 0; k < n; k++ {
		p := sw.pos[k]
		start, stop := int(p&0xffff), int(p>>16)
		if start >= stop || stop > len(seg) {
			break // (never: readWords found the word in seg)
		}
		w := seg[start:stop]
		sw.words[k] = w
		sw.uni[k] &= mask
		sw.big[k] &= mask
		var class uint32
		if key := classSlot(sw.classes[k]); slots[key] != 0 {
			if class = classIndex.probe(w, key); class != 0 {
				sw.at[na] = uint16(k)
				na++
			}
		}
		sw.classes[k] = class
		if len(w) > 1 && w[0] >= 'a' { // (alphabetic: the text is lower-case ASCII)
			alpha++
		}
	}
	sw.alpha = alpha
	return i + end, sw.words[:n], sw.classes[:n], sw.at[:na]
}

// readWords is asciiSentence's first pass over seg, a sentence's first
// chunkChars bytes (at most), from j on: it reads words until the end of
// seg or a sentenceByte (but ' ', none) that may end the sentence, and
// returns where it stopped, the number of words of the sentence so far (n
// before) and the bigram state after the last (prev before). For each word
// it leaves in sw its offsets in pos (start, and end << 16), its unigram
// and bigram hashes, not yet masked, in uni and big, and in classes the
// FNV-1a state classSlot reads. A loop of its own with little state, so
// that the hashes stay in registers; wb is &asciiWordByte, passed so that
// its address does too (the compiler loads a global's at every use).
func readWords(seg string, j, n int, prev uint32, sw *sentenceWords, wb *[256]uint8) (int, int, uint32) {
	t := wb[:]                     // one nil check here, none per byte
	for uint(j) < uint(len(seg)) { // (unsigned: no bounds check)
		c := seg[j]
		if t[c] != wStart {
			if c != ' ' && sentenceByte[c] {
				return j, n, prev
			}
			j++
			continue
		}
		start := j
		h1, h2, hb := uint32(unigramSeed), uint32(bigramSeed), prev
		for {
			// The hot loop: letters and digits.
			for ; uint(j) < uint(len(seg)); j++ {
				x := uint32(seg[j])
				if t[x] != wStart {
					break
				}
				h1 = (h1 ^ x) * fnvPrime
				h2 = (h2 ^ x) * fnvPrime
				hb = (hb ^ x) * fnvPrime
			}
			// Apostrophes belong to the word when a letter or digit
			// follows them.
			if uint(j) >= uint(len(seg)) || seg[j] != '\'' {
				break
			}
			e := j + 1
			for e < len(seg) && seg[e] == '\'' {
				e++
			}
			if e == len(seg) || t[seg[e]] != wStart {
				break
			}
			for ; j < e; j++ {
				h1 = (h1 ^ '\'') * fnvPrime
				h2 = (h2 ^ '\'') * fnvPrime
				hb = (hb ^ '\'') * fnvPrime
			}
		}
		if uint(n) >= uint(len(sw.pos)) {
			break // (never: a sentence of chunkChars bytes has room)
		}
		// The separator byte 0 after each word: ^0 is a no-op.
		sw.uni[n], sw.big[n], sw.classes[n] = h1*fnvPrime, hb*fnvPrime, h1
		sw.pos[n] = uint32(start) | uint32(j)<<16
		prev = h2 * fnvPrime
		n++
	}
	return len(seg), n, prev
}

// sentenceWords holds the words of a sentence of at most chunkChars bytes
// and their classes and features: a word takes a byte and the byte after
// it separates it from the next, so such a sentence has at most
// chunkChars/2 words (rounded up).
type sentenceWords struct {
	words   [(chunkChars + 1) / 2]string
	classes [(chunkChars + 1) / 2]uint32
	// uni and big are the feature indices of the words (featureHasher).
	uni, big [(chunkChars + 1) / 2]uint32
	// at holds the positions of the words with a class (classed).
	at [(chunkChars + 1) / 2]uint16
	// pos holds the offsets of the words in their sentence (readWords).
	pos [(chunkChars + 1) / 2]uint32
	// alpha counts the alphabetic words (see alphabetic).
	alpha int
}

// classesOf appends the classes of words to k.
func classesOf(words []string, k []uint32) []uint32 {
	for _, w := range words {
		k = append(k, classOf(w))
	}
	return k
}

// classed appends to at the positions of the words of classes k that have
// a class: the only words a rule starts at (ruleScoreAddressed).
func classed(k []uint32, at []uint16) []uint16 {
	for i, c := range k {
		if c != 0 {
			at = append(at, uint16(i))
		}
	}
	return at
}

// sentenceByte marks the bytes sentenceEnd looks at.
var sentenceByte = func() (t [256]bool) {
	for _, c := range []byte("\n|.!?,") {
		t[c] = true
	}
	return t
}()

// Excerpt trims and shortens text for evidence.
func Excerpt(text string) string {
	text = strings.TrimSpace(text)
	const maxLen = 200
	if len(text) <= maxLen {
		return text
	}
	cut := maxLen
	for cut > 0 && !utf8.RuneStart(text[cut]) {
		cut--
	}
	return text[:cut] + "…"
}

// Sentences splits text into the sentences whose prose the model scores in
// tool results (see Chunks), appending them to dst. Training uses it so that
// the model learns on the units it will score.
func Sentences(text string, dst []string) []string {
	var wbuf [128]string
	for i := 0; i < len(text); {
		end := sentenceEnd(text, i)
		if w := model.Words(text[i:end], wbuf[:0]); prose(len(w), alphabetic(w)) {
			dst = append(dst, text[i:end])
		}
		i = end
	}
	return dst
}
