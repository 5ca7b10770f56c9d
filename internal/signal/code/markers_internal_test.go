package code

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestMarkersMatchContains checks markers.in and present against
// strings.Contains for each marker, on texts of marker pieces in various cases, cut short,
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
		var want uint16
		for k, s := range subs {
			if strings.Contains(text, s) {
				want |= 1 << k
			}
		}
		if got := m.in(text); got != (want != 0) {
			t.Fatalf("in(%q) = %v, want %v", text, got, want != 0)
		}
		if got := m.present(text); got != want {
			t.Fatalf("present(%q) = %b, want %b", text, got, want)
		}
	}
}
