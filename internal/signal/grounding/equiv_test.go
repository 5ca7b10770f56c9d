package grounding

import (
	"math/rand/v2"
	"slices"
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

// etAlIndex is strings.Index(s, "et al") as measureReferences finds it
// from the tokens toks of s (see etAlAfter).
func etAlIndex(s string, toks []token) int {
	for k := range toks {
		if e := int(toks[k].end); etAlAfter(s, e) {
			return e - 2
		}
	}
	return -1
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

// urlKeysRef is urlKeys as it was written first: the reference.
func urlKeysRef(u string) (host, full uint64) {
	u = strings.TrimPrefix(strings.TrimPrefix(u, "https://"), "http://")
	u = strings.TrimPrefix(u, "www.")
	u = strings.TrimRight(u, "/")
	h := uint64(fnvOffset)
	host = 0
	for i := 0; i < len(u); i++ {
		c := u[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c == '/' && host == 0 {
			host = h | 1
		}
		h = (h ^ uint64(c)) * fnvPrime
	}
	if host == 0 {
		host = h | 1
	}
	return host, h | 1
}

func TestURLShortcuts(t *testing.T) {
	texts := []string{"", "://", "a://b", "https://Example.COM/A/b/", "http://x.io", "www.Site.org//", "https:///x",
		"See https://example.com/a, then www.test.org/x and http://foo.bar/baz?q=1. Not httpd:// or www.; also https://www.site.io/p."}
	r := rand.New(rand.NewPCG(3, 4))
	for range 20000 {
		texts = append(texts, randomText(r, r.IntN(40)), "https://"+randomText(r, r.IntN(20)))
	}
	for _, s := range texts {
		for i := 0; i <= len(s); i++ {
			want := strings.Index(s[i:], "://")
			if want >= 0 {
				want += i
			}
			if got := indexScheme(s, i); got != want {
				t.Fatalf("indexScheme(%q, %d) = %d, want %d", s, i, got, want)
			}
		}
		h, f := urlKeys(s)
		if hr, fr := urlKeysRef(s); h != hr || f != fr {
			t.Fatalf("urlKeys(%q) = %x %x, want %x %x", s, h, f, hr, fr)
		}
	}
}

// TestClaimTable checks the claim table against a map: the first claim of
// a key stays, every key is found, absent keys are not.
func TestClaimTable(t *testing.T) {
	var tab claimTable
	ref := map[uint64]claim{}
	r := rand.New(rand.NewPCG(5, 6))
	for n := range 5000 {
		key := r.Uint64() &^ (1 << 63)
		switch r.IntN(3) {
		case 0:
			key = uint64(r.IntN(64)) // small keys, 0 among them
		case 1:
			key = (1 << 63) - 1 - uint64(r.IntN(4))
		}
		if _, ok := tab.get(key); ok != (ref[key] != claim{}) {
			t.Fatalf("key %x: found %v before adding", key, ok)
		}
		c := claim{turn: n + 1}
		tab.addNew(key, c)
		if _, ok := ref[key]; !ok {
			ref[key] = c
		}
		for k, want := range ref {
			if got, ok := tab.get(k); !ok || got.turn != want.turn {
				t.Fatalf("key %x: got %v %v, want turn %d", k, got, ok, want.turn)
			}
			break
		}
	}
	for k, want := range ref {
		if got, ok := tab.get(k); !ok || got.turn != want.turn {
			t.Fatalf("key %x: got %v %v, want turn %d", k, got, ok, want.turn)
		}
	}
}

func TestAttributed(t *testing.T) {
	texts := []string{"", "As Einstein SAID, ", "according TO the report", "İstanbul said", "Wörds: ", "no cue here at all"}
	r := rand.New(rand.NewPCG(7, 8))
	for range 20000 {
		b := []byte(randomText(r, r.IntN(60)))
		if len(b) > 4 && r.IntN(2) == 0 {
			cue := attributionCues[r.IntN(len(attributionCues))]
			copy(b[r.IntN(len(b)-4):], strings.ToUpper(cue))
		}
		texts = append(texts, string(b))
	}
	for _, s := range texts {
		s = s[:min(len(s), 60)]
		want := false
		for _, c := range attributionCues {
			if strings.Contains(strings.ToLower(s), c) {
				want = true
			}
		}
		if got := attributed(s); got != want {
			t.Fatalf("attributed(%q) = %v, want %v", s, got, want)
		}
	}
}

// eachAttributedQuoteRef is eachAttributedQuote as it was written first,
// with strings.IndexAny: the reference.
func eachAttributedQuoteRef(s string, fn func(q string)) {
	for i := 0; i < len(s); {
		j := strings.IndexAny(s[i:], "\"“")
		if j < 0 {
			return
		}
		open, openLen, closeQ := i+j, 1, `"`
		if s[open] != '"' {
			openLen, closeQ = len("“"), "”"
		}
		end := strings.Index(s[open+openLen:], closeQ)
		if end < 0 {
			return
		}
		q := s[open+openLen : open+openLen+end]
		i = open + openLen + end + len(closeQ)
		if strings.Count(q, " ") < 3 || len(q) > 600 {
			continue
		}
		if attributed(s[max(0, open-60):open]) {
			fn(q)
		}
	}
}

// TestEachAttributedQuote checks eachAttributedQuote against the reference
// on texts of quotes (straight, curly, unclosed, in invalid UTF-8) after
// attribution cues.
func TestEachAttributedQuote(t *testing.T) {
	texts := []string{"", `He said "one two three four" and "a b c d e".`, "She wrote “one two three four” then said \"x y z w v\".",
		"said “a b c d \"e f g h\" i”", "said \xe2\x80“a b c d”", "said \"a b c d", "said “a b c d\" e f g”"}
	r := rand.New(rand.NewPCG(3, 4))
	parts := []string{"said ", "wrote ", `"`, "“", "”", "a b ", "c d e ", "\xe2", "\xe2\x80", "é", "x"}
	for range 20000 {
		var b strings.Builder
		for range r.IntN(20) {
			b.WriteString(parts[r.IntN(len(parts))])
		}
		texts = append(texts, b.String())
	}
	for _, s := range texts {
		var got, want []string
		eachAttributedQuote(s, func(q string) { got = append(got, q) })
		eachAttributedQuoteRef(s, func(q string) { want = append(want, q) })
		if !slices.Equal(got, want) {
			t.Fatalf("%q: quotes %q, reference %q", s, got, want)
		}
	}
}
