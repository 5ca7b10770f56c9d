package harm

import (
	"encoding/binary"
	"slices"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/faultline-dev/faultline/internal/signal/encoded"
)

// bytesView returns b as a string without copying, for a call that reads it
// and keeps nothing (the model's Score and Sum): b must not change during
// that call.
func bytesView(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

// scanChars bounds how much of a long turn the rule-based signals read: the
// head and the tail of a turn carry its request and its framing, and the
// bound keeps the cost of a turn flat.
const scanChars = 2048

// head returns at most n bytes of s, cut at a rune boundary.
func head(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// asciiLower returns s with its ASCII letters lower-cased and every other
// byte kept: unlike strings.ToLower it keeps the length, so offsets found
// in the result index s (ToLower shrinks the Kelvin sign to 'k' and grows
// invalid UTF-8 to U+FFFD).
func asciiLower(s string) string {
	k := 0
	for k < len(s) && (s[k] < 'A' || s[k] > 'Z') {
		k++
	}
	if k == len(s) {
		return s
	}
	b := []byte(s)
	for ; k < len(b); k++ {
		if c := b[k]; c >= 'A' && c <= 'Z' {
			b[k] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// tail returns at most the last n bytes of s, cut at a rune boundary.
func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := len(s) - n
	for i < len(s) && !utf8.RuneStart(s[i]) {
		i++
	}
	return s[i:]
}

// clipPlain is clip of a trimmed s whose first n bytes need no white space
// collapsed (the common case): s itself, or its head and the cut mark,
// without the byte-by-byte copy. It reports false for any other s.
func clipPlain(s string, n int) (string, bool) {
	kept, cut, ok := plainCut(s, n)
	if !ok || !cut {
		return kept, ok
	}
	return kept + "…", true
}

// plainCut is clipPlain without the cut mark: the part of s that clip
// keeps, whether clip marks a cut after it, and false when white space
// must be collapsed.
func plainCut(s string, n int) (kept string, cut, ok bool) {
	m := min(len(s), n)
	if m == 0 || s[m-1] == ' ' {
		return "", false, false
	}
	i := 0
	// Eight bytes at a time: a block with no white space but single
	// spaces (no byte 0x09 to 0x0d, no two spaces in a row, the last with
	// the byte after the block) needs no look at its bytes.
	for ; i+8 <= m && i+9 <= len(s); i += 8 {
		const low7 = 0x7f7f7f7f7f7f7f7f
		x, y := encoded.Load64(s, i)&low7, encoded.Load64(s, i+1)&low7
		if asciiRange(x, '\t', '\r')|asciiRange(x, ' ', ' ')&asciiRange(y, ' ', ' ') == 0 {
			continue
		}
		if !plainRun(s, i, i+8) {
			return "", false, false
		}
	}
	if !plainRun(s, i, m) {
		return "", false, false
	}
	if m == len(s) {
		return s, false, true
	}
	// Drop a rune cut in half (as clip does).
	out := s[:m]
	for len(out) > 0 {
		if r, size := utf8.DecodeLastRuneInString(out); r != utf8.RuneError || size != 1 {
			break
		}
		out = out[:len(out)-1]
	}
	return out, true, true
}

// plainRun reports whether s[i:j] has no white space to collapse: no white
// space but single spaces (s[j-1] is no space, or s[j] exists and is none).
func plainRun(s string, i, j int) bool {
	for ; i < j; i++ {
		if c := s[i]; asciiSpace[c] && (c != ' ' || s[i+1] == ' ') {
			return false
		}
	}
	return true
}

// asciiRange returns, for eight bytes x below 0x80, 0x80 in each byte that
// is in [lo, hi] (lo >= 1) and 0 in the others.
func asciiRange(x uint64, lo, hi byte) uint64 {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	return (x + ones*uint64(0x80-lo)) &^ (x + ones*uint64(0x7f-hi)) & highs
}

// clip shortens s for an evidence excerpt: runs of white space become one
// space, and at most n bytes (cut at a rune boundary) are kept.
func clip(s string, n int) string {
	s = strings.TrimSpace(head(s, 4*n))
	if c, ok := clipPlain(s, n); ok {
		return c
	}
	var buf [512]byte
	out := buf[:0]
	if n+4 > len(buf) {
		out = make([]byte, 0, n+4)
	}
	return string(appendCollapsed(out, s, n))
}

// appendClip appends clip(s, n) to dst: an excerpt that follows a label
// is built in one buffer, with no string of its own.
func appendClip(dst []byte, s string, n int) []byte {
	s = strings.TrimSpace(head(s, 4*n))
	if kept, cut, ok := plainCut(s, n); ok {
		dst = append(dst, kept...)
		if cut {
			dst = append(dst, "…"...)
		}
		return dst
	}
	return appendCollapsed(dst, s, n)
}

// appendCollapsed appends clip(s, n) to dst for a trimmed s, collapsing
// its white space.
func appendCollapsed(dst []byte, s string, n int) []byte {
	start := len(dst)
	dst = slices.Grow(dst, n+4)
	space := false
	for i := 0; i < len(s) && len(dst)-start < n; i++ {
		// Eight bytes that need nothing collapsed (as in plainCut, and
		// the last no space: a run of white space may follow it), with
		// no space pending before them and room for all of them, are
		// copied at once.
		if !space && i+9 <= len(s) && len(dst)-start+8 <= n && s[i+7] != ' ' {
			const low7 = 0x7f7f7f7f7f7f7f7f
			b := encoded.Load64(s, i)
			x, y := b&low7, encoded.Load64(s, i+1)&low7
			if asciiRange(x, '\t', '\r')|asciiRange(x, ' ', ' ')&asciiRange(y, ' ', ' ') == 0 {
				k := len(dst)
				dst = dst[:k+8] // (within the capacity grown above)
				binary.LittleEndian.PutUint64(dst[k:], b)
				i += 7
				continue
			}
		}
		c := s[i]
		if asciiSpace[c] {
			space = true
			continue
		}
		if space {
			dst = append(dst, ' ')
			space = false
		}
		dst = append(dst, c)
	}
	if k := len(dst) - start; k >= n && k < len(s) {
		// Drop a rune cut in half, then mark the cut.
		for len(dst) > start {
			if r, size := utf8.DecodeLastRune(dst[start:]); r != utf8.RuneError || size != 1 {
				break
			}
			dst = dst[:len(dst)-1]
		}
		dst = append(dst, "…"...)
	}
	return dst
}

// containsAny reports whether text holds one of subs: the cheap gate before
// a reading's regular expressions (the readings of gatePhrases share one
// pass instead, see gates).
func containsAny(text string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(text, sub) {
			return true
		}
	}
	return false
}

// foldChars bounds the head of a text the gate matchers read.
const foldChars = 2048

// countPhrases returns how many distinct phrases of m (64 at most) the
// head of s holds, counting up to limit.
func countPhrases(m *matcher, s string, limit int) int { return countPhrasesIn(nil, m, s, limit) }

// countPhrasesIn is countPhrases(m, s, limit) for s scanned in sc (nil: s
// is scanned for m alone).
func countPhrasesIn(sc *scanned, m *matcher, s string, limit int) int {
	var seen uint64
	n := 0
	sc.each(m, s[:min(len(s), foldChars)], func(x match) bool {
		if bit := uint64(1) << (x.phrase & 63); seen&bit == 0 {
			seen |= bit
			n++
		}
		return n < limit
	})
	return n
}

// anyPhrase reports whether the head of s holds a phrase of m.
func anyPhrase(m *matcher, s string) bool { return countPhrases(m, s, 1) > 0 }

// anyPhraseIn is anyPhrase(m, text) for text scanned in sc (nil: text is
// scanned for m alone).
func anyPhraseIn(sc *scanned, m *matcher, text string) bool {
	return countPhrasesIn(sc, m, text, 1) > 0
}

// asciiSpace marks the ASCII white space bytes.
var asciiSpace = [256]bool{' ': true, '\n': true, '\t': true, '\r': true, '\f': true, '\v': true}

// Some readings run only on a text that holds one of their gate
// substrings (minorGate, selfHarmGate, groupGate, misuseGate, stereotypeGate), case and all: the cheap
// test before their regular expressions. gatePhrases finds all of them in
// one pass (the request union's pass, for a request), and gates reads it.
var gatePhrases = newSubstrings(minorGate, selfHarmGate, groupGate, misuseGate, stereotypeGate)

// The groups of gatePhrases.
const (
	gateMinor = iota
	gateSelfHarm
	gateGroup
	gateMisuse
	gateStereotype
)

// pairGate reports whether text may match a reading whose expressions each
// need a word of one of the two groups of gate (a what and a how): on
// ASCII text, whose case folding is ASCII's, it holds a word of both
// groups; other text is always let through (the expressions decide). The
// gate is exact when every match of the expressions holds such words.
func pairGate(s *scanned, gate *matcher, text string) bool {
	if !isASCII(text) {
		return true
	}
	g := s.groupsIn(gate, text)
	return g&1 != 0 && g&2 != 0
}

// newSubstrings is newMatcher for phrases that match anywhere, inside
// words too, and as given (no curly forms).
func newSubstrings(groups ...[]string) *matcher {
	m := &matcher{}
	for g, list := range groups {
		for _, p := range list {
			m.text = append(m.text, p)
			m.groups = append(m.groups, uint8(g))
			m.lens = append(m.lens, len(p))
			m.wordStart = append(m.wordStart, false)
		}
	}
	m.build()
	return m
}

// gates returns the set of gates (a bit mask of the groups of gatePhrases)
// one of whose substrings text holds with the same case, as
// strings.Contains finds them (the matcher ignores case, so each match is
// checked). s is the scan of the text that text is part of, or nil.
func gates(s *scanned, text string) uint64 {
	var mask uint64
	s.each(gatePhrases, text, func(x match) bool {
		if text[x.start:x.start+gatePhrases.lens[x.phrase]] == gatePhrases.text[x.phrase] {
			mask |= 1 << x.group
		}
		return true
	})
	return mask
}
