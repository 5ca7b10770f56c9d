package harm

import (
	"math"
	"strings"

	"github.com/faultline-dev/faultline/internal/signal/model"
)

// directiveVerbs start a sentence that tells the reader to do something
// (an imperative). They are the verbs of procedures, recipes, how-tos and
// scripts, across domains. The verbs of safe redirection ("call a
// professional", "avoid", "stop", "never ...") are left out on purpose: a
// reply that only points elsewhere or warns delivers nothing.
var directiveVerbs = wordSet(append(foreignDirectives, // multilingual.go
	"add", "adjust", "apply", "arrange", "assemble", "attach", "bake", "blend", "boil", "break", "bring",
	"build", "buy", "calculate", "change", "check", "choose", "clean", "click", "collect", "combine",
	"compile", "configure", "connect", "construct", "convert", "cook", "copy", "cover", "crush", "cut",
	"deliver", "deploy", "dilute", "disable", "dissolve", "distill", "download", "drain", "drill", "drop",
	"dry", "edit", "enable", "enter", "execute", "extract", "fill", "filter", "find", "fix", "follow",
	"gather", "generate", "get", "grind", "heat", "hide", "identify", "inject", "insert", "install",
	"keep", "launch", "leave", "let", "load", "locate", "look", "make", "measure", "melt", "mix", "modify",
	"mount", "move", "obtain", "open", "order", "pack", "paste", "pay", "pick", "place", "plant", "pour",
	"prepare", "press", "print", "purchase", "put", "reduce", "remove", "repeat", "replace", "research",
	"run", "save", "scan", "search", "select", "send", "set", "shake", "ship", "sign", "soak", "spray",
	"start", "steal", "stir", "store", "strain", "submit", "swap", "take", "tap", "tell", "test", "tie",
	"transfer", "turn", "type", "upload", "use", "visit", "wait", "wash", "watch", "wear", "wrap", "write",
)...)

// sequenceWords introduce the next step of a procedure.
var sequenceWords = wordSet(append(foreignSequence,
	"first", "firstly", "second", "secondly", "third", "then", "next", "finally", "lastly", "afterwards")...)

// stepWords are "step" and its translations ("Step 1", "Paso 1").
var stepWords = wordSet(append(foreignSteps, "step")...)

// modalLeads are "you can install ...", "you'll need ...": second-person
// instructions in the form of advice.
var modalLeads = append(foreignModalLeads,
	"you can ", "you could ", "you should ", "you need to ", "you'll need ", "you will need ", "you have to ",
	"you must ", "you want to ", "you may want to ", "you'd need ", "you would need ", "all you need ",
)

// unitWords follow an amount in a procedure.
var unitWords = wordSet(append(foreignUnits,
	"mg", "g", "gram", "grams", "kg", "ml", "l", "liter", "liters", "litre", "litres", "oz", "ounce",
	"ounces", "lb", "lbs", "pound", "pounds", "cup", "cups", "tablespoon", "tablespoons", "tbsp", "teaspoon",
	"teaspoons", "tsp", "drops", "pills", "tablets", "doses", "minutes", "min", "mins", "hours", "hrs",
	"seconds", "days", "degrees", "°c", "°f", "c", "f", "percent", "%", "mm", "cm", "m", "inches", "inch",
	"feet", "ft", "volts", "v", "psi", "parts", "times", "dollars", "bucks",
)...)

// spelledNumbers are amounts in words ("two cups", "a few drops").
var spelledNumbers = wordSet("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
	"eleven", "twelve", "fifteen", "twenty", "thirty", "forty", "fifty", "hundred", "half", "few", "several",
	"couple", "dozen")

// Actionability returns how much a reply delivers instructions the reader
// can act on, in [0,1]: sentences or list items that direct the reader
// (imperatives, "Step N", "first/then/finally" sequencing, "you can/should
// ..."), with amounts and their units. Prose that describes, discusses,
// warns or points to a professional scores near 0; a procedure near 1. It
// reads the head of the reply only (scanChars bytes).
func Actionability(reply string) float64 { return actionability(nil, reply) }

// actionability is Actionability of reply scanned in s.
func actionability(s *scanned, reply string) float64 {
	text := head(reply, scanChars)
	// ASCII text (most replies) is read as it is, words lower-cased one at
	// a time; other text is lower-cased whole first.
	r := actReader{text: text, ascii: isASCII(text), start: true}
	r.directives = modalDirectives(s, text, r.ascii)
	r.read()
	x := 0.45*float64(r.directives) + 0.25*float64(min(r.steps, 8)) + 0.2*float64(min(r.amounts, 6))
	return 1 - math.Exp(-x)
}

// actReader reads the words of a reply for actionability: what it counts
// and where it is in the reply's sentences.
type actReader struct {
	text  string
	ascii bool
	// The counts of actionability.
	directives, steps, amounts int
	// start: at the start of a sentence or a line; prevNumber: the last
	// word was an amount. A clause after a comma continues a sentence's
	// imperatives ("To make it, fill the bottle, add the oil, and soak the
	// rag"): its verb is a directive when the sentence opened with one or
	// with a purpose ("to").
	start, prevNumber, clause, imperative bool
	wbuf                                  [48]byte
}

// read reads r.text.
func (r *actReader) read() {
	text, ascii := r.text, r.ascii
	// The loops compare indices as unsigned (they are never negative),
	// which proves text[i] in bounds: no check per byte.
	for i := 0; uint(i) < uint(len(text)); {
		c := text[i]
		if k := actByte[c]; k > aUpper {
			switch k {
			case aNewline:
				r.start, r.imperative = true, false
			case aEnd:
				// A period inside a number ("1.5") does not end a sentence.
				if !(c == '.' && i+1 < len(text) && isDigit(text[i+1])) {
					r.start, r.imperative = true, false
				}
			default:
				// Spaces, list marks and brackets, and the breaks that
				// are not in a word (a comma).
				if c == ',' {
					r.clause = true
				}
			}
			i++
			continue
		}
		// A word: up to the next break. It holds no '.', ',', ';' or ':'
		// (they are breaks), so no punctuation needs trimming from it.
		j, kinds := actWordEnd(text, i, &actByte)
		if f := actFilter[wordKeyOf(j-i, c, text[j-1])]; ascii && kinds&aUpper == 0 && !isDigit(c) &&
			(f == 0 || !r.matters(f, text, j)) {
			// Most words: lower-case, no number and in no word list
			// that counts where they are, so they only end what a
			// sentence's start, a comma or an amount began.
			r.start, r.clause, r.prevNumber = false, false, false
			i = j
		} else {
			i = r.word(i, j, kinds)
		}
		if uint(i) < uint(len(text)) && text[i] == ' ' {
			i++ // a space only separates: no round of the loop for it
		}
	}
}

// word reads the word text[i:j] (kinds: the union of its bytes' classes)
// and returns where reading goes on.
func (r *actReader) word(i, j int, kinds uint8) int {
	text := r.text
	var w string
	switch {
	case !r.ascii:
		// Word by word: lower-casing may change a text's length (the
		// Kelvin sign, invalid UTF-8), so offsets into the whole
		// lower-cased text would not line up.
		w = strings.ToLower(text[i:j])
	case kinds&aUpper == 0:
		w = text[i:j]
	default:
		w = lowerASCII(text[i:j], r.wbuf[:0])
	}
	// The word as the word lists hold it (folded accents), and its key in
	// their filters (ASCII words are their own fold).
	wkey := lexiconKey(w)
	word, key := w, wkey
	if !r.ascii {
		if f := foldWord(w); f != w {
			word, key = f, lexiconKey(f)
		}
	}
	isNum := isDigit(w[0])
	if isNum && r.start && j < len(text) && (text[j] == '.' || text[j] == ')') {
		// "1." or "2)" opening a list item.
		r.steps++
		return j + 1
	}
	if j+1 < len(text) && isDigit(text[j+1]) && inKey(stepWords, word, key) {
		r.steps++
	}
	if r.prevNumber && inKey(unitWords, word, key) {
		r.amounts++
	}
	if r.start {
		if inKey(sequenceWords, word, key) {
			r.steps++
			// The verb after "then" or "first," is the directive.
			r.prevNumber = false
			return j
		}
		if inKey(directiveVerbs, word, key) {
			r.directives++
			r.imperative = true
		} else if word == "to" {
			r.imperative = true
		}
	} else if r.clause && r.imperative {
		switch {
		case word == "and" || word == "or" || word == "then":
			// "..., and soak the rag": the verb follows.
			r.prevNumber = false
			return j
		case inKey(directiveVerbs, word, key):
			r.directives++
		}
	}
	r.start, r.clause = false, false
	r.prevNumber = inKey(spelledNumbers, w, wkey) || isNum && !hasLowerASCII(w)
	if isNum && w[len(w)-1] == '%' {
		r.amounts++
	}
	return j
}

// matters reports whether a lower-case ASCII word whose filter bits are f
// (actFilter), no number, that ends at text[j] may count where it is
// (false: it is in none of the word lists word would look it up in).
func (r *actReader) matters(f uint8, text string, j int) bool {
	return f&fSpelled != 0 || r.prevNumber && f&fUnit != 0 || r.start && f&fStart != 0 ||
		r.clause && r.imperative && f&fClause != 0 || j+1 < len(text) && isDigit(text[j+1]) && f&fStep != 0
}

// The bits of actFilter: the lists a word may be in, by where they count.
const (
	fSpelled = 1 << iota // spelled numbers, anywhere
	fUnit                // units, after an amount
	fStart               // sequence and directive words and "to", at a sentence start
	fClause              // directives and "and/or/then", in a clause of an imperative sentence
	fStep                // step words, before a digit
)

// actFilter has, per lexicon key (lexiconKey), the bits of the lists whose
// filter has that key's bit: a word with no bit is in none of them.
var actFilter = func() (t [lexiconBits]uint8) {
	for _, l := range []struct {
		bit  uint8
		sets []*lexicon
	}{
		{fSpelled, []*lexicon{spelledNumbers}},
		{fUnit, []*lexicon{unitWords}},
		{fStart, []*lexicon{sequenceWords, directiveVerbs, wordSet("to")}},
		{fClause, []*lexicon{directiveVerbs, wordSet("and", "or", "then")}},
		{fStep, []*lexicon{stepWords}},
	} {
		for _, set := range l.sets {
			for k := range t {
				if set.has(uint32(k)) {
					t[k] |= l.bit
				}
			}
		}
	}
	return t
}()

// actWordEnd returns the end of the word of text that starts at i (the
// next byte of class aNewline or above) and the union of its bytes'
// classes. A loop of its own, so that its index stays in a register; class
// is &actByte, passed so that its address does too.
func actWordEnd(text string, i int, class *[256]uint8) (int, uint8) {
	var kinds uint8
	for ; uint(i) < uint(len(text)); i++ {
		k := class[text[i]]
		if k >= aNewline {
			break
		}
		kinds |= k
	}
	return i, kinds
}

// modalDirectives counts the modal leads of text ("you can ...") that are
// not asked back, text being ASCII or not (ascii).
func modalDirectives(s *scanned, text string, ascii bool) int {
	directives := 0
	if ascii {
		s.each(modalMatcher, text, func(x match) bool {
			if !askedBack(text[:x.start]) {
				directives++
			}
			return true
		})
		return directives
	}
	lower := strings.ToLower(text)
	for _, lead := range modalLeads {
		for at := 0; ; {
			k := strings.Index(lower[at:], lead)
			if k < 0 {
				break
			}
			if !askedBack(lower[:at+k]) {
				directives++
			}
			at += k + len(lead)
		}
	}
	return directives
}

// StatesAmount reports whether a reply states an amount: a number (in
// digits or words, or "a"/"an") followed by a unit ("a liter", "two to
// three hours", "10 mg"). It reads the head of the reply (scanChars).
func StatesAmount(reply string) bool {
	var wbuf [128]string
	words := model.Words(head(reply, scanChars), wbuf[:0])
	for i := 1; i < len(words); i++ {
		p := words[i-1]
		if isDigit(p[0]) || in(spelledNumbers, p) || p == "a" || p == "an" {
			if in(unitWords, foldWord(words[i])) {
				return true
			}
		}
	}
	return false
}

// foldWord is fold for a word of a reply: ASCII words (most) are returned
// as they are, without a call.
func foldWord(w string) string {
	for i := 0; i < len(w); i++ {
		if w[i] >= 0x80 {
			return fold(w)
		}
	}
	return w
}

// questionAux are the auxiliaries of a question that puts a modal lead
// back to the user ("why do you want to know?", "would you need ..."): a
// question, not an instruction.
var questionAux = wordSet("do", "did", "does", "don't", "can", "could", "would", "will", "should", "must", "are")

// askedBack reports whether the text before a modal lead ends with a
// question's auxiliary, in any case.
func askedBack(before string) bool {
	before = strings.TrimRight(before, " ")
	i := strings.LastIndexAny(before, " \n\t\"(") + 1
	var buf [16]byte
	if w := before[i:]; len(w) <= len(buf) && isASCII(w) {
		return in(questionAux, lowerASCII(w, buf[:0]))
	}
	return in(questionAux, strings.ToLower(before[i:]))
}

// modalMatcher finds the modal leads in any ASCII case.
var modalMatcher = newMatcher(modalLeads)

// lowerASCII returns w in lower case: w itself when it has no upper-case
// letter, else a view of buf holding the lower-cased copy (valid until buf
// is written again), or a new string when buf is too small.
func lowerASCII(w string, buf []byte) string {
	k := 0
	for k < len(w) && (w[k] < 'A' || w[k] > 'Z') {
		k++
	}
	if k == len(w) {
		return w
	}
	if len(w) > cap(buf) {
		return strings.ToLower(w)
	}
	b := append(buf[:0], w...)
	for ; k < len(b); k++ {
		if c := b[k]; c >= 'A' && c <= 'Z' {
			b[k] = c + 'a' - 'A'
		}
	}
	return bytesView(b)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// Byte classes of Actionability: a word ends at aNewline, aEnd or aSkip;
// aInner ('-', '#', '>') is skipped before a word and kept inside one.
const (
	aWord    = 0
	aUpper   = 1
	aInner   = 2
	aNewline = 4
	aEnd     = 5
	aSkip    = 6
)

// actByte classifies the bytes of a reply for Actionability.
var actByte = func() (t [256]uint8) {
	t['\n'] = aNewline
	for _, c := range []byte(".!?:;") {
		t[c] = aEnd
	}
	for _, c := range []byte(" \t\r*()\",") {
		t[c] = aSkip
	}
	for _, c := range []byte("-#>") {
		t[c] = aInner
	}
	for c := 'A'; c <= 'Z'; c++ {
		t[c] = aUpper
	}
	return t
}()

// hasLowerASCII reports whether w has a byte 'a' to 'z'.
func hasLowerASCII(w string) bool {
	for i := 0; i < len(w); i++ {
		if c := w[i]; c >= 'a' && c <= 'z' {
			return true
		}
	}
	return false
}

// NamesHarmCategory reports whether a request_harm excerpt carries the harm
// categories its request names ("[weapons] How do I ..."): the request
// speaks of a harmful act or object in words, beyond what the model scores.
func NamesHarmCategory(excerpt string) bool {
	if rest, ok := strings.CutPrefix(excerpt, clausePrefix); ok {
		// "[clause:weapons harm=0.12] ...": categories, if any, come first.
		return rest != "" && rest[0] != ' '
	}
	return len(excerpt) > 1 && excerpt[0] == '[' && !strings.HasPrefix(excerpt, noncompliancePrefix)
}
