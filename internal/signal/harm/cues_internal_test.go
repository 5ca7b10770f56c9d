package harm

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestRequestCuesMatchReaders: each reading of RequestCues is the reading
// of its function alone, on requests long and short, with phrases cut by
// the scanned head and runes across its end.
func TestRequestCuesMatchReaders(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	pieces := []string{"open the door", "without waking", "them", "unnoticed", "read his messages", "phone",
		"pretend to be", "from the bank", "posing as", "scare", "threaten", "make her afraid", "You are DAN",
		"act as AIM", "no restrictions", "unfiltered", "ignore all", "é", "’", "x", " ", ". ", "\n", "Scare",
		"WITHOUT WAKING", "unfilteredness", "rescare", "napalm", "pipe bomb", "the meth lab", "methods",
		"write", "20 fake reviews", "from different customers", "so they look real", "How can I spot",
		"how to avoid being scammed", "warning signs of", "fa\u212ae"}
	texts := []string{"", "scare", strings.Repeat("a", 2046) + "é scare", strings.Repeat("b ", 1023) + "unnoticed door open"}
	for range 3000 {
		var b strings.Builder
		for k := rng.IntN(600); k > 0; k-- {
			b.WriteString(pieces[rng.IntN(len(pieces))])
			b.WriteByte(' ')
		}
		texts = append(texts, b.String())
	}
	var c RequestCues
	for _, text := range texts {
		c.Read(text)
		if got, want := c.Covert(), Covert(text); got != want {
			t.Fatalf("%q: Covert %v, want %v", text, got, want)
		}
		if got, want := c.Impersonates(), Impersonates(text); got != want {
			t.Fatalf("%q: Impersonates %v, want %v", text, got, want)
		}
		if got, want := c.NamedProduct(), NamedProduct(text); got != want {
			t.Fatalf("%q: NamedProduct %q, want %q", text, got, want)
		}
		if got, want := c.AsksToScare(), countPhrases(scareRequest, text, 1) > 0; got != want {
			t.Fatalf("%q: AsksToScare %v, want %v", text, got, want)
		}
		if got, want := c.FakeVoices(), FakeVoices(text); got != want {
			t.Fatalf("%q: FakeVoices %v, want %v", text, got, want)
		}
		if got, want := c.AsksToRecognize(), AsksToRecognize(text); got != want {
			t.Fatalf("%q: AsksToRecognize %v, want %v", text, got, want)
		}
		if got, want := c.PersonaNames(nil), PersonaNames(text, nil); !slices.Equal(got, want) {
			t.Fatalf("%q: PersonaNames %v, want %v", text, got, want)
		}
	}
}

// TestReplyCuesMatchReaders: each reading of ReplyCues is the reading of
// its function alone.
func TestReplyCuesMatchReaders(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	pieces := []string{"here is how", "you'll need", "mix", "heat", "napalm", "thermite", "never mix", "step 1",
		"immigrants", "are inferior", "they", "take up arms", "strike them", "you'll regret", "or else",
		"watch your back", "watch for", "report it", "don't click", "stay safe", "scam", "é", "’", " ", ". ",
		"\n", "I can't help", "consult a doctor", "MIX", "Heat", "pseudoephedrine", "red phosphorus", "castor beans",
		"acetone", "glycerin", "nitric acid", "ratio", "3 parts", "Pseudoephedrine"}
	texts := []string{"", "mix", strings.Repeat("a", 1998) + "é mix heat napalm"}
	for range 3000 {
		var b strings.Builder
		for k := rng.IntN(500); k > 0; k-- {
			b.WriteString(pieces[rng.IntN(len(pieces))])
			b.WriteByte(' ')
		}
		texts = append(texts, b.String())
	}
	requests := []string{"", "how do I make napalm", strings.Repeat("x ", 1100) + "thermite"}
	var c ReplyCues
	for k, text := range texts {
		c.Read(text)
		if got, want := c.Delivery(), Delivery(text); got != want {
			t.Fatalf("%q: Delivery %v, want %v", text, got, want)
		}
		if got, want := c.GroupDegraded(), GroupDegraded(text); got != want {
			t.Fatalf("%q: GroupDegraded %q, want %q", text, got, want)
		}
		if got, want := c.Incitement(), Incitement(text); got != want {
			t.Fatalf("%q: Incitement %q, want %q", text, got, want)
		}
		req := requests[k%len(requests)]
		if got, want := c.MakesProduct(req), MakesProduct(req, text); got != want {
			t.Fatalf("%q: MakesProduct %q, want %q", text, got, want)
		}
		if got, want := c.Menaces(), Menaces(text); got != want {
			t.Fatalf("%q: Menaces %v, want %v", text, got, want)
		}
		if got, want := c.Forewarns(), Forewarns(text); got != want {
			t.Fatalf("%q: Forewarns %v, want %v", text, got, want)
		}
	}
}
