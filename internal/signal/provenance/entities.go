// Package provenance tracks where the entities an agent acts on came from.
// Entities (IBANs, account and record ids, e-mail addresses, URLs, domains,
// phone numbers, file names, quoted strings, multi-word proper names) are
// extracted from every turn with their origin: the user or system (trusted),
// a tool result (untrusted, with the instruction score of the passage they
// were found in) or the assistant itself. A tool call whose arguments use an
// entity that only untrusted content introduced — above all one found inside
// instruction-like text — is tainted: its target came from the data, not
// from the person the agent works for.
package provenance

import (
	"encoding/binary"
	"math/bits"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/faultline-dev/faultline/internal/signal/encoded"
)

// view returns b as a string without copying: entities are built in a
// scratch buffer and only copied when the tracker keeps them.
func view(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

// entityFunc receives an extracted entity, normalized, with its byte offset.
type entityFunc func(norm string, at int)

// eachEntity extracts the entities of text in one pass. The entities given
// to fn are built in buf and valid only during the call: fn copies what it
// keeps.
func eachEntity(text string, buf []byte, fn entityFunc) {
	// Tokens are runs of bytes that are not separators. Only a token with
	// a mark can be an entity (classify wants a digit, a dot, an @ or
	// another mark), and quotes open quoted phrases: skip to the next mark
	// or quote, and read the token of a mark.
	for i := 0; i < len(text); {
		if i = nextStop(text, i); i == len(text) {
			break
		}
		if entityStop[text[i]] == stopQuote {
			quoted(text, i, fn, buf[:0])
			i++
			continue
		}
		start, end := i, i+1
		for start > 0 && entityByte[text[start-1]] != eSep {
			start--
		}
		for end < len(text) && entityByte[text[end]] != eSep {
			end++
		}
		// The bytes of the token before i are letters (nextStop passed
		// them): a word that ends a sentence ("factors.", "note:") is no
		// entity, which classify would find only after trimming its stops.
		if sentenceStops(text[i:end]) {
			i = end
			continue
		}
		// Non-ASCII letters and punctuation glued to either end are not
		// part of it: "转发到backup@mail.example。", “www.site.example”.
		s, e := start, end
		for s < i && text[s] >= utf8.RuneSelf {
			s++
		}
		for e > i+1 && text[e-1] >= utf8.RuneSelf {
			e--
		}
		if n, ok := classify(text[s:e], buf[:0]); ok {
			fn(n, s)
		}
		i = end
	}
	names(text, fn, buf[:0])
}

// sentenceStops reports whether s is all stops that classify trims from a
// token's end ('.', ':', '!', '?').
func sentenceStops(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c != '.' && c != ':' && c != '!' && c != '?' {
			return false
		}
	}
	return true
}

// nextStop returns the index of the first byte at or after i that
// eachEntity stops at (entityStop), or len(text). Runs of letters, spaces
// and non-ASCII bytes, most of prose, are skipped eight bytes at a time, to
// the first byte of the eight that is none of these.
func nextStop(text string, i int) int {
	for uint(i) < uint(len(text)) { // (unsigned: no bounds check)
		if i+8 <= len(text) {
			m := unplain8(encoded.Load64(text, i))
			if m == 0 {
				i += 8
				continue
			}
			i += bits.TrailingZeros64(m) / 8
		}
		if entityStop[text[i]] != 0 {
			return i
		}
		i++
	}
	return len(text)
}

// unplain8 returns the high bit of each of the eight bytes of x (Load64)
// that is not an ASCII letter, a space or a non-ASCII byte: eachEntity
// stops at none of those. (The sums below carry into no other byte, so
// that each byte's bit is exact.)
func unplain8(x uint64) uint64 {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	low := x &^ highs // each byte below 0x80
	// Letters, lower-cased by setting 0x20, are 'a' to 'z'.
	l := low | ones*0x20
	letter := (l + ones*(0x80-'a')) &^ (l + ones*(0x80-'z'-1))
	// A space is the byte 0x20: its xor with 0x20 is 0.
	space := ^((low ^ ones*' ') + ones*0x7f)
	return ^(x | letter | space) & highs
}

// Byte kinds of eachEntity's tokenizer.
const (
	eWord uint8 = iota // an ASCII letter or a non-ASCII byte
	eSep               // separates tokens
	eMark              // anything else: digits, dots, @, ...
)

// entityByte gives the kind of every byte.
var entityByte = func() (t [256]uint8) {
	for c := range 256 {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= utf8.RuneSelf:
			t[c] = eWord
		default:
			t[c] = eMark
		}
	}
	for _, c := range []byte(" \t\n\r,;()[]{}<>\"'`|*") {
		t[c] = eSep
	}
	return t
}()

// The bytes eachEntity stops at: marks, and the quotes of quoted phrases.
const (
	stopMark uint8 = 1 + iota
	stopQuote
)

// entityStop tells the bytes eachEntity stops at (0 for the others).
var entityStop = func() (t [256]uint8) {
	for c := range 256 {
		if entityByte[c] == eMark {
			t[c] = stopMark
		}
	}
	for _, c := range []byte("'\"`") {
		t[c] = stopQuote
	}
	return t
}()

// classify normalizes a token that is an entity: e-mail addresses, URLs
// and domains/file names (lower-cased, scheme, "www." and trailing "/"
// removed), ids (letters and digits, 8+ characters, upper-cased) and long
// numbers (7+ digits, separators removed).
func classify(tok string, buf []byte) (string, bool) {
	// A trailing slash marks a directory ("tests/auth/").
	e := len(tok)
	for e > 0 && (tok[e-1] == '.' || tok[e-1] == ':' || tok[e-1] == '!' || tok[e-1] == '?') {
		e--
	}
	dir := e > 0 && tok[e-1] == '/'
	for len(tok) > 0 && (tok[len(tok)-1] == '.' || tok[len(tok)-1] == ':' || tok[len(tok)-1] == '!' || tok[len(tok)-1] == '?' || tok[len(tok)-1] == '/') {
		tok = tok[:len(tok)-1]
	}
	for len(tok) > 0 && tok[0] == ':' {
		tok = tok[1:]
	}
	if len(tok) >= 2 && tok[0] == '#' && len(tok) <= 8 && allDigits(tok[1:]) {
		// An issue, pull request or ticket number: "#53".
		return tok, true
	}
	if len(tok) < 4 || len(tok) > 256 {
		return "", false
	}
	// The bytes of each kind, counted in the lanes of one word (see
	// tokCount).
	var n uint64
	for i := 0; i < len(tok); i++ {
		n += tokCount[tok[i]]
	}
	if lane(n, tokBad) != 0 {
		return "", false
	}
	letters, digits, dots, at, other := lane(n, tokLetter), lane(n, tokDigit), lane(n, tokDot), lane(n, tokAt), lane(n, tokOther)
	if digits == 0 && dots == 0 && at == 0 && other == 0 {
		// A plain word: every entity kind below needs one of these.
		return "", false
	}
	switch {
	case other > 0 && letters > 0 && at == 0 && pathLike(tok, dir):
		return lower(tok, buf), true
	case tok[0] == '.' && dots == 1 && letters >= 3 && letters == len(tok)-1:
		// A dotfile: ".env", ".npmrc", ".netrc" (secrets live there).
		return lower(tok, buf), true
	case hasPrefixFold(tok, "http://") || hasPrefixFold(tok, "https://"):
		// (Before addresses: a link may carry one in its query,
		// "https://x.net/p.png?d=ana@example.com".)
		return normURL(tok, buf), true
	case at == 1 && dots > 0 && letters > 0:
		// A search operator or scheme before an address: "from:x@y.com", "mailto:x@y.com".
		if k := strings.LastIndexByte(tok, ':'); k >= 0 && k < strings.IndexByte(tok, '@') {
			tok = tok[k+1:]
		}
		return lower(tok, buf), true
	case hasPrefixFold(tok, "www."):
		return normURL(tok, buf), true
	case dots > 0 && letters > 0 && domainLike(tok):
		return normURL(tok, buf), true
	case letters > 0 && digits > 0 && dots == 0 && at == 0 && letters+digits >= 8 && letters+digits == len(tok):
		return upper(tok, buf), true
	case letters >= 2 && digits >= 2 && dots == 0 && at == 0 && other > 0 && len(tok) >= 6 && underscoresOnly(tok):
		// A user name or record ID: "guest_amy01", "user_4821".
		return lower(tok, buf), true
	case digits >= 7 && letters == 0 && dots == 0 && !dateLike(tok):
		buf = buf[:0]
		for i := 0; i < len(tok); i++ {
			if c := tok[i]; c >= '0' && c <= '9' {
				buf = append(buf, c)
			}
		}
		return view(buf), true
	}
	return "", false
}

// underscoresOnly reports whether the only marks of tok (not letters or
// digits) are inner underscores.
func underscoresOnly(tok string) bool {
	for i := 0; i < len(tok); i++ {
		if k := tokKind[tok[i]]; k == tokOther && (tok[i] != '_' || i == 0 || i == len(tok)-1) {
			return false
		}
	}
	return true
}

// Kinds of the bytes of an entity token (tokKind).
const (
	tokBad    uint8 = iota // no entity has it
	tokLetter              // an ASCII letter
	tokDigit
	tokDot
	tokAt
	tokOther // + - _ / : = ? & % # ~
)

// tokKind gives the kind of every byte for classify.
var tokKind = func() (t [256]uint8) {
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = tokLetter, tokLetter
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = tokDigit
	}
	t['.'], t['@'] = tokDot, tokAt
	for _, c := range []byte("+-_/:=?&%#~") {
		t[c] = tokOther
	}
	return t
}()

// tokCount gives, for every byte, 1 in the lane of its kind (tokKind):
// lanes of laneBits bits, wide enough for a token of 256 bytes, which
// classify sums to count the bytes of each kind.
var tokCount = func() (t [256]uint64) {
	for c := range 256 {
		t[c] = 1 << (laneBits * uint(tokKind[c]))
	}
	return t
}()

// laneBits is the width of a lane of tokCount.
const laneBits = 10

// lane returns the count in the lane of kind k of n (see tokCount).
func lane(n uint64, k uint8) int { return int(n >> (laneBits * uint(k)) & (1<<laneBits - 1)) }

// pathLike reports whether tok is a file path: absolute, home-relative or
// explicitly relative ("/etc/passwd", "~/.aws/credentials",
// "./scripts/setup.sh"), a relative path to a file with a common
// extension ("src/signup.js"), or a relative directory: written with a
// trailing slash (dir) or of three parts or more ("tests/auth/",
// "src/components/forms").
func pathLike(tok string, dir bool) bool {
	if strings.HasPrefix(tok, "~/") || strings.HasPrefix(tok, "./") || strings.HasPrefix(tok, "../") {
		return true
	}
	if tok[0] == '/' {
		return len(tok) > 1 && tok[1] != '/'
	}
	k := strings.LastIndexByte(tok, '/')
	if k <= 0 || strings.Contains(tok, "://") || strings.IndexByte(tok[:strings.IndexByte(tok, '/')], '.') >= 0 {
		// No slash, or a URL or domain before the first one.
		return false
	}
	if dir || strings.Count(tok, "/") >= 2 {
		return true
	}
	d := strings.LastIndexByte(tok[k:], '.')
	if d <= 0 {
		return false
	}
	x := strings.ToLower(tok[k+d+1:])
	return fileExtensions[x] || sourceExtensions[x]
}

// sourceExtensions are extensions of source and script files that are also
// country-code domains (left out of fileExtensions): after a directory they
// name a file.
var sourceExtensions = map[string]bool{"md": true, "py": true, "sh": true, "go": true, "c": true, "h": true,
	"pl": true, "rs": true, "ps1": true, "bat": true, "env": true, "pem": true, "key": true}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// domainLike reports whether tok ends in ".<2-6 letters>" with a letter
// before the dot: "example.com", "bill-2023.txt", "a.b/path".
func domainLike(tok string) bool {
	if k := strings.IndexByte(tok, '/'); k > 0 {
		tok = tok[:k]
	}
	d := strings.LastIndexByte(tok, '.')
	if d <= 0 || len(tok)-d-1 < 2 || len(tok)-d-1 > 6 {
		return false
	}
	for i := d + 1; i < len(tok); i++ {
		if c := tok[i] | 0x20; c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

func normURL(tok string, buf []byte) string {
	s := lower(tok, buf)
	s = strings.TrimPrefix(s, "https://")
	s = strings.TrimPrefix(s, "http://")
	s = strings.TrimPrefix(s, "www.")
	return strings.TrimRight(s, "/")
}

// hasPrefixFold reports whether s starts with p, a lower-case ASCII
// prefix, ignoring the case of ASCII letters. (Tokens are ASCII: classify
// rejects others before it looks for prefixes.)
func hasPrefixFold(s, p string) bool {
	if len(s) < len(p) {
		return false
	}
	for i := 0; i < len(p); i++ {
		if c := s[i]; c != p[i] && (c < 'A' || c > 'Z' || c+'a'-'A' != p[i]) {
			return false
		}
	}
	return true
}

// lower returns s with ASCII letters lower-cased, built in buf: copied
// whole, then changed in place, eight bytes at a time where s is ASCII.
func lower(s string, buf []byte) string {
	buf = append(buf[:0], s...)
	const hi = 0x8080808080808080
	r := buf
	for ; len(r) >= 8; r = r[8:] {
		v := binary.LittleEndian.Uint64(r)
		if v&hi != 0 {
			break // (the bytes from here on, one by one)
		}
		// Adding 0x3f sets the high bit of a byte from 'A' up, adding
		// 0x25 from '[' up: their difference marks the capitals, and the
		// marks shifted to 0x20 lower-case them.
		binary.LittleEndian.PutUint64(r, v|((v+0x3f3f3f3f3f3f3f3f)&^(v+0x2525252525252525)&hi)>>2)
	}
	for i, c := range r {
		if c-'A' < 26 {
			r[i] = c + 'a' - 'A'
		}
	}
	return view(buf)
}

// upper returns s with ASCII letters upper-cased, built in buf.
func upper(s string, buf []byte) string {
	buf = append(buf[:0], s...)
	for i, c := range buf {
		if c-'a' < 26 {
			buf[i] = c - ('a' - 'A')
		}
	}
	return view(buf)
}

// quoted reports the text between the quote at i and its closing quote on
// the same line, when it is 3 to 80 bytes long and not a contraction.
func quoted(text string, i int, fn entityFunc, buf []byte) {
	q := text[i]
	if q == '\'' && i > 0 && isWordByte(text[i-1]) {
		return // it's, don't
	}
	if q == '`' && (i+1 < len(text) && text[i+1] == '`' || i > 0 && text[i-1] == '`') {
		return // a code fence
	}
	end := -1
	for j := i + 1; j < len(text) && j <= i+81; j++ {
		if text[j] == '\n' {
			return
		}
		if text[j] == q {
			end = j
			break
		}
	}
	if end < 0 || end-i-1 < 3 {
		return
	}
	s := strings.TrimSpace(text[i+1 : end])
	if len(s) < 3 {
		return
	}
	fn(normPhrase(s, buf), i+1)
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// normPhrase lower-cases a phrase and collapses its spaces. ASCII bytes
// are read as bytes, the others as runes (unicode.IsSpace and ToLower).
func normPhrase(s string, buf []byte) string {
	buf = buf[:0]
	space := false
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			if asciiSpace[c] {
				space = len(buf) > 0
				continue
			}
			if space {
				buf = append(buf, ' ')
				space = false
			}
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			buf = append(buf, c)
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if unicode.IsSpace(r) {
			space = len(buf) > 0
			continue
		}
		if space {
			buf = append(buf, ' ')
			space = false
		}
		buf = utf8.AppendRune(buf, unicode.ToLower(r))
	}
	return view(buf)
}

// asciiSpace marks the ASCII bytes unicode.IsSpace reports.
var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// names reports runs of two to five capitalized words ("Riverside View
// Hotel", "Emma Johnson"), lower-cased. A run that starts a sentence drops
// its first word when that word is a common sentence opener.
func names(text string, fn entityFunc, buf []byte) {
	runStart, runEnd, count := -1, -1, 0
	flush := func() {
		if count >= 2 && count <= 5 {
			fn(normPhrase(text[runStart:runEnd], buf), runStart)
		}
		runStart, runEnd, count = -1, -1, 0
	}
	for i := 0; i < len(text); {
		if count == 0 {
			// Out of a run, only a capitalized word matters: skip to it.
			if i = nextCapital(text, i); i >= len(text) {
				break
			}
		}
		// Skip to a word.
		for i < len(text) && nameByte[text[i]]&nStart == 0 {
			if text[i] != ' ' && count > 0 {
				flush()
			}
			i++
		}
		j := i
		for j < len(text) && nameByte[text[j]]&nWord != 0 {
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
		} else if count > 0 {
			flush()
		}
		i = j
	}
	flush()
}

// Byte classes of names' words.
const (
	nStart uint8 = 1 << iota // starts a word: a letter or a non-ASCII byte
	nWord                    // continues a word: also digits and '-'
)

// nextCapital returns the index of the first ASCII capital letter at or
// after i that starts a word as names splits text (no letter before it in
// its run of word bytes), or len(text). Text at i must not continue a word
// (i is 0 or text[i] is no word byte). It skips eight bytes without a
// capital at a time.
func nextCapital(text string, i int) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	for i < len(text) {
		if i+8 <= len(text) {
			// The bytes 'A' to 'Z' among the eight: below '[' and above
			// '@' in their low seven bits, and ASCII (no borrow or carry
			// crosses a byte). Skip to the first.
			x := encoded.Load64(text, i)
			low := x & (ones * 0x7f)
			m := (ones*(0x7f+'[') - low) & (low + ones*(0x7f-'@')) &^ x & highs
			if m == 0 {
				i += 8
				continue
			}
			i += bits.TrailingZeros64(m) / 8
		}
		if c := text[i]; c >= 'A' && c <= 'Z' && startsWord(text, i) {
			return i
		}
		i++
	}
	return len(text)
}

// startsWord reports whether no letter comes before text[k] in its run of
// word bytes: names reads a word from there.
func startsWord(text string, k int) bool {
	for j := k - 1; j >= 0 && nameByte[text[j]]&nWord != 0; j-- {
		if nameByte[text[j]]&nStart != 0 {
			return false
		}
	}
	return true
}

var nameByte = func() (t [256]uint8) {
	for c := range 256 {
		b := byte(c)
		if isLetterStart(b) {
			t[c] |= nStart
		}
		if isWordByte(b) || b == '-' || b >= utf8.RuneSelf {
			t[c] |= nWord
		}
	}
	return t
}()

func isLetterStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= utf8.RuneSelf
}

// isOpener reports whether w, a capitalized word, is a common sentence
// opener and no name. (A switch: the compiler's search by length and
// bytes is cheaper than a map's hash.)
func isOpener(w string) bool {
	switch w {
	case "The", "A", "An", "This", "That", "I", "We", "You", "Please", "Send", "Hi", "Hello", "Dear", "Thanks",
		"Thank", "If", "It", "In", "On", "For", "To", "And", "But", "Can", "Could", "Would", "My", "Our", "Your",
		"From", "Subject", "Date", "Re", "Fwd", "Best", "Regards", "Yes", "No":
		return true
	}
	return false
}

// dateLike reports an ISO date or time stamp ("2022-03-07", "2024-05-30 10:20").
func dateLike(tok string) bool {
	return len(tok) >= 10 && tok[4] == '-' && tok[7] == '-'
}
