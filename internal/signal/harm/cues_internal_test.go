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
		"WITHOUT WAKING", "unfilteredness", "rescare"}
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
		if got, want := c.AsksToScare(), countPhrases(scareRequest, text, 1) > 0; got != want {
			t.Fatalf("%q: AsksToScare %v, want %v", text, got, want)
		}
		if got, want := c.PersonaNames(nil), PersonaNames(text, nil); !slices.Equal(got, want) {
			t.Fatalf("%q: PersonaNames %v, want %v", text, got, want)
		}
	}
}
