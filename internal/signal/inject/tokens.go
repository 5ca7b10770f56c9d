package inject

import (
	"encoding/binary"
	"unsafe"

	"github.com/faultline-dev/faultline/internal/signal/model"
)

// lowerASCII returns text lower-cased when it is pure ASCII (the text itself
// when it has no upper-case letter), and false when it has other bytes: its
// words are then taken with model.Words, whose Unicode lower-casing can move
// byte offsets.
func lowerASCII(text string) (string, bool) { return lowerASCIIInto(text, nil) }

// lowerASCIIInto is lowerASCII writing a lower-cased copy into *scratch
// (grown as needed) instead of allocating one, when scratch is not nil: the
// result then aliases *scratch and is valid until its next use.
func lowerASCIIInto(text string, scratch *[]byte) (string, bool) {
	if scratch != nil {
		return lowerASCIIScratch(text, scratch)
	}
	// Eight bytes at a time: a high bit means a non-ASCII byte; for ASCII
	// bytes, adding 0x3f sets the high bit from 'A' up and adding 0x25 from
	// '[' up, so their difference marks the upper-case letters.
	const hi = 0x8080808080808080
	var upper uint64
	i := 0
	for ; i+8 <= len(text); i += 8 {
		v := binary.LittleEndian.Uint64([]byte(text[i : i+8]))
		if v&hi != 0 {
			return "", false
		}
		upper |= (v + 0x3f3f3f3f3f3f3f3f) &^ (v + 0x2525252525252525) & hi
	}
	for ; i < len(text); i++ {
		c := text[i]
		if c >= 0x80 {
			return "", false
		}
		if c >= 'A' && c <= 'Z' {
			upper = 1
		}
	}
	if upper == 0 {
		return text, true
	}
	b := []byte(text)
	// The same test marks upper-case letters eight bytes at a time; their
	// marks shifted to 0x20 lower-case them.
	i = 0
	for ; i+8 <= len(b); i += 8 {
		v := binary.LittleEndian.Uint64(b[i:])
		v |= ((v + 0x3f3f3f3f3f3f3f3f) &^ (v + 0x2525252525252525) & hi) >> 2
		binary.LittleEndian.PutUint64(b[i:], v)
	}
	for ; i < len(b); i++ {
		if c := b[i]; c-'A' < 26 {
			b[i] = c | 0x20
		}
	}
	return string(b), true
}

// lowerASCIIScratch is lowerASCIIInto with a scratch buffer: the text is
// copied into it and lower-cased there in one pass, eight bytes at a time,
// with the test of lowerASCIIInto (it also marks the upper-case letters).
func lowerASCIIScratch(text string, scratch *[]byte) (string, bool) {
	const hi = 0x8080808080808080
	b := append((*scratch)[:0], text...)
	*scratch = b
	var upper uint64
	r := b
	for ; len(r) >= 8; r = r[8:] {
		v := binary.LittleEndian.Uint64(r)
		if v&hi != 0 {
			return "", false
		}
		m := (v + 0x3f3f3f3f3f3f3f3f) &^ (v + 0x2525252525252525) & hi
		upper |= m
		binary.LittleEndian.PutUint64(r, v|m>>2)
	}
	for i, c := range r {
		if c >= 0x80 {
			return "", false
		}
		if c-'A' < 26 {
			r[i] = c | 0x20
			upper = 1
		}
	}
	if upper == 0 {
		return text, true
	}
	return unsafe.String(unsafe.SliceData(b), len(b)), true
}

// asciiWords appends the words of lower-cased ASCII text to dst exactly as
// model.Words would split it: runs of letters and digits, with apostrophes
// inside a word kept and trailing ones dropped.
func asciiWords(lower string, dst []string) []string {
	for i := 0; i < len(lower); {
		// A word starts at a letter or digit; apostrophes only continue one.
		for i < len(lower) && asciiWordByte[lower[i]] != wStart {
			i++
		}
		if i == len(lower) {
			break
		}
		start := i
		for i < len(lower) && asciiWordByte[lower[i]] != 0 {
			i++
		}
		dst = append(dst, trimQuotes(lower[start:i]))
	}
	return dst
}

// Classes of the bytes of lower-cased ASCII words.
const (
	wStart uint8 = 1 // a lower-case letter or a digit: starts or continues a word
	wInner uint8 = 2 // the apostrophe: continues a word
)

var asciiWordByte = func() (t [256]uint8) {
	for c := 'a'; c <= 'z'; c++ {
		t[c] = wStart
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = wStart
	}
	t['\''] = wInner
	return t
}()

func trimQuotes(w string) string {
	for len(w) > 0 && w[len(w)-1] == '\'' {
		w = w[:len(w)-1]
	}
	return w
}

// Words appends the lower-cased words of text to dst, as model.Words does,
// with a faster path for ASCII text.
func Words(text string, dst []string) []string {
	if lower, ok := lowerASCII(text); ok {
		return asciiWords(lower, dst)
	}
	return model.Words(text, dst)
}
