package stance

import (
	"strings"
	"testing"

	"github.com/faultline-dev/faultline/internal/trajectory"
)

// TestGateFromScan checks that the gate set from the pushback tracker's
// longer scan agrees with disagrees on the turn itself, above all when a
// phrase or a word straddles disagrees' gateScan cut.
func TestGateFromScan(t *testing.T) {
	filler := strings.Repeat("Let us go over the figures once more. ", 40)
	var texts []string
	for _, end := range []string{"you are wrong", "that's wrong", "i don't agree", "I’m not convinced", "really", "fine thanks"} {
		for off := -len(end) - 2; off <= 2; off++ {
			// Place end so that it ends off bytes after the cut.
			pad := gateScan + off - len(end)
			texts = append(texts, filler[:pad]+end+" and more words after it")
		}
		texts = append(texts, end, filler+end, end+" "+filler, filler[:gateScan-3]+"don't "+end)
	}
	texts = append(texts, "", "é", filler[:gateScan-1]+"é"+tail(filler), strings.Repeat("x", 3*gateScan))
	for _, text := range texts {
		m := &trajectory.Message{Role: trajectory.RoleUser, Content: text}
		_, want := disagrees(text, nil)
		words := scan(text, pushbackScan, nil)
		before := append([]tok(nil), words...)
		g := &gate{idx: -1}
		g.fromScan(3, m, words)
		if g.disagrees(3, m) != want || g.pushed != want {
			t.Errorf("fromScan(%q...%q) = %v, disagrees %v", head(text), tail(text), g.pushed, want)
		}
		for k := range words {
			if words[k] != before[k] {
				t.Fatalf("fromScan changed the tokens of %q", tail(text))
			}
		}
	}
}

func head(s string) string { return s[:min(len(s), 20)] }
func tail(s string) string { return s[max(len(s)-60, 0):] }
