package grounding

import (
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
func tokenize(s string, dst []token) []token { return tokenizeWith(s, dst, lexicon) }

// Tokenizer modes, bits of one integer to keep the scan loop in registers.
// mSent and mLine are the token flags they give the next word.
const (
	mSent   = fSent   // the next word starts a sentence
	mLine   = fLine   // the next word starts a line
	mFence  = 1 << 16 // inside a ``` block
	mInline = 1 << 17 // inside a ` span
	mUnder  = 1 << 18 // the byte before the next word is '_'
	mWord   = 1 << 19 // a word of s is in dst
)

// tokenizeWith tokenizes s into dst with the word classes of lex. readRun reads the common text in batches; what it stops at
// (non-ASCII text, '_', a word that is no plain run) is one general step.
func tokenizeWith(s string, dst []token, lex *wordClasses) []token {
	mode := uint32(mSent | mLine)
	for i := 0; i < len(s); {
		var n int
		if l := len(dst); cap(dst)-l >= runBatch {
			// Room for a batch: readRun writes the words in place.
			i, n, mode = readRun(s, i, mode, lex, (*[runBatch]token)(dst[l:l+runBatch]))
			dst = dst[:l+n]
		} else {
			var batch [runBatch]token
			i, n, mode = readRun(s, i, mode, lex, &batch)
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
// byte that always ends a word, shorter than eight bytes once cut to
// stemLen, with eight bytes of text from its start. It writes the words to
// batch and returns where it stopped (the end of s, anything else, or a
// full batch), the number of words and the mode there. A function of its
// own with no call in its loop, so that its state stays in registers (Go
// has no callee-saved registers: a call per word would spill it).
func readRun(s string, i int, mode uint32, lex *wordClasses, batch *[runBatch]token) (int, int, uint32) {
	n := 0
	// Indices are compared as unsigned (they are never negative), which
	// proves s[i], s[j] and batch[n] in bounds: no check per byte or word.
	for uint(i) < uint(len(s)) && uint(n) < uint(len(batch)) {
		c := s[i]
		k := byteClass[c]
		if k == 0 {
			switch c {
			case ' ':
			case '`':
				if i+2 < len(s) && s[i+1] == '`' && s[i+2] == '`' {
					mode = (mode ^ mFence) &^ (mInline | mUnder)
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
			default:
				if c == '_' || c >= utf8.RuneSelf {
					return i, n, mode
				}
			}
			mode &^= mUnder
			i++
			continue
		}
		j, dig := i+1, k
		for uint(j) < uint(len(s)) {
			b := byteClass[s[j]]
			if b == 0 {
				break
			}
			dig |= b
			j++
		}
		if uint(j) < uint(len(s)) && !wordEnd[s[j]] {
			// Only a comma or period after letters, or one not
			// followed by a digit, ends the word (continuesWord).
			if c := s[j]; c != ',' && c != '.' || dig&clDigit != 0 && j+1 < len(s) && '0' <= s[j+1] && s[j+1] <= '9' {
				break
			}
		}
		if i+8 > len(s) {
			break
		}
		w := j - i // the length hashed
		if dig&clDigit == 0 {
			if w > 3 && plural(s[i:j]) {
				w--
			}
			w = min(w, stemLen) // "delivered", "delivery": "delive"
		} else if dig&clLetter != 0 && k&clLetter == 0 || w >= 8 {
			// A number with letters (maybe an ordinal: "19th"), or a
			// long one. A word with digits that starts with a letter
			// ("Q3") is hashed whole, as scanWord does.
			break
		}
		// hashLower of a word shorter than eight bytes with eight bytes of
		// text from its start: one load, one round.
		mask := lowBytes[w&7]
		h := (uint64(hashSeed) ^ uint64(w) ^ (load64(s, i)&mask | 0x2020202020202020&mask)) * hashMul
		// clUpper and clDigit are fCap and fDigit shifted left by one.
		t := token{h: fmix(h^h>>29) | 1, start: int32(i), end: int32(j), flags: uint32(k&clUpper|dig&clDigit) >> 1}
		batch[n] = classify(t, mode, lex)
		n++
		mode = mode&^(mSent|mLine|mUnder) | mWord
		if uint(j) < uint(len(s)) && s[j] == ' ' {
			j++ // a space changes no mode: no need to visit it
		}
		i = j
	}
	return i, n, mode
}

// lowBytes[w] masks the first w bytes of a little-endian word.
var lowBytes = [8]uint64{0, 0xff, 0xffff, 0xffffff, 0xffffffff, 0xffffffffff, 0xffffffffffff, 0xffffffffffffff}

// classify adds to a word the flags mode gives it and its word classes in
// lex (see noClasses), fStop for a function word that is no number.
func classify(t token, mode uint32, lex *wordClasses) token {
	t.flags |= mode & (fSent | fLine)
	if mode&(mFence|mInline|mUnder) != 0 {
		t.flags |= fCode // code, or part of an identifier (read_file)
	}
	c := lex.get(t.h)
	t.flags |= c | (c&cStop)>>stopShift&^((t.flags&fDigit)<<stopShift)
	return t
}

// stopShift moves cStop to fStop and fDigit to fStop (see classify; the
// test of the lexicon checks both).
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
	return tokenizeWith(s, dst, &noClasses)
}

// pairHash combines two word hashes into the hash of the ordered pair.
func pairHash(a, b uint64) uint64 {
	return (a*0x9E3779B97F4A7C15 ^ b) * fnvPrime
}
