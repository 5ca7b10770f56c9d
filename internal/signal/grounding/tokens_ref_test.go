package grounding

import (
	"testing"
	"unicode"
	"unicode/utf8"
)

// tokenizeWithRef and scanWordRef are the tokenizer before its inlined
// short-word hash: the reference it must agree with.

func tokenizeWithRef(s string, dst []token, stop *hashSet) []token {
	mode := mSent | mLine
	for i := 0; i < len(s); {
		c := s[i]
		if byteClass[c] == 0 {
			if c < utf8.RuneSelf {
				switch c {
				case ' ':
				case '`':
					if i+2 < len(s) && s[i+1] == '`' && s[i+2] == '`' {
						mode = (mode ^ mFence) &^ mInline
						i += 3
						continue
					}
					if mode&mFence == 0 {
						mode ^= mInline
					}
				case '.', '!', '?', ':', ';':
					mode |= mSent
				case '\n':
					mode = mode&^mInline | mSent | mLine
				}
				i++
				continue
			}
			r, size := utf8.DecodeRuneInString(s[i:])
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				if r == '。' || r == '？' || r == '！' {
					mode |= mSent
				}
				i += size
				continue
			}
		}
		var t token
		t, i = scanWordRef(s, i)
		if mode&mSent != 0 {
			t.flags |= fSent
		}
		if mode&mLine != 0 {
			t.flags |= fLine
		}
		if mode&(mFence|mInline) != 0 || int(t.end) < len(s) && s[t.end] == '_' || t.start > 0 && s[t.start-1] == '_' {
			t.flags |= fCode // code, or part of an identifier (read_file)
		}
		mode &^= mSent | mLine
		if t.flags&fDigit == 0 && stop != nil && stop.Has(t.h) {
			t.flags |= fStop
		}
		dst = append(dst, t)
	}
	return dst
}

// scanWord reads the word starting at s[i]: its hash (lower-cased, decimal
// numbers normalized, a plural s dropped), span, fDigit and fCap flags, and
// the index after it.
func scanWordRef(s string, i int) (token, int) {
	t := token{start: int32(i)}
	if c := s[i]; 'A' <= c && c <= 'Z' {
		t.flags |= fCap
	}
	// Fast path: a run of ASCII letters and digits ended by a byte that
	// always ends a word, hashed straight from the text.
	var dig uint8
	j := i
	for j < len(s) {
		k := byteClass[s[j]]
		if k == 0 {
			break
		}
		dig |= k
		j++
	}
	if j == len(s) || wordEnd[s[j]] || !continuesWord(s, j, dig) {
		if dig&clDigit != 0 {
			t.flags |= fDigit
		}
		t.end = int32(j)
		e := j
		switch {
		case dig&clDigit == 0:
			if j-i > 3 && plural(s[i:j]) {
				e--
			}
			e = min(e, i+stemLen) // "delivered", "delivery": "delive"
		case dig&clLetter != 0 && ordinal(s[i:j]):
			e -= 2 // "19th" is the number 19
		}
		t.h = hashLower(s, i, e) | 1
		return t, j
	}
	return scanWordSlow(s, i, t)
}

func FuzzTokenize(f *testing.F) {
	for _, s := range []string{"", "The report shows revenue grew by 12% in Q3, while costs rose.",
		"Deliveries: 1,200.50 units on the 19th; see read_file `x = 1` and ```go\nfunc f() {}\n``` ok",
		"It's Anna's café — Zürich’s 3rd-quarter numbers: 98.70 vs 1200.0", "a\nbb\nccc dddd eeeee ffffff ggggggg hhhhhhhh",
		"call read_file now, then __init__ and x_1 _y z__ é_b 2_000 John's_car _é"} {
		f.Add(s)
	}
	// One word cache for all inputs, as a trajectory's texts share one.
	wc := new(wordCache)
	f.Fuzz(func(t *testing.T, s string) {
		got, want := tokenize(s, nil), tokenizeWithRef(s, nil, refSets.stop)
		if len(got) != len(want) {
			t.Fatalf("tokenize(%q): %d tokens, reference %d", s, len(got), len(want))
		}
		for k := range got {
			want[k].flags |= refSets.classes(want[k].h)
			if got[k] != want[k] {
				t.Fatalf("tokenize(%q)[%d] = %+v, reference %+v", s, k, got[k], want[k])
			}
		}
		// Twice through the cache: the words it missed, then those it holds.
		for range 2 {
			cached := tokenizeWith(s, nil, lexicon, wc)
			if len(cached) != len(got) {
				t.Fatalf("tokenize(%q) through a word cache: %d tokens, %d without", s, len(cached), len(got))
			}
			for k := range got {
				if cached[k] != got[k] {
					t.Fatalf("tokenize(%q)[%d] through a word cache = %+v, %+v without", s, k, cached[k], got[k])
				}
			}
		}
	})
}
