package harm

// appendContextWords appends, for each of the last maxWords words of src as
// model.Words splits and lower-cases them, "ctx", the word and a space, and
// reports true. ASCII text is lower-cased while it is copied, without the
// lower-cased copy of src that model.Words makes; for other text it appends
// nothing and reports false (the caller uses model.Words).
func appendContextWords(dst []byte, src string, maxWords int) ([]byte, bool) {
	if !isASCII(src) {
		return dst, false
	}
	type span struct{ lo, hi int }
	// The last maxWords words, read from the end of src: a run of letters,
	// digits and apostrophes is one word, from its first letter or digit
	// to its last (an apostrophe neither starts nor ends a word).
	var sbuf [64]span
	spans := sbuf[:0]
	if maxWords > len(sbuf) {
		spans = make([]span, 0, maxWords)
	}
	for i := len(src); i > 0 && len(spans) < maxWords; {
		for i > 0 && !ctxWordByte[src[i-1]] {
			i--
		}
		if i == 0 {
			break
		}
		hi := i
		for i > 0 && (ctxWordByte[src[i-1]] || src[i-1] == '\'') {
			i--
		}
		lo := i
		for !ctxWordByte[src[lo]] {
			lo++
		}
		spans = append(spans, span{lo, hi})
	}
	for k := len(spans) - 1; k >= 0; k-- {
		sp := spans[k]
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
