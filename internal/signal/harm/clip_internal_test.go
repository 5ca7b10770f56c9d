package harm

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// clipRef is clip without its plain fast path: white space collapsed byte
// by byte.
func clipRef(s string, n int) string {
	s = strings.TrimSpace(head(s, 4*n))
	var out []byte
	space := false
	for i := 0; i < len(s) && len(out) < n; i++ {
		c := s[i]
		if asciiSpace[c] {
			space = true
			continue
		}
		if space {
			out = append(out, ' ')
			space = false
		}
		out = append(out, c)
	}
	if len(out) >= n && len(out) < len(s) {
		for len(out) > 0 {
			if r, size := utf8.DecodeLastRune(out); r != utf8.RuneError || size != 1 {
				break
			}
			out = out[:len(out)-1]
		}
		out = append(out, "…"...)
	}
	return string(out)
}

// TestClipMatchesReference: clip's fast path for text with nothing to
// collapse gives what collapsing byte by byte gives, and appendClip
// appends what clip returns.
func TestClipMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	pieces := []string{"a", "bc", " ", "  ", "\n", "\t", "é", "…", "x.", "’", "\r", "\v", "\f", "\x89", "\xa0", "word "}
	for k := range 20000 {
		var b strings.Builder
		for range rng.IntN(30) + k%2*rng.IntN(200) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		s, n := b.String(), rng.IntN(20)
		if k%2 == 1 {
			n = rng.IntN(200)
		}
		if got, want := clip(s, n), clipRef(s, n); got != want {
			t.Fatalf("clip(%q, %d) = %q, want %q", s, n, got, want)
		}
		prefix := pieces[rng.IntN(len(pieces))]
		if got, want := string(appendClip([]byte(prefix), s, n)), prefix+clipRef(s, n); got != want {
			t.Fatalf("appendClip(%q, %q, %d) = %q, want %q", prefix, s, n, got, want)
		}
	}
}
