package provenance

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// readRequestRef is the byte-at-a-time readRequest that scanRequest's
// split replaced: the reference it must agree with.
func readRequestRef(text string) request {
	if len(text) > requestChars {
		text = text[:requestChars]
	}
	var buf [maxRequestWord]byte
	var out request
	// Anywhere in the request: a source and a cue.
	src, cue := false, false
	// Within the current sentence: a carry-out verb, an instruction noun
	// and a source (a noun, or a file, URL or address), and a verb that
	// settles what a source asks.
	var verb, noun, named, settle bool
	// A read-only task: its first word asks for information (or it asks a
	// question), and no word names an action (a word after a determiner
	// is a noun: "my latest email").
	words, info, action, afterDet := 0, false, false, false
	endSentence := func() {
		if verb && noun && named {
			out |= delegatesInstructions
		}
		if settle && named {
			// "Pay the bill in bill-march.txt": the payee is the bill's.
			out |= delegatesTargets
		}
		verb, noun, named, settle = false, false, false, false
	}
	for i := 0; i < len(text); {
		for i < len(text) && requestLower[text[i]] == 0 {
			if !requestMark[text[i]] {
				i++
				continue
			}
			switch c := text[i]; {
			case c == '\n' || (c == '.' || c == '!' || c == '?' || c == ':' || c == ';') && (i+1 == len(text) || text[i+1] == ' ' || text[i+1] == '\n'),
				c == '.' && i > 0 && i+1 < len(text) && text[i-1] >= 'a' && text[i-1] <= 'z' && text[i+1] >= 'A' && text[i+1] <= 'Z':
				// A sentence ends at a stop and a space, or at a stop
				// between a lower-case and a capital letter ("done.Next").
				endSentence()
			case (c == '.' || c == '@' || c == '/') && i > 0 && i+1 < len(text) && isWordByte(text[i-1]) && isWordByte(text[i+1]):
				named = true
			}
			i++
		}
		// A word is looked up as it stands (see wordTable.get): only
		// the first and the two-letter ones are lower-cased.
		start := i
		for i < len(text) && requestLower[text[i]] != 0 {
			i++
		}
		w := text[start:i]
		if len(w) < 2 || len(w) > maxRequestWord {
			afterDet = false
			continue
		}
		if words == 0 && filler[lowerWord(w, buf[:0])] {
			// "Please summarize ...", "Hi, what ..."
			continue
		}
		words++
		var f uint8
		switch {
		case len(w) == 2:
			switch lowerWord(w, buf[:0]) {
			case "do":
				f = carryVerb // "do the tasks ..."; "do I ...?" asks
			case "my", "an":
				f = determiner
			case "is":
				f = infoVerb
			}
		default:
			f = requestIndex.get(w)
		}
		if words == 1 && f&infoVerb != 0 {
			info = true
		}
		if f&actionVerb != 0 && !afterDet {
			action = true
		}
		afterDet = f&determiner != 0
		if f == 0 {
			continue
		}
		named = named || f&sourceNoun != 0
		src, cue = src || named, cue || f&delegationCue != 0
		verb, noun = verb || f&carryVerb != 0, noun || f&instructionNoun != 0
		settle = settle || f&settleVerb != 0
		if src && cue {
			out |= delegatesTargets
		}
	}
	endSentence()
	if (info || strings.Contains(text, "?")) && !action {
		out |= readsOnly
	}
	return out
}

func TestReadRequestMatchesRef(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	pieces := []string{"Please", "summarize", "the", "thread", "and", "follow", "instructions", "in", "notes.txt", "do",
		"my", "TODO", "list", "at", "https://x.io/a", "pay", "bill-march.txt", "everyone", "send", "what", "is", "an",
		"a@b.io", "Hi", "é", "x", strings.Repeat("long", 8), "tasks", "done.Next", "Email"}
	seps := []string{" ", "  ", ", ", ". ", ".", "\n", "?", ": ", ";", "/", "@", "-", "!", "", "'", " . ", " ? ", " :\n", "\t/", "é."}
	for range 5000 {
		var b strings.Builder
		for range r.IntN(40) {
			b.WriteString(pieces[r.IntN(len(pieces))])
			b.WriteString(seps[r.IntN(len(seps))])
		}
		s := b.String()
		if got, want := readRequest(s), readRequestRef(s); got != want {
			t.Fatalf("readRequest(%q) = %b, reference %b", s, got, want)
		}
	}
}
