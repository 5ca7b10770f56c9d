package harm

// appendContextWords appends, for each of the last maxWords words of src as
// model.Words splits and lower-cases them, "ctx", the word and a space, and
// reports true. ASCII words are copied and then lower-cased in place (when
// they have an upper-case letter), without the lower-cased copy of src that
// model.Words makes; for other text it appends nothing and reports false
// (the caller uses model.Words).
func appendContextWords(dst []byte, src string, maxWords int) ([]byte, bool) {
	if !isASCII(src) {
		return dst, false
	}
	type span struct {
		lo, hi int
		upper  bool // the word has an upper-case letter
	}
	// The last maxWords words, read from the end of src: a run of letters,
	// digits and apostrophes is one word, from its first letter or digit
	// to its last (an apostrophe neither starts nor ends a word).
	var sbuf [64]span
	spans := sbuf[:0]
	if maxWords > len(sbuf) {
		spans = make([]span, 0, maxWords)
	}
	for i := len(src); i > 0 && len(spans) < maxWords; {
		for i > 0 && ctxClass[src[i-1]]&ctxWord == 0 {
			i--
		}
		if i == 0 {
			break
		}
		hi := i
		var kinds uint8
		for i > 0 && ctxClass[src[i-1]] != 0 {
			kinds |= ctxClass[src[i-1]]
			i--
		}
		lo := i
		for ctxClass[src[lo]]&ctxWord == 0 {
			lo++
		}
		spans = append(spans, span{lo, hi, kinds&ctxUpper != 0})
	}
	for k := len(spans) - 1; k >= 0; k-- {
		sp := spans[k]
		dst = append(dst, "ctx"...)
		n := len(dst)
		dst = append(dst, src[sp.lo:sp.hi]...)
		if sp.upper {
			for j := n; j < len(dst); j++ {
				dst[j] = asciiLowerByte[dst[j]]
			}
		}
		dst = append(dst, ' ')
	}
	return dst, true
}

// Classes of the bytes of context words: ctxWord for letters and digits
// (ctxUpper too for upper-case letters) and ctxApos for the apostrophe,
// which continues a word but neither starts nor ends one.
const (
	ctxWord = 1 << iota
	ctxUpper
	ctxApos
)

// ctxClass classifies bytes for appendContextWords.
var ctxClass = func() (t [256]uint8) {
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = ctxWord, ctxWord|ctxUpper
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = ctxWord
	}
	t['\''] = ctxApos
	return t
}()

// asciiLowerByte maps ASCII upper-case letters to lower case and every
// other byte to itself.
var asciiLowerByte = func() (t [256]byte) {
	for c := range 256 {
		t[c] = byte(c)
		if c >= 'A' && c <= 'Z' {
			t[c] = byte(c + 'a' - 'A')
		}
	}
	return t
}()
