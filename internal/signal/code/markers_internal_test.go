package code

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestMarkersMatchContains checks markers.in against strings.Contains for
// each marker, on texts of marker pieces in various cases, cut short,
// overlapping and at the ends.
func TestMarkersMatchContains(t *testing.T) {
	subs := []string{"assert", "expected", "FAIL", "want", "Error", "error", "failed", "mismatch", "!=", "as", "aa"}
	m := newMarkers(subs...)
	r := rand.New(rand.NewPCG(9, 10))
	pieces := append([]string{"", " ", "a", "!", "=", "x", "é", "\n"}, subs...)
	for range 20000 {
		var b strings.Builder
		for range r.IntN(8) {
			p := pieces[r.IntN(len(pieces))]
			switch r.IntN(4) {
			case 0:
				p = strings.ToUpper(p)
			case 1:
				if len(p) > 1 {
					p = p[:r.IntN(len(p))]
				}
			case 2:
				if len(p) > 1 {
					p = p[r.IntN(len(p)):]
				}
			}
			b.WriteString(p)
		}
		text := b.String()
		want := false
		for _, s := range subs {
			want = want || strings.Contains(text, s)
		}
		if got := m.in(text); got != want {
			t.Fatalf("in(%q) = %v, want %v", text, got, want)
		}
	}
}
