package ingest

import (
	"encoding/binary"
	"math/bits"
	"strconv"
	"unicode/utf8"
	"unsafe"

	json "github.com/goccy/go-json"
)

// jsonScanner reads JSON by hand for the decoders of the common record shapes
// (see fastwire.go). Its methods return false for anything they do not handle,
// valid JSON included: the caller then leaves the record to the general
// decoder, which accepts or rejects it and words its errors. So a scanner
// only ever accepts a strict subset of what the general decoder accepts.
type jsonScanner struct {
	b []byte
	i int
	// arena holds the decoded text of every string returned by str: one
	// allocation for all of them. It is only ever appended to, so the bytes
	// under a returned string are never written again.
	arena []byte
	// scratch receives the text of the strings that are only skipped.
	scratch []byte
}

// maxSkipDepth bounds the nesting of skipped values (the general decoder
// allows far more; deeper values are left to it).
const maxSkipDepth = 256

// ws skips JSON whitespace.
func (s *jsonScanner) ws() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// peek returns the next byte after whitespace, or 0 at the end.
func (s *jsonScanner) peek() byte {
	s.ws()
	if s.i < len(s.b) {
		return s.b[s.i]
	}
	return 0
}

// consume skips whitespace and c, and reports whether c was there.
func (s *jsonScanner) consume(c byte) bool {
	if s.peek() != c {
		return false
	}
	s.i++
	return true
}

// literal consumes the literal word (true, false, null) at the cursor.
func (s *jsonScanner) literal(word string) bool {
	if len(s.b)-s.i < len(word) || string(s.b[s.i:s.i+len(word)]) != word {
		return false
	}
	s.i += len(word)
	return true
}

// fields calls field for every key of the object at the cursor, with the
// cursor on the key's value, which field must consume.
func (s *jsonScanner) fields(field func(key []byte) bool) bool {
	if !s.consume('{') {
		return false
	}
	if s.consume('}') {
		return true
	}
	for {
		key, ok := s.key()
		if !ok || !s.consume(':') || !field(key) {
			return false
		}
		if !s.consume(',') {
			return s.consume('}')
		}
	}
}

// elements calls elem for every element of the array at the cursor, with the
// cursor on the element, which elem must consume.
func (s *jsonScanner) elements(elem func() bool) bool {
	if !s.consume('[') {
		return false
	}
	if s.consume(']') {
		return true
	}
	for {
		if !elem() {
			return false
		}
		if !s.consume(',') {
			return s.consume(']')
		}
	}
}

// key reads an object key. Only keys of plain printable ASCII are handled:
// the general decoder matches keys to fields by case folding, which for other
// keys takes Unicode rules.
func (s *jsonScanner) key() ([]byte, bool) {
	if s.peek() != '"' {
		return nil, false
	}
	start := s.i + 1
	end := plainEnd(s.b, start)
	if end >= len(s.b) || s.b[end] != '"' {
		return nil, false
	}
	s.i = end + 1
	return s.b[start:end], true
}

// str reads a string value; the text is in the arena.
func (s *jsonScanner) str() (string, bool) {
	if s.peek() != '"' {
		return "", false
	}
	start := len(s.arena)
	var ok bool
	s.arena, s.i, ok = appendUnquoted(s.arena, s.b, s.i)
	if !ok {
		return "", false
	}
	text := s.arena[start:]
	if len(text) == 0 {
		return "", true
	}
	// The arena is only appended to: these bytes stay as they are.
	return unsafe.String(unsafe.SliceData(text), len(text)), true
}

// optString reads a string or null into dst; null leaves dst as it is, as the
// general decoder does.
func (s *jsonScanner) optString(dst *string) bool {
	switch s.peek() {
	case 'n':
		return s.literal("null")
	case '"':
		v, ok := s.str()
		*dst = v
		return ok
	}
	return false
}

// optBool reads true, false or null (which leaves dst as it is).
func (s *jsonScanner) optBool(dst *bool) bool {
	switch s.peek() {
	case 'n':
		return s.literal("null")
	case 't':
		*dst = true
		return s.literal("true")
	case 'f':
		*dst = false
		return s.literal("false")
	}
	return false
}

// raw reads any value and sets dst to its bytes (a slice of the input, as
// json.RawMessage holds them).
func (s *jsonScanner) raw(dst *json.RawMessage) bool {
	s.ws()
	start := s.i
	if !s.skip(0) {
		return false
	}
	*dst = s.b[start:s.i]
	return true
}

// skip consumes any value, checking that it is valid JSON.
func (s *jsonScanner) skip(depth int) bool {
	switch c := s.peek(); c {
	case '{':
		if depth >= maxSkipDepth {
			return false
		}
		return s.fields(func([]byte) bool { return s.skip(depth + 1) })
	case '[':
		if depth >= maxSkipDepth {
			return false
		}
		return s.elements(func() bool { return s.skip(depth + 1) })
	case '"':
		var ok bool
		s.scratch, s.i, ok = appendUnquoted(s.scratch[:0], s.b, s.i)
		return ok
	case 't':
		return s.literal("true")
	case 'f':
		return s.literal("false")
	case 'n':
		return s.literal("null")
	default:
		return s.number()
	}
}

// number consumes a number of the JSON grammar:
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (s *jsonScanner) number() bool {
	b, i := s.b, s.i
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && b[i] >= '1' && b[i] <= '9':
		i = digits(b, i)
	default:
		return false
	}
	if i < len(b) && b[i] == '.' {
		j := digits(b, i+1)
		if j == i+1 {
			return false
		}
		i = j
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		j := digits(b, i)
		if j == i {
			return false
		}
		i = j
	}
	s.i = i
	return true
}

// digits returns the index after the run of decimal digits at b[i].
func digits(b []byte, i int) int {
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		i++
	}
	return i
}

// appendUnquoted appends the text of the JSON string whose opening quote is
// at b[i] to dst, and returns the index after its closing quote. It decodes
// escapes as the general decoder does (a surrogate that is not half of a
// pair becomes U+FFFD) and fails on what it rejects or changes: control
// characters, bad escapes, invalid UTF-8 (which it would replace), a string
// that does not end. Runs of plain bytes are appended whole.
func appendUnquoted(dst, b []byte, i int) ([]byte, int, bool) {
	i++ // the opening quote
	run := i
	for {
		i = plainEnd(b, i)
		if i >= len(b) {
			return dst, i, false
		}
		switch c := b[i]; {
		case c == '"':
			return append(dst, b[run:i]...), i + 1, true
		case c == '\\':
			dst = append(dst, b[run:i]...)
			var ok bool
			if i+1 < len(b) && b[i+1] != 'u' {
				var e byte
				if e, ok = unescape(b[i+1]); !ok {
					return dst, i, false
				}
				dst = append(dst, e)
				i += 2
			} else if dst, i, ok = appendUnicodeEscape(dst, b, i); !ok {
				return dst, i, false
			}
			run = i
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRune(b[i:])
			if r == utf8.RuneError && size == 1 {
				return dst, i, false
			}
			i += size
		default: // a control character
			return dst, i, false
		}
	}
}

// unescape returns the character of the one-letter escape \c.
func unescape(c byte) (byte, bool) {
	switch c {
	case '"', '\\', '/':
		return c, true
	case 'b':
		return '\b', true
	case 'f':
		return '\f', true
	case 'n':
		return '\n', true
	case 'r':
		return '\r', true
	case 't':
		return '\t', true
	}
	return 0, false
}

// appendUnicodeEscape appends the character of the \u escape at b[i] (its
// backslash), with the one after it when the two are a surrogate pair, and
// returns the index after them.
func appendUnicodeEscape(dst, b []byte, i int) ([]byte, int, bool) {
	r, ok := hex4(b, i+2)
	if !ok || b[i+1] != 'u' {
		return dst, i, false
	}
	i += 6
	if r >= 0xd800 && r < 0xdc00 && i+1 < len(b) && b[i] == '\\' && b[i+1] == 'u' {
		if lo, ok := hex4(b, i+2); ok && lo >= 0xdc00 && lo < 0xe000 {
			r = (r-0xd800)<<10 | (lo - 0xdc00) + 0x10000
			i += 6
		}
	}
	return utf8.AppendRune(dst, r), i, true
}

// hex4 returns the value of the four hexadecimal digits at b[i].
func hex4(b []byte, i int) (rune, bool) {
	if i+4 > len(b) {
		return 0, false
	}
	var r rune
	for _, c := range b[i : i+4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		case c >= 'A' && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// plainEnd returns the index of the first byte from b[i] on that does not
// stand for itself in a JSON string or needs a UTF-8 check: anything but
// printable ASCII other than '"' and '\\'. It looks at eight bytes at a time.
func plainEnd(b []byte, i int) int {
	for ; i <= len(b)-16; i += 16 {
		if m := special8(binary.LittleEndian.Uint64(b[i:])); m != 0 {
			return i + bits.TrailingZeros64(m)/8
		}
		if m := special8(binary.LittleEndian.Uint64(b[i+8:])); m != 0 {
			return i + 8 + bits.TrailingZeros64(m)/8
		}
	}
	for ; i < len(b); i++ {
		if c := b[i]; c < 0x20 || c >= utf8.RuneSelf || c == '"' || c == '\\' {
			return i
		}
	}
	return i
}

// special8 returns the high bits of the bytes of w (little-endian) that are
// not plain (see plainEnd). For a byte below 0x80, x-1 has its high bit set
// just when x is 0, and x-0x20 just when x is below 0x20; bytes from 0x80
// have it already. Only these bytes borrow, so a borrow may also mark a byte
// above one of them, never one below: the lowest mark is always right.
func special8(w uint64) uint64 {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	quote := (w ^ ('"' * ones)) - ones
	backslash := (w ^ ('\\' * ones)) - ones
	control := w - 0x20*ones
	return (quote | backslash | control | w) & highs
}

// decodeObject decodes b, a JSON object and nothing else, as json.Unmarshal
// into a map[string]any does, and reports whether it did. Its strings share
// one allocation.
func decodeObject(b []byte) (map[string]any, bool) {
	s := &jsonScanner{b: b, arena: make([]byte, 0, len(b))}
	m, ok := s.anyObject(0)
	if !ok || s.peek() != 0 || s.i != len(b) {
		return nil, false
	}
	return m, true
}

// anyValue reads a value as json.Unmarshal into an any does: objects as
// map[string]any, arrays as []any, numbers as float64.
func (s *jsonScanner) anyValue(depth int) (any, bool) {
	switch c := s.peek(); c {
	case '{':
		if m, ok := s.anyObject(depth + 1); ok {
			return m, true
		}
		return nil, false
	case '[':
		if a, ok := s.anyArray(depth + 1); ok {
			return a, true
		}
		return nil, false
	case '"':
		return s.str()
	case 't':
		return true, s.literal("true")
	case 'f':
		return false, s.literal("false")
	case 'n':
		return nil, s.literal("null")
	}
	start := s.i
	if !s.number() {
		return nil, false
	}
	return parseFloat(s.b[start:s.i])
}

// parseFloat returns the float64 nearest to the JSON number b. Only a number
// out of the range of a float64 fails: the general decoder words that error.
func parseFloat(b []byte) (float64, bool) {
	// A natural number of up to 15 digits is exactly a float64 (and
	// strconv would give the same): the common case, done directly.
	if len(b) <= 15 {
		var n int64
		for _, c := range b {
			if c < '0' || c > '9' {
				f, err := strconv.ParseFloat(string(b), 64)
				return f, err == nil
			}
			n = n*10 + int64(c-'0')
		}
		return float64(n), true
	}
	f, err := strconv.ParseFloat(string(b), 64)
	return f, err == nil
}

func (s *jsonScanner) anyObject(depth int) (map[string]any, bool) {
	if depth > maxSkipDepth || !s.consume('{') {
		return nil, false
	}
	m := map[string]any{}
	if s.consume('}') {
		return m, true
	}
	for {
		if s.peek() != '"' {
			return nil, false
		}
		k, ok := s.str()
		if !ok || !s.consume(':') {
			return nil, false
		}
		v, ok := s.anyValue(depth)
		if !ok {
			return nil, false
		}
		m[k] = v // the last of a repeated key wins, as in the general decoder
		if !s.consume(',') {
			return m, s.consume('}')
		}
	}
}

func (s *jsonScanner) anyArray(depth int) ([]any, bool) {
	if depth > maxSkipDepth {
		return nil, false
	}
	// The elements are gathered on the stack, then copied into a slice of
	// their number, as the general decoder does.
	var buf [8]any
	a := buf[:0]
	ok := s.elements(func() bool {
		v, ok := s.anyValue(depth)
		a = append(a, v)
		return ok
	})
	if !ok {
		return nil, false
	}
	return append(make([]any, 0, len(a)), a...), true
}
