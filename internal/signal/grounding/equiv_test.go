package grounding

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// equivTexts are texts with the edge cases of the shortcuts that read
// tokens instead of searching the text: possessives, apostrophes, code,
// identifiers, non-ASCII letters and invalid UTF-8 around "et al".
var equivTexts = []string{
	"", "et al", "et al.", "Smith et al. (2019) found", "Bennet allowed it", "Smith et  al", "Smith et\tal",
	"x_et al", "5et al", "éet al", "d'et al", "it'set al", "it’set al", "`et al`", "```\nSmith et al\n```",
	"x\xffet al", "—et al", "Smith, et al", "Smith et alia", "ET AL", "Et al", "et alet al", "sets al", "et",
	"The team (Jones et al., 2020; Lee et al.) met.",
}

// randomText returns n bytes drawn from a small alphabet rich in the
// bytes the shortcuts care about.
func randomText(r *rand.Rand, n int) string {
	const alphabet = "etal etal ETA_'’.,:/\n`\"“”?0123456789wé\xff<>"
	var b strings.Builder
	for b.Len() < n {
		k := r.IntN(len(alphabet))
		b.WriteByte(alphabet[k])
	}
	return b.String()
}

func TestEtAlIndex(t *testing.T) {
	texts := append([]string(nil), equivTexts...)
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		texts = append(texts, randomText(r, r.IntN(40)))
	}
	for _, s := range texts {
		if got, want := etAlIndex(s, tokenize(s, nil)), strings.Index(s, "et al"); got != want {
			t.Fatalf("%q: etAlIndex %d, strings.Index %d", s, got, want)
		}
	}
}
