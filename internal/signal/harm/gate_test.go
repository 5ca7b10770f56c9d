package harm

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestGatesMatchContains checks that gates, on a scanned request or alone,
// finds a gate exactly when strings.Contains finds one of its substrings,
// case included, in texts made of gate substrings in various cases, cut
// inside words and glued to letters.
func TestGatesMatchContains(t *testing.T) {
	lists := [][]string{minorGate, selfHarmGate, groupGate, misuseGate, stereotypeGate}
	r := rand.New(rand.NewPCG(3, 4))
	glue := []string{" ", "", "x", "é", ".", "\n", "’", "ab "}
	var s scanned
	for range 400 {
		var b strings.Builder
		size := []int{0, 5, 60, 700, 1600, 3500}[r.IntN(6)]
		for b.Len() < size {
			list := lists[r.IntN(len(lists))]
			q := list[r.IntN(len(list))]
			switch r.IntN(5) {
			case 0:
				q = strings.ToUpper(q)
			case 1:
				q = strings.ToUpper(q[:1]) + q[1:]
			case 2:
				q = q[:len(q)-1] // cut short: no match
			}
			b.WriteString(q)
			b.WriteString(glue[r.IntN(len(glue))])
		}
		text := b.String()
		s.scan(requestUnion, text, requestHead, requestTail)
		for _, sub := range windows(text) {
			var want uint64
			for g, list := range lists {
				if containsAny(sub, list) {
					want |= 1 << g
				}
			}
			if got := gates(&s, sub); got != want {
				t.Fatalf("gates(scan, %q) = %b, want %b", head(sub, 80), got, want)
			}
			if got := gates(nil, sub); got != want {
				t.Fatalf("gates(nil, %q) = %b, want %b", head(sub, 80), got, want)
			}
		}
	}
}

// TestClipSpaces checks that clip folds exactly the six ASCII white space
// bytes into single spaces, and no other byte.
func TestClipSpaces(t *testing.T) {
	for c := range 256 {
		s := "a" + string([]byte{byte(c), byte(c)}) + "b"
		want := "a" + string([]byte{byte(c), byte(c)}) + "b"
		if strings.ContainsRune(" \n\t\r\f\v", rune(c)) {
			want = "a b"
		}
		if got := clip(s, 100); got != want {
			t.Fatalf("clip(%q) = %q, want %q", s, got, want)
		}
	}
}
