package grounding

import (
	"math/bits"
	"unicode"
	"unicode/utf8"
)

// Token flags; the bits above them hold the word classes (see lexicon).
const (
	fDigit uint32 = 1 << iota // contains a digit
	fCap                      // starts with an upper-case letter
	fSent                     // first word of a sentence or line
	fCode                     // inside a code span or fenced block
	fStop                     // function word
	fLine                     // first word of a line
	fMeta                     // not a claim: plan, meta-talk, question, reasoning block
	fKnow                     // in a knowledge part of its message
)

// token is one word of a text: its hash (lower-cased, lightly stemmed,
// thousands separators dropped), its byte span, and its flags and word
// classes (see lexicon; none from tokenizeRaw). Four fields keep it in
// registers.
type token struct {
	h          uint64
	start, end int32
	flags      uint32
}

func (t token) has(f uint32) bool { return t.flags&f != 0 }

// content reports whether the token carries content: not a function word,
// not code, and a number or a word of three letters or more.
func (t token) content() bool {
	return t.flags&(fStop|fCode) == 0 && (t.flags&fDigit != 0 || t.end-t.start >= 3)
}

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func isWordByte(c byte) bool { return byteClass[c] != 0 }

// Byte classes of ASCII word bytes.
const (
	clLetter uint8 = 1
	clDigit  uint8 = 2
	clUpper  uint8 = 4 // with clLetter
)

// wordEnd marks ASCII bytes that always end a word (everything but word
// bytes, the apostrophe and the number separators).
var wordEnd = func() (t [256]bool) {
	for c := 0; c < utf8.RuneSelf; c++ {
		t[c] = byteClass[c] == 0 && c != '\'' && c != ',' && c != '.'
	}
	return
}()

// byteClass classifies bytes (0 = not an ASCII word byte); lowerByte
// lower-cases ASCII letters. Both are immutable lookup tables.
var byteClass, lowerByte = func() (cl, lo [256]uint8) {
	for c := 0; c < 256; c++ {
		lo[c] = uint8(c)
		switch {
		case 'a' <= c && c <= 'z':
			cl[c] = clLetter
		case 'A' <= c && c <= 'Z':
			cl[c] = clLetter | clUpper
			lo[c] = uint8(c + 'a' - 'A')
		case '0' <= c && c <= '9':
			cl[c] = clDigit
		}
	}
	return
}()

// tokenize appends the words of s to dst, with their word classes. Fenced
// (```) and inline (`) code is marked fCode, stopwords fStop.
func tokenize(s string, dst []token) []token { return tokenizeWith(s, dst, lexicon, nil) }

// Tokenizer modes, bits of one integer to keep the scan loop in registers.
// mSent and mLine are the token flags they give the next word.
const (
	mSent   = fSent   // the next word starts a sentence
	mLine   = fLine   // the next word starts a line
	mFence  = 1 << 16 // inside a ``` block
	mInline = 1 << 17 // inside a ` span
	mUnder  = 1 << 18 // the byte before the next word is '_'
	mWord   = 1 << 19 // a word of s is in dst
	mCode   = fCode   // mFence or mInline: the flag the next word gets (see withCode)
)

// tokenizeWith tokenizes s into dst with the word classes of lex, through
// the word cache wc of lex if it is not nil. readRun reads the common text
// in batches and hashRun hashes its words; what it stops at (non-ASCII
// text, '_', a word that is no plain run) is one general step.
func tokenizeWith(s string, dst []token, lex *wordClasses, wc *wordCache) []token {
	mode := uint32(mSent | mLine)
	for i := 0; i < len(s); {
		var n int
		if l := len(dst); cap(dst)-l >= runBatch {
			// Room for a batch: readRun writes the words in place.
			i, n, mode = readRun(s, i, mode, (*[runBatch]token)(dst[l:l+runBatch]))
			hashRun(dst[l:l+n], lex, wc)
			dst = dst[:l+n]
		} else {
			var batch [runBatch]token
			i, n, mode = readRun(s, i, mode, &batch)
			hashRun(batch[:n], lex, wc)
			dst = append(dst, batch[:n]...)
		}
		if i >= len(s) {
			break
		}
		if n == runBatch {
			continue
		}
		// The general step.
		c := s[i]
		if byteClass[c] == 0 {
			if c == '_' {
				// Part of an identifier (read_file): the words on both
				// sides are code. The word before ends here, if one does.
				mode |= mUnder
				if n := len(dst); mode&mWord != 0 && int(dst[n-1].end) == i {
					dst[n-1].flags |= fCode
				}
				i++
				continue
			}
			r, size := utf8.DecodeRuneInString(s[i:])
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				mode &^= mUnder
				if r == '。' || r == '？' || r == '！' {
					mode |= mSent
				}
				i += size
				continue
			}
		}
		var t token
		t, i = scanWord(s, i)
		dst = append(dst, classify(t, mode, lex))
		mode = mode&^(mSent|mLine|mUnder) | mWord
	}
	return dst
}

// runBatch is the most words readRun reads at once.
const runBatch = 64

// readRun reads s from i on in mode: ASCII separators other than '_', and
// the common word, a run of ASCII letters (or of digits) that ends at a
// byte that always ends a word, with eight bytes of text from its start:
// shorter than eight bytes if it has a digit. It writes the words to batch
// with their keys for hashes (see longWord and hashRun), and returns where
// it stopped (the end of s, anything else, or a full batch), the number of
// words and the mode there. A function of its own with no call in its
// loop, and with no more than that loop needs, so that its state stays in
// registers (Go has no callee-saved registers: a call per word would spill
// it, and so does the hashing that hashRun does apart).
func readRun(s string, i int, mode uint32, batch *[runBatch]token) (int, int, uint32) {
	if mode&mUnder != 0 {
		// After a '_': the general step reads what follows but an ASCII
		// separator, which ends the identifier. No word in the loop is
		// after a '_'.
		if uint(i) >= uint(len(s)) || byteClass[s[i]] != 0 || s[i] == '_' || s[i] >= utf8.RuneSelf {
			return i, 0, mode
		}
		mode &^= mUnder
	}
	n := 0
	// Indices are compared as unsigned (they are never negative), which
	// proves s[i], s[j] and batch[n] in bounds: no check per byte or word.
scan:
	for uint(i) < uint(len(s)) && uint(n) < uint(len(batch)) {
		c := s[i]
		if byteClass[c] == 0 {
			switch c {
			case ' ':
			case '`':
				if i+2 < len(s) && s[i+1] == '`' && s[i+2] == '`' {
					mode = withCode((mode ^ mFence) &^ mInline)
					i += 3
					continue
				}
				if mode&mFence == 0 {
					mode = withCode(mode ^ mInline)
				}
			case '.', '!', '?', ':', ';':
				mode |= mSent
			case '\n':
				mode = withCode(mode&^mInline | mSent | mLine)
			default:
				if c == '_' || c >= utf8.RuneSelf {
					break scan
				}
			}
			i++
			continue
		}
		if i+8 > len(s) {
			break
		}
		// Eight bytes from the word's start, read at once (see wordLanes).
		x := load64(s, i)
		ends, digit := wordLanes(x)
		var j int // the word's end
		var key uint64
		var dig uint32 // fDigit, for a word with a digit
		if ends != 0 {
			// A word shorter than eight bytes.
			w := bits.TrailingZeros64(ends) >> 3
			j = i + w
			low := lowBytes[w&7] // its bytes
			if digit&low != 0 {
				if digit&0x80 != 0 && ^digit&low&lanesHigh != 0 {
					// A number with letters (maybe an ordinal: "19th").
					// A word with digits that starts with a letter
					// ("Q3") is hashed whole, as scanWord does.
					break
				}
				dig = fDigit
			}
			key = (x | lanesCase) & low
		} else {
			// Eight word bytes or more: letters only take this path.
			if digit != 0 {
				break
			}
			j = i + 8
			for uint(j) < uint(len(s)) {
				b := byteClass[s[j]]
				if b == 0 {
					break
				}
				if b == clDigit {
					break scan
				}
				j++
			}
			key = (x|lanesCase)&lowBytes[stemLen] | longWord
		}
		var next byte // s[j], 0 at the end of s
		if uint(j) < uint(len(s)) {
			next = s[j]
		}
		end := j
		if next == ' ' {
			j++ // a space changes no mode: no need to visit it
		} else if !wordEnd[next] {
			// Only a comma or period after letters, or one not
			// followed by a digit, ends the word (continuesWord).
			if next|2 != '.' || dig != 0 && j+1 < len(s) && '0' <= s[j+1] && s[j+1] <= '9' {
				break
			}
		}
		// The word's first byte is a letter or digit: an upper-case letter
		// if its case bit is 0.
		flags := mode&(fSent|fLine|mCode) | uint32(^x>>4)&fCap | dig
		batch[n] = token{h: key, start: int32(i), end: int32(end), flags: flags}
		n++
		mode &^= mSent | mLine
		i = j
	}
	if n > 0 {
		mode |= mWord
	}
	return i, n, mode
}

// withCode returns mode with mCode set if it is in code, clear otherwise.
func withCode(mode uint32) uint32 {
	if mode&(mFence|mInline) != 0 {
		return mode | mCode
	}
	return mode &^ mCode
}

// Lanes of a 64-bit word: the eight bytes of text load64 reads.
const (
	lanesLow  = 0x0101010101010101 // the low bit of every byte
	lanesHigh = 0x8080808080808080 // the high bit of every byte
	lanesCase = 0x2020202020202020 // the ASCII case bit of every byte
)

// wordLanes returns the high bit of each byte of x that is no ASCII letter
// or digit (byteClass 0), and of each that is a digit. Bytes from 0x80 on
// may carry into the bytes above them: both are exact up to the first byte
// that is no letter or digit, not always above it.
func wordLanes(x uint64) (ends, digit uint64) {
	l := x | lanesCase // letters in lower case
	letter := (l + (0x80-'a')*lanesLow) &^ (l + (0x80-'z'-1)*lanesLow)
	digit = (x + (0x80-'0')*lanesLow) &^ (x + (0x80-'9'-1)*lanesLow)
	return (^(letter | digit) | x) & lanesHigh, digit & lanesHigh
}

// A word's key is the bytes of a word readRun reads, lower-cased (OR 0x20,
// which leaves digits alone), as a little-endian word: the whole word when
// it is shorter than eight bytes (its length is that of its bytes, none of
// them 0), the first stemLen letters and longWord when it is longer. It
// tells the word's hash, fDigit and classes (see hashRun), and no key is 0.
const longWord = 1 << 63

// keyLen returns the number of bytes of the word with key that its hash
// reads: all of a number, at most stemLen letters without a plural s.
func keyLen(key uint64, digit bool) int {
	if key&longWord != 0 {
		return stemLen
	}
	w := (bits.Len64(key) + 7) >> 3
	if !digit && w > 3 {
		top := key << (uint(64-8*w) & 63) // the last byte on top
		if top>>56 == 's' && plurals[byte(top>>48)] {
			w-- // plural
		}
		w = min(w, stemLen) // "delivered", "delivery": "delive"
	}
	return w
}

// plurals marks the bytes before an s that make it a plural s: not s, u
// or i (see plural).
var plurals = func() (t [256]bool) {
	for c := range t {
		t[c] = c != 's' && c != 'u' && c != 'i'
	}
	return
}()

// keyHash hashes the first w bytes of key (w < 8) like hashLower: one
// round.
func keyHash(key uint64, w int) uint64 {
	h := (uint64(hashSeed) ^ uint64(w) ^ key&lowBytes[w&7]) * hashMul
	return fmix(h^h>>29) | 1
}

// keyClasses returns the classes in lex of the word with hash h, without
// fStop for a number.
func keyClasses(lex *wordClasses, h uint64, digit bool) uint32 {
	c := lex.get(h)
	if digit {
		c &^= fStop
	}
	return c
}

// hashRun replaces the keys in the tokens readRun read by the words'
// hashes and adds their classes, through wc if it is not nil.
func hashRun(ts []token, lex *wordClasses, wc *wordCache) {
	if wc == nil {
		for k := range ts {
			t := &ts[k]
			digit := t.flags&fDigit != 0
			h := keyHash(t.h, keyLen(t.h, digit))
			t.h, t.flags = h, t.flags|keyClasses(lex, h, digit)
		}
		return
	}
	for k := range ts {
		t := &ts[k]
		e := &wc[t.h*hashMul>>(64-wordCacheBits)]
		if e.key != t.h {
			digit := t.flags&fDigit != 0
			h := keyHash(t.h, keyLen(t.h, digit))
			e.key, e.h, e.classes = t.h, h, keyClasses(lex, h, digit)
		}
		t.h, t.flags = e.h, t.flags|e.classes
	}
}

// wordCacheBits is the log2 of the number of words a wordCache holds: 1024
// words in 24 KB, a turn's vocabulary and most of a trajectory's.
const wordCacheBits = 10

// wordCache remembers the hashes and classes of the words readRun read
// (most words of a text are read again and again), for one lexicon (the
// grounding state's, see shared.tokenize): direct-mapped, indexed by the
// multiplied key. A zero entry holds no word (no key is 0). Its words are
// a function of their keys: a cache kept from one text to the next, or one
// trajectory to the next, changes no token.
type wordCache [1 << wordCacheBits]struct {
	key, h  uint64
	classes uint32
}

// lowBytes[w] masks the first w bytes of a little-endian word.
var lowBytes = [8]uint64{0, 0xff, 0xffff, 0xffffff, 0xffffffff, 0xffffffffff, 0xffffffffffff, 0xffffffffffffff}

// classify adds to a word the flags mode gives it and its word classes in
// lex (see noClasses and lexicon), fStop for a function word that is no
// number.
func classify(t token, mode uint32, lex *wordClasses) token {
	t.flags |= mode & (fSent | fLine)
	if mode&(mFence|mInline|mUnder) != 0 {
		t.flags |= fCode // code, or part of an identifier (read_file)
	}
	t.flags |= lex.get(t.h) &^ ((t.flags & fDigit) << stopShift)
	return t
}

// stopShift moves fDigit to fStop (see classify; the test of the lexicon
// checks it).
const stopShift = 4

// scanWord reads the word starting at s[i]: its hash (lower-cased, decimal
// numbers normalized, a plural s dropped), span, fDigit and fCap flags, and
// the index after it (after the space that follows it, if one does).
func scanWord(s string, i int) (token, int) {
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
		if n := e - i; n > 0 && n < 8 && i+8 <= len(s) {
			// hashLower of a word shorter than eight bytes with eight
			// bytes of text from its start (most words; letters are
			// cut to stemLen): one load, one round.
			mask := uint64(1)<<(8*n) - 1
			h := (uint64(hashSeed) ^ uint64(n) ^ (load64(s, i)&mask | 0x2020202020202020&mask)) * hashMul
			t.h = fmix(h^h>>29) | 1
		} else {
			t.h = hashLower(s, i, e) | 1
		}
		if j < len(s) && s[j] == ' ' {
			j++ // a space changes no mode: tokenizeWith need not visit it
		}
		return t, j
	}
	return scanWordSlow(s, i, t)
}

// continuesWord reports whether the byte at s[j] (after a run of word
// bytes) continues the word: a decimal point or thousands separator between
// digits, an apostrophe before a letter, or a non-ASCII letter or digit.
func continuesWord(s string, j int, dig uint8) bool {
	c := s[j]
	switch {
	case c == ',' || c == '.':
		return dig&clDigit != 0 && j+1 < len(s) && '0' <= s[j+1] && s[j+1] <= '9'
	case c == '\'':
		return j+1 < len(s) && isLetterAt(s, j+1)
	case c >= utf8.RuneSelf:
		return true
	}
	return false
}

// ordinal reports whether a word is digits followed by st, nd, rd or th.
func ordinal(w string) bool {
	n := len(w)
	if n < 3 || w[0] < '0' || w[0] > '9' {
		return false
	}
	a, b := w[n-2]|0x20, w[n-1]|0x20
	if !(a == 's' && b == 't' || a == 'n' && b == 'd' || a == 'r' && b == 'd' || a == 't' && b == 'h') {
		return false
	}
	for k := 0; k < n-2; k++ {
		if w[k] < '0' || w[k] > '9' {
			return false
		}
	}
	return true
}

// stemLen is the length words are cut to: a truncation stemmer, so that the
// inflections and derivations of a word ("delivered", "delivery",
// "deliveries") match, at the price of a few false matches between long
// words that share their first six letters.
const stemLen = 6

// asciiBytes reports whether w is ASCII (it is cut at a byte, not a rune).
func asciiBytes(w []byte) bool {
	for _, c := range w {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// plural reports whether an ASCII word ends in a plural s to drop.
func plural(w string) bool {
	last := w[len(w)-1] | 0x20
	prev := w[len(w)-2] | 0x20
	return last == 's' && prev != 's' && prev != 'u' && prev != 'i'
}

// scanWordSlow reads a word with separators, apostrophes or non-ASCII
// letters: it builds the normalized word and hashes it like hashLower.
func scanWordSlow(s string, i int, t token) (token, int) {
	start := i
	var nb [64]byte
	w := nb[:0]
	digits := '0' <= s[i] && s[i] <= '9'
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if k := byteClass[c]; k != 0 {
				if k == clDigit {
					t.flags |= fDigit
				}
				w = append(w, lowerByte[c])
				i++
				continue
			}
			switch {
			case digits && (c == ',' || c == '.') && i+1 < len(s) && '0' <= s[i+1] && s[i+1] <= '9':
				if c == '.' {
					w = append(w, c)
				}
				i++
				continue
			case c == '\'' && i+1 < len(s) && isLetterAt(s, i+1):
				if (s[i+1] == 's' || s[i+1] == 'S') && (i+2 == len(s) || !isWordByte(s[i+2])) {
					// possessive 's: end the word here
					t.end = int32(i)
					t.h = finishSlow(w, t, digits)
					return t, i + 2
				}
				w = append(w, c)
				i++
				continue
			}
			break
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == '’' && i+size < len(s) && isLetterAt(s, i+size) {
			if (s[i+size] == 's') && (i+size+1 == len(s) || !isWordByte(s[i+size+1])) {
				t.end = int32(i)
				t.h = finishSlow(w, t, digits)
				return t, i + size + 1
			}
			w = append(w, '\'')
			i += size
			continue
		}
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			break
		}
		if unicode.IsUpper(r) && i == start {
			t.flags |= fCap
		}
		w = utf8.AppendRune(w, unicode.ToLower(r))
		i += size
	}
	t.end = int32(i)
	t.h = finishSlow(w, t, digits)
	return t, i
}

// finishSlow normalizes a built word (number zeros, plural s) and hashes it.
func finishSlow(w []byte, t token, digits bool) uint64 {
	if t.flags&fDigit != 0 && digits {
		w = trimNumber(w)
	} else if t.flags&fDigit == 0 && t.end-t.start > 3 && len(w) > 1 {
		last, prev := w[len(w)-1], w[len(w)-2]
		if last == 's' && prev != 's' && prev != 'u' && prev != 'i' {
			w = w[:len(w)-1]
		}
		if len(w) > stemLen && asciiBytes(w) {
			w = w[:stemLen]
		}
	}
	return hashBytes(w) | 1
}

// trimNumber drops the trailing zeros of a decimal fraction ("98.70" is
// "98.7", "1200.0" is "1200").
func trimNumber(w []byte) []byte {
	dot := -1
	for k, c := range w {
		if c == '.' {
			dot = k
			break
		}
	}
	if dot < 0 {
		return w
	}
	end := len(w)
	for end > dot+1 && w[end-1] == '0' {
		end--
	}
	if end == dot+1 {
		end = dot
	}
	return w[:end]
}

// Word hashing: 8 bytes at a time, one multiply per chunk (a byte-wise FNV
// chain costs a multiply latency per byte), then a finalizer so that the low
// bits the hash sets index by are well mixed.
const (
	hashSeed = 0x9E3779B97F4A7C15
	hashMul  = 0xBF58476D1CE4E5B9
)

// hashLower hashes the ASCII word s[i:j] of letters and digits as its
// lower-case bytes (OR 0x20 lower-cases letters and leaves digits alone),
// exactly like hashBytes hashes those bytes.
func hashLower(s string, i, j int) uint64 {
	n := j - i
	h := uint64(hashSeed) ^ uint64(n)
	for n >= 8 {
		h = (h ^ (load64(s, i) | 0x2020202020202020)) * hashMul
		h ^= h >> 29
		i += 8
		n -= 8
	}
	if n > 0 {
		mask := uint64(1)<<(8*n) - 1
		var x uint64
		if i+8 <= len(s) {
			x = load64(s, i) & mask
		} else {
			for k := j - 1; k >= i; k-- {
				x = x<<8 | uint64(s[k])
			}
		}
		h = (h ^ (x | 0x2020202020202020&mask)) * hashMul
		h ^= h >> 29
	}
	return fmix(h)
}

// load64 reads 8 bytes of s at i, little-endian (one load once compiled).
func load64(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// hashBytes hashes already normalized bytes exactly like hashLower hashes
// the lower-case form of an ASCII word.
func hashBytes(w []byte) uint64 {
	h := uint64(hashSeed) ^ uint64(len(w))
	for len(w) >= 8 {
		x := uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24 |
			uint64(w[4])<<32 | uint64(w[5])<<40 | uint64(w[6])<<48 | uint64(w[7])<<56
		h = (h ^ x) * hashMul
		h ^= h >> 29
		w = w[8:]
	}
	if len(w) > 0 {
		var x uint64
		for k := len(w) - 1; k >= 0; k-- {
			x = x<<8 | uint64(w[k])
		}
		h = (h ^ x) * hashMul
		h ^= h >> 29
	}
	return fmix(h)
}

// fmix is MurmurHash3's 64-bit finalizer.
func fmix(h uint64) uint64 {
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return h
}

func isLetterAt(s string, i int) bool {
	c := s[i]
	if c < utf8.RuneSelf {
		return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r)
}

// wordHash is the hash tokenize gives the single word w.
func wordHash(w string) uint64 {
	var buf [2]token
	ts := tokenizeRaw(w, buf[:0])
	if len(ts) == 0 {
		return 1
	}
	return ts[0].h
}

// tokenizeRaw tokenizes without the word classes (used to build the
// lexicon itself).
func tokenizeRaw(s string, dst []token) []token {
	return tokenizeWith(s, dst, &noClasses, nil)
}

// pairHash combines two word hashes into the hash of the ordered pair.
func pairHash(a, b uint64) uint64 {
	return (a*0x9E3779B97F4A7C15 ^ b) * fnvPrime
}
