package harm

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// oldActionability is actionability as it was before its ASCII path: the
// reference of TestActionabilitySame.
func oldActionability(s *scanned, reply string) float64 {
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

// trimPunct is strings.TrimRight(w, ".,;:").
func trimPunct(w string) string { return strings.TrimRight(w, ".,;:") }

// TestActionabilitySame checks actionability against oldActionability on
// texts of procedure words, numbers, units, punctuation and case.
func TestActionabilitySame(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	vocab := []string{"Step", "step", "1", "2.", "3)", "10", "1.5", "mg", "ml", "cups", "two", "few", "Then", "then",
		"first", "Finally", "add", "Add", "MIX", "heat", "to", "To", "and", "or", "you", "can", "you can", "do you want to",
		"the", "water", "50%", "%", "-", "#", ">", "\u212aelvin", "café", "Paso", "añade", "mezcla", "\xff", "°c",
		"étape", "primero", "luego", "It", "is", "a", "(", ")", "*", "\"", "—"}
	seps := []string{" ", " ", " ", ", ", ". ", "; ", ": ", "\n", "\n\n", "! ", "? ", "", "\t", "-", "'"}
	for range 3000 {
		var b strings.Builder
		for range r.IntN(120) {
			b.WriteString(vocab[r.IntN(len(vocab))])
			b.WriteString(seps[r.IntN(len(seps))])
		}
		text := b.String()
		if got, want := actionability(nil, text), oldActionability(nil, text); got != want {
			t.Fatalf("actionability(%q) = %v, want %v", text, got, want)
		}
	}
}
