package harm

import "unicode/utf8"

// appendContextWords appends, for each of the last maxWords words of src as
// model.Words splits and lower-cases them, "ctx", the word and a space, and
// reports true. ASCII text is lower-cased while it is copied, without the
// lower-cased copy of src that model.Words makes; for other text it appends
// nothing and reports false (the caller uses model.Words).
func appendContextWords(dst []byte, src string, maxWords int) ([]byte, bool) {
	for i := 0; i < len(src); i++ {
		if src[i] >= utf8.RuneSelf {
			return dst, false
		}
	}
	type span struct{ lo, hi int }
	// The last maxWords spans, in a ring.
	var rbuf [64]span
	ring := rbuf[:0]
	if maxWords > len(rbuf) {
		ring = make([]span, 0, maxWords)
	}
	n := 0
	add := func(lo, hi int) {
		for hi > lo && src[hi-1] == '\'' {
			hi--
		}
		if len(ring) < maxWords {
			ring = append(ring, span{lo, hi})
		} else {
			ring[n%maxWords] = span{lo, hi}
		}
		n++
	}
	start := -1
	for i := 0; i < len(src); i++ {
		if ctxWordByte[src[i]] || src[i] == '\'' && start >= 0 {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			add(start, i)
			start = -1
		}
	}
	if start >= 0 {
		add(start, len(src))
	}
	if maxWords <= 0 {
		return dst, true
	}
	first := 0
	if n > maxWords {
		first = n % maxWords
	}
	for k := range len(ring) {
		sp := ring[(first+k)%len(ring)]
		dst = append(dst, "ctx"...)
		for j := sp.lo; j < sp.hi; j++ {
			c := src[j]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			dst = append(dst, c)
		}
		dst = append(dst, ' ')
	}
	return dst, true
}

// ctxWordByte marks ASCII letters and digits.
var ctxWordByte = func() (t [256]bool) {
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = true, true
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	return t
}()
