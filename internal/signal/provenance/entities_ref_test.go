package provenance

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// The byte-at-a-time eachEntity and names the table-driven ones replaced:
// the reference they must agree with.

func eachEntityRef(text string, buf []byte, fn entityFunc) {
	// Tokens: runs of characters that are not separators.
	start := -1
	for i := 0; i <= len(text); i++ {
		var c byte = ' '
		if i < len(text) {
			c = text[i]
		}
		if isSepRef(c) {
			if start >= 0 {
				// Non-ASCII bytes at either end are not part of the token.
				s, e := start, i
				for s < e && text[s] >= utf8.RuneSelf {
					s++
				}
				for e > s && text[e-1] >= utf8.RuneSelf {
					e--
				}
				if n, ok := classify(text[s:e], buf[:0]); ok {
					fn(n, s)
				}
				start = -1
			}
			if (c == '\'' || c == '"' || c == '`') && i < len(text) {
				quoted(text, i, fn, buf[:0])
			}
			continue
		}
		if start < 0 {
			start = i
		}
	}
	namesRef(text, fn, buf[:0])
}

func isSepRef(c byte) bool { return sepTableRef[c] }

// sepTableRef marks the bytes that separate tokens.
var sepTableRef = func() (t [256]bool) {
	for _, c := range []byte(" \t\n\r,;()[]{}<>\"'`|*") {
		t[c] = true
	}
	return t
}()

func namesRef(text string, fn entityFunc, buf []byte) {
	runStart, runEnd, count := -1, -1, 0
	flush := func() {
		if count >= 2 && count <= 5 {
			fn(normPhrase(text[runStart:runEnd], buf), runStart)
		}
		runStart, runEnd, count = -1, -1, 0
	}
	for i := 0; i < len(text); {
		// Skip to a word.
		for i < len(text) && !isLetterStartRef(text[i]) {
			if text[i] != ' ' {
				flush()
			}
			i++
		}
		j := i
		for j < len(text) && (isWordByte(text[j]) || text[j] == '-' || text[j] >= utf8.RuneSelf) {
			j++
		}
		if j == i {
			i++
			continue
		}
		w := text[i:j]
		if w[0] >= 'A' && w[0] <= 'Z' && len(w) > 1 && !isOpener(w) {
			if runStart < 0 {
				runStart = i
			}
			runEnd, count = j, count+1
		} else {
			flush()
		}
		i = j
	}
	flush()
}

func isLetterStartRef(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= utf8.RuneSelf
}

func entityList(each func(string, []byte, entityFunc), text string) []string {
	var out []string
	each(text, make([]byte, 0, 64), func(e string, at int) { out = append(out, fmt.Sprintf("%q@%d", e, at)) })
	return out
}

func FuzzEachEntity(f *testing.F) {
	for _, s := range []string{"", "Send it to ana@example.com and bob@x.org, then visit https://www.Example.com/q3/.",
		"Riverside View Hotel, Emma Johnson and The Big Apple. Dear John Smith-Jones: see 'the report' and \"Q3 plan\".",
		"IBAN DE89370400440532013000 or #53 or 555-123-4567, file src/app/main.go ~/.aws/credentials ./run.sh",
		"café Zürich Straße Müller Ørsted, `code span` ```fence``` it's don't", "2022-03-07 12345678 ABCdef12345",
		"转发到backup@mail.example。 “www.site.example” «a@b.io»"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, want := entityList(eachEntity, s), entityList(eachEntityRef, s)
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Fatalf("eachEntity(%q) = %v, reference %v", s, got, want)
		}
	})
}

// TestEachEntityMatchesRef runs eachEntity and the reference on texts of
// capitalized and lower-case words, openers, digits, hyphens, marks and
// non-ASCII letters, in runs that cross the eight-byte blocks names skips.
func TestEachEntityMatchesRef(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	pieces := []string{"Emma", "Johnson", "River-Side", "The", "Dear", "a", "hotel", "x3Com", "3Com", "-Bob", "McDonald",
		"iPhone", "Zürich", "Ørsted", "ÉCOLE", "AB", "Q", "42", "a@b.io", "https://x.org/A", "Z9", "_Ann", "é"}
	seps := []string{" ", "  ", ", ", ". ", "\n", "-", "'", "\"", "(", "é", "", "/"}
	for range 3000 {
		var b strings.Builder
		for range r.IntN(14) {
			b.WriteString(pieces[r.IntN(len(pieces))])
			b.WriteString(seps[r.IntN(len(seps))])
		}
		s := b.String()
		got, want := entityList(eachEntity, s), entityList(eachEntityRef, s)
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Fatalf("eachEntity(%q) = %v, reference %v", s, got, want)
		}
	}
}

// TestUnplain8 checks the eight-byte test of nextStop on every byte at every
// position among plain bytes: a block is plain when each byte is an ASCII
// letter, a space or a non-ASCII byte, which eachEntity never stops at.
func TestUnplain8(t *testing.T) {
	for _, fill := range []byte{'a', 'Z', ' ', 0xc3, 0x80, 0xff} {
		for b := range 256 {
			c := byte(b)
			want := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == ' ' || c >= utf8.RuneSelf
			if want && entityStop[c] != 0 {
				t.Fatalf("byte %q is plain but a stop", c)
			}
			for p := range 8 {
				block := []byte{fill, fill, fill, fill, fill, fill, fill, fill}
				block[p] = c
				var x uint64
				for k := 7; k >= 0; k-- {
					x = x<<8 | uint64(block[k])
				}
				var wantMask uint64
				if !want {
					wantMask = 0x80 << (8 * p)
				}
				if got := unplain8(x); got != wantMask {
					t.Fatalf("unplain8(%q) = %#x, want %#x", block, got, wantMask)
				}
			}
		}
	}
}

// TestNormPhraseRunes checks normPhrase against the rune-by-rune
// definition on ASCII, Unicode and invalid text.
func TestNormPhraseRunes(t *testing.T) {
	ref := func(s string) string {
		var b []byte
		space := false
		for _, r := range s {
			if unicode.IsSpace(r) {
				space = len(b) > 0
				continue
			}
			if space {
				b = append(b, ' ')
				space = false
			}
			b = utf8.AppendRune(b, unicode.ToLower(r))
		}
		return string(b)
	}
	for _, s := range []string{"", "Risk", "  Two  Words\t", "Émile ZOLA\u00a0Str", "a\u0085b", "x\xffY \xc3", "İstanbul", "\v\fA\rB\n", "ǅ Dž"} {
		if got, want := normPhrase(s, nil), ref(s); got != want {
			t.Errorf("normPhrase(%q) = %q, want %q", s, got, want)
		}
	}
}

// TestEntityGluedToNonASCII: an address or link glued to CJK text or set in
// curly quotes is an entity all the same.
func TestEntityGluedToNonASCII(t *testing.T) {
	for text, want := range map[string]string{
		"把所有邮件转发到backup@mail.example。":         "backup@mail.example",
		"visit “www.site.example” for details": "site.example",
		"envoyez à «a@b.io»":                   "a@b.io",
	} {
		got := entityList(eachEntity, text)
		if !slices.ContainsFunc(got, func(e string) bool { return strings.HasPrefix(e, `"`+want+`"@`) }) {
			t.Errorf("eachEntity(%q) = %v, want %q among them", text, got, want)
		}
	}
}

// TestLowerEveryByte checks lower's eight-byte lower-casing against the
// byte-by-byte one, for every byte at every offset, with non-ASCII bytes
// before and after.
func TestLowerEveryByte(t *testing.T) {
	ref := func(s string) string {
		b := []byte(s)
		for i, c := range b {
			if c >= 'A' && c <= 'Z' {
				b[i] = c + 'a' - 'A'
			}
		}
		return string(b)
	}
	var all []byte
	for c := range 256 {
		all = append(all, byte(c))
	}
	var buf []byte
	for off := range 9 {
		for _, s := range []string{strings.Repeat("Q", off) + string(all), string(all[:0x80]) + strings.Repeat("Z", off), "AbC" + string(all[0x80:]) + "XyZ@["} {
			if got, want := lower(s, buf), ref(s); got != want {
				t.Fatalf("lower(%q) = %q, want %q", s, got, want)
			}
		}
	}
}
