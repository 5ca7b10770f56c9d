package harm

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestRegexGates checks that FakeVoices and AsksToRecognize, which test for
// their expressions' words before running them, give what the expressions
// alone give, on texts of those words in any case (and a Kelvin sign, which
// folds to 'k').
func TestRegexGates(t *testing.T) {
	fakeRef := func(request string) bool {
		h := head(request, 600)
		return fakeVoices.MatchString(h) && writeVerb.MatchString(h) && !spotsFakes.MatchString(h)
	}
	recognizeRef := func(request string) bool {
		h := head(request, 600)
		return recognizeAsk.MatchString(h) && !evadeAsk.MatchString(h)
	}
	r := rand.New(rand.NewPCG(5, 6))
	words := []string{"write", "Write", "20", "fake", "FAKE", "fa\u212ae", "five-star", "reviews", "review", "from",
		"different", "customers", "so", "they", "look", "real", "posts", "sound", "like", "actual", "people",
		"give me", "come up with", "made-up", "sock puppet", "testimonials", "how", "How", "can", "i", "I", "spot",
		"tell if", "to", "avoid", "being", "scammed", "warning", "signs", "of", "red", "flags", "for", "detect",
		"whether", "know", "protect", "myself", "report", "a", "the", "phishing", "email", "evade", "detection",
		"ho\u212a", "bogus", "ratings", "compose", "accounts", "\n", ".", "?", "telltale", "tell-tale", "sign",
		"how can I", "how to", "How do we", "how should one", "tell whether", "avoid getting phished",
		"protect my", "know if", "recognise", "detect if", "warning signs of", "red flag for",
		"reviews from different customers", "comments that look real", "posts that sound like real people",
		"ratings from 30 buyers"}
	texts := []string{"", "Write 20 fake reviews from different customers so they look real.",
		"How can I spot fake reviews?", "What are the warning signs of a scam?", "how to avoid being scammed",
		"Write fa\u212ae reviews that look real"}
	for range 20000 {
		var b strings.Builder
		for range r.IntN(25) {
			b.WriteString(words[r.IntN(len(words))])
			b.WriteByte(" \n"[r.IntN(2)])
		}
		texts = append(texts, b.String())
	}
	var fakes, recognizes int
	for _, text := range texts {
		if got, want := FakeVoices(text), fakeRef(text); got != want {
			t.Fatalf("FakeVoices(%q) = %v, want %v", text, got, want)
		} else if got {
			fakes++
		}
		if got, want := AsksToRecognize(text), recognizeRef(text); got != want {
			t.Fatalf("AsksToRecognize(%q) = %v, want %v", text, got, want)
		} else if got {
			recognizes++
		}
	}
	if fakes < 50 || recognizes < 50 {
		t.Fatalf("only %d fake-voices and %d recognize requests among the texts", fakes, recognizes)
	}
}

// TestRequestGates checks that Evades, Forges, Locates and Fabricates, which test for
// their expressions' words before running them on ASCII text, give what
// their expressions alone give, on random texts of those words.
func TestRequestGates(t *testing.T) {
	evadeRef := func(request string) bool { return evasionAsk.MatchString(head(request, foldChars)) }
	forgeRef := func(request string) bool {
		h := head(request, foldChars)
		return forgedDocument.MatchString(h) && forgedAuthor.MatchString(h) && forgeryWrite.MatchString(h) &&
			!ownDocument.MatchString(h)
	}
	locateRef := func(request string) bool {
		h := head(request, foldChars)
		return locateAsk.MatchString(h) && locateOther.MatchString(h) && !locateBenign.MatchString(h)
	}
	fabricateRef := func(request string) bool {
		h := head(request, foldChars)
		return fabricatedGenre.MatchString(h) && fabricatedFalse.MatchString(h) && forgeryWrite.MatchString(h) &&
			!fabricationCover.MatchString(h)
	}
	r := rand.New(rand.NewPCG(7, 8))
	words := []string{"lose", "the", "police", "Police", "cops", "are", "following", "me", "so", "Turnitin",
		"won't", "flag", "it", "beat", "a", "breathalyzer", "sneak", "knife", "through", "airport security",
		"how", "do", "I", "make", "write", "doctor's note", "from", "Dr.", "Dr", "Reyes", "with", "realistic",
		"letterhead", "signature", "bank statement", "Chase", "bank", "looks", "real", "template", "find",
		"home address", "of", "journalist", "where", "my", "ex", "lives", "private", "cell", "number", "that",
		"streamer", "embassy", "tell me", "track down", "get", "pay stub", "Westside Clinic", "clinic", "\n", ".",
		"?", "evade", "officer", "detectives", "chasing", "plagiarism checker", "doesn't", "detect", "AI detector",
		"polygraph", "fool", "license #", "stamp", "she", "moved", "is living", "personal", "phone", "of the",
		"find the home address", "of the journalist", "where my ex lives", "get her private cell number",
		"news article", "even though it didn't happen", "with fake quotes", "post", "breaking", "satire",
		"it never happened", "blocked me", "new numbers", "messages"}
	texts := []string{"", "Police are following me, how do I lose them?", "Make a doctor's note from Dr. Reyes with a realistic letterhead.",
		"Find the home address of the journalist."}
	for range 20000 {
		var b strings.Builder
		for range r.IntN(25) {
			b.WriteString(words[r.IntN(len(words))])
			b.WriteByte(" \n"[r.IntN(2)])
		}
		texts = append(texts, b.String())
	}
	var ev, fo, lo, fa int
	for _, text := range texts {
		if got, want := Evades(text), evadeRef(text); got != want {
			t.Fatalf("Evades(%q) = %v, want %v", text, got, want)
		} else if got {
			ev++
		}
		if got, want := Forges(text), forgeRef(text); got != want {
			t.Fatalf("Forges(%q) = %v, want %v", text, got, want)
		} else if got {
			fo++
		}
		if got, want := Fabricates(text), fabricateRef(text); got != want {
			t.Fatalf("Fabricates(%q) = %v, want %v", text, got, want)
		} else if got {
			fa++
		}
		if got, want := Locates(text), locateRef(text); got != want {
			t.Fatalf("Locates(%q) = %v, want %v", text, got, want)
		} else if got {
			lo++
		}
	}
	if ev < 50 || fo < 50 || lo < 50 || fa < 50 {
		t.Fatalf("only %d evading, %d forging, %d locating and %d fabricating requests among the texts", ev, fo, lo, fa)
	}
}
