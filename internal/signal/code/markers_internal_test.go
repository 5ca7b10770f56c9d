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
		var want uint64
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

// TestAdmitsGiven checks the one-pass trigger filter of lineRules against
// each rule's own.
func TestAdmitsGiven(t *testing.T) {
	var pieces []string
	for _, r := range lineRules {
		pieces = append(pieces, r.trigger)
		pieces = append(pieces, r.also...)
	}
	pieces = append(pieces, " ", "\n", "x", "_", "(", ")")
	r := rand.New(rand.NewPCG(3, 4))
	for range 5000 {
		var b strings.Builder
		for range r.IntN(6) {
			p := pieces[r.IntN(len(pieces))]
			if len(p) > 1 && r.IntN(3) == 0 {
				p = p[:r.IntN(len(p))]
			}
			b.WriteString(p)
		}
		text := b.String()
		present := lineTriggers.present(text)
		for i := range lineRules {
			rl := &lineRules[i]
			if got, want := rl.admitsGiven(text, present, lineTriggerBits[i]), rl.admits(text); got != want {
				t.Fatalf("rule %d (%s) on %q: admitsGiven %v, admits %v", i, rl.name, text, got, want)
			}
		}
	}
}
