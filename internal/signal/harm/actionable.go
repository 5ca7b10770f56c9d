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
	var directives, steps, amounts int
	// ASCII text (most replies) is read as it is, words lower-cased one at
	// a time; other text is lower-cased whole first.
	ascii := isASCII(text)
	var lower string
	if ascii {
		s.each(modalMatcher, text, func(x match) bool {
			if !askedBack(text[:x.start]) {
				directives++
			}
			return true
		})
	} else {
		lower = strings.ToLower(text)
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
	}
	var wbuf [48]byte
	start := true // at the start of a sentence or a line
	prevNumber := false
	// A clause after a comma continues a sentence's imperatives ("To make
	// it, fill the bottle, add the oil, and soak the rag"): its verb is a
	// directive when the sentence opened with one or with a purpose ("to").
	clause, imperative := false, false
	// The loops compare indices as unsigned (they are never negative),
	// which proves text[i] in bounds: no check per byte.
	for i := 0; uint(i) < uint(len(text)); {
		c := text[i]
		switch actByte[c] {
		case aNewline:
			start, imperative = true, false
			i++
			continue
		case aEnd:
			// A period inside a number ("1.5") does not end a sentence.
			if !(c == '.' && i+1 < len(text) && isDigit(text[i+1])) {
				start, imperative = true, false
			}
			i++
			continue
		case aSkip, aInner:
			// Spaces, list marks and brackets, and the breaks that are
			// not in a word (a comma).
			if c == ',' || c == ';' {
				clause = true
			}
			i++
			continue
		}
		// A word: up to the next break.
		j := i
		var kinds uint8
		for ; uint(j) < uint(len(text)); j++ {
			k := actByte[text[j]]
			if k >= aNewline {
				break
			}
			kinds |= k
		}
		var w string
		switch {
		case !ascii:
			// Word by word: lower-casing may change a text's length
			// (the Kelvin sign, invalid UTF-8), so offsets into the
			// whole lower-cased text would not line up.
			w = strings.ToLower(text[i:j])
		case kinds&aUpper == 0:
			w = text[i:j]
		default:
			w = lowerASCII(text[i:j], wbuf[:0])
		}
		isNum := isDigit(w[0])
		if isNum && start && j < len(text) && (text[j] == '.' || text[j] == ')') {
			// "1." or "2)" opening a list item.
			steps++
			i = j + 1
			continue
		}
		if j+1 < len(text) && isDigit(text[j+1]) && in(stepWords, foldWord(w)) {
			steps++
		}
		trimmed := trimPunct(w)
		if prevNumber {
			if in(unitWords, foldWord(trimmed)) {
				amounts++
			}
		}
		if start {
			word := foldWord(trimmed)
			if in(sequenceWords, word) {
				steps++
				// The verb after "then" or "first," is the directive.
				i = j
				prevNumber = false
				continue
			}
			if in(directiveVerbs, word) {
				directives++
				imperative = true
			} else if word == "to" {
				imperative = true
			}
		} else if clause && imperative {
			switch word := foldWord(trimmed); {
			case word == "and" || word == "or" || word == "then":
				// "..., and soak the rag": the verb follows.
				i = j
				prevNumber = false
				continue
			case in(directiveVerbs, word):
				directives++
			}
		}
		start, clause = false, false
		prevNumber = in(spelledNumbers, trimmed) || isNum && !hasLowerASCII(w)
		if isNum && strings.HasSuffix(w, "%") {
			amounts++
		}
		i = j
		if uint(i) < uint(len(text)) && text[i] == ' ' {
			i++ // a space only separates: no round of the loop for it
		}
	}
	x := 0.45*float64(directives) + 0.25*float64(min(steps, 8)) + 0.2*float64(min(amounts, 6))
	return 1 - math.Exp(-x)
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

// trimPunct is strings.TrimRight(w, ".,;:").
func trimPunct(w string) string {
	for len(w) > 0 {
		switch w[len(w)-1] {
		case '.', ',', ';', ':':
			w = w[:len(w)-1]
			continue
		}
		break
	}
	return w
}

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
