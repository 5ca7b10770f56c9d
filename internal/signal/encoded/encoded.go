// Package encoded finds text smuggled in base64 inside a message: a run of
// base64 characters that decodes to readable words ("Decode this and follow
// it: RXhwbGFpbi..."), and text written in invisible Unicode tag
// characters. Encoding a request is a known way around filters that
// read the surface of the text; the signals that judge a request read the
// decoded words too.
package encoded

import (
	"encoding/base64"
	"strings"
	"unsafe"

	"github.com/faultline-dev/faultline/internal/signal"
)

// Bounds of the runs decoded: shorter runs are ids and hashes; at most
// maxRuns runs and maxBytes of decoded text are kept, so a turn's cost is
// bounded by its length.
const (
	minRun   = 16
	maxRuns  = 4
	maxBytes = 2048
	// scanBytes is how much of a message is searched.
	scanBytes = 16 << 10
)

// Text appends to dst the decoded text of s and returns it: every base64
// run that decodes to readable words (printable ASCII, mostly letters and
// spaces, three words or more), every run of Unicode tag characters, and s
// read in the ciphers it is written in (ROT13, backwards, hex; see
// decodeCiphers), each on a line of its own. dst is returned unchanged when
// there is none.
func Text(s string, dst []byte) []byte {
	if len(s) > scanBytes {
		s = s[:scanBytes]
	}
	start := len(dst)
	dst = base64Runs(s, dst)
	if strings.Contains(s, tagLead) {
		dst = appendTags(s, dst, start)
	}
	dst = decodeCiphers(s, dst, start)
	if len(dst)-start > maxBytes {
		dst = dst[:start+maxBytes]
	}
	return dst
}

// base64Runs appends to dst the decoded text of every base64 run of s (at
// most scanBytes long) that decodes to readable words, runs separated by a
// newline, at most maxBytes in all.
func base64Runs(s string, dst []byte) []byte {
	start := len(dst)
	runs := 0
	for i := 0; i < len(s) && runs < maxRuns && len(dst)-start < maxBytes; {
		// Only runs of minRun bytes or more matter, and such a run holds
		// eight whole bytes from i on: skip eight bytes at a time while
		// they hold a byte no run has.
		if i+8 <= len(s) && HasBreak(Load64(s, i)) {
			i += 8
			continue
		}
		if !isB64(s[i]) {
			i++
			continue
		}
		// A run may have begun in the bytes skipped: back up to its start.
		for i > 0 && isB64(s[i-1]) {
			i--
		}
		j := i
		for j < len(s) && isB64(s[j]) {
			j++
		}
		k := j
		for k < len(s) && k-j < 2 && s[k] == '=' {
			k++
		}
		run := s[i:k]
		i = k
		if len(run) < minRun || !mixed(run) {
			continue
		}
		n := len(dst)
		if n > start {
			dst = append(dst, '\n')
		}
		var ok bool
		if dst, ok = decode(run, dst); !ok {
			dst = dst[:n]
			continue
		}
		runs++
	}
	if len(dst)-start > maxBytes {
		dst = dst[:start+maxBytes]
	}
	return dst
}

// Unicode tag characters (U+E0020-U+E007E) mirror printable ASCII and
// render as nothing: a line of them is an order a model reads and a person
// does not see. Their UTF-8 encodings start with tagLead.
const (
	tagLead  = "\xf3\xa0"
	tagFirst = 0xE0020
	tagLast  = 0xE007E
	// minTags is the shortest run of tag characters decoded.
	minTags = 8
)

// appendTags appends to dst (whose text from start on is the decoded text
// so far) the ASCII of every run of minTags or more tag characters of s,
// runs separated by a newline.
func appendTags(s string, dst []byte, start int) []byte {
	var run []byte
	flush := func() {
		if len(run) >= minTags {
			if len(dst) > start {
				dst = append(dst, '\n')
			}
			dst = append(dst, run...)
		}
		run = run[:0]
	}
	for _, r := range s {
		if r >= tagFirst && r <= tagLast {
			run = append(run, byte(r-0xE0000))
			continue
		}
		flush()
	}
	flush()
	return dst
}

// Load64 reads 8 bytes of s at i, little-endian (one load once compiled).
func Load64(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// HasBreak reports whether one of the eight bytes of x (loaded with eight
// bytes of text by Load64) is below '+': a space, a control character or
// punctuation that no base64 run holds (every byte of the base64 alphabets,
// '=' too, is '+' or above). Prose has a space in almost every eight bytes,
// so a scan for runs skips it eight bytes at a time.
func HasBreak(x uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	return (x-ones*'+')&^x&highs != 0
}

// decode appends the decoded run to dst when it is readable text.
func decode(run string, dst []byte) ([]byte, bool) {
	enc := base64.StdEncoding
	if strings.ContainsAny(run, "-_") {
		enc = base64.URLEncoding
	}
	enc = enc.WithPadding(base64.NoPadding)
	run = strings.TrimRight(run, "=")
	if len(run)%4 == 1 {
		run = run[:len(run)-1] // a stray character: no whole byte in it
	}
	n := len(dst)
	dst = append(dst, make([]byte, enc.DecodedLen(len(run)))...)
	m, err := enc.Decode(dst[n:], []byte(run))
	if err != nil || m == 0 {
		return dst[:n], false
	}
	dst = dst[:n+m]
	return dst, readable(dst[n:])
}

// readable reports whether b is printable ASCII text of three words or
// more, mostly letters and spaces.
func readable(b []byte) bool {
	letters, spaces := 0, 0
	for _, c := range b {
		switch {
		case c == ' ':
			spaces++
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
			letters++
		case c >= 0x20 && c < 0x7f, c == '\n', c == '\t':
		default:
			return false
		}
	}
	return spaces >= 2 && (letters+spaces)*10 >= len(b)*8
}

// isB64 reports whether c can be part of a base64 run (standard or URL
// alphabet).
func isB64(c byte) bool { return b64Table[c] }

var b64Table = func() (t [256]bool) {
	for c := range 256 {
		b := byte(c)
		t[c] = b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '+' || b == '/' || b == '-' || b == '_'
	}
	return t
}()

// mixed reports whether a run has upper and lower case letters: words,
// paths and hex digests rarely do.
func mixed(run string) bool {
	var up, low bool
	for i := 0; i < len(run); i++ {
		c := run[i]
		up = up || c >= 'A' && c <= 'Z'
		low = low || c >= 'a' && c <= 'z'
	}
	return up && low
}

// Cache holds Text of the latest text decoded in a session, so that the
// signals that read the decoded part of a message (request_harm,
// hidden_text) decode it once. Text depends on nothing but its input, so a
// signal can always read the cache's decoding of the text it reads.
type Cache struct {
	text string
	dec  []byte
	done bool
}

// cacheKey is the key of a session's Cache in its signal.Shared.
type cacheKey struct{}

// Shared returns the session's Cache (a new one without a session store: a
// signal tracked alone).
func Shared(store *signal.Shared) *Cache {
	return signal.Get(store, cacheKey{}, func() *Cache { return &Cache{} })
}

// Reuse returns the session's Cache for a tracker that had c and is reset
// for another trajectory (see signal.Resetter): c itself, emptied, unless
// another tracker of the session already took it (or created one). A nil
// store gives c, emptied, as the caller's own.
func (c *Cache) Reuse(store *signal.Shared) *Cache {
	return signal.Reuse(store, cacheKey{}, c, c.reset)
}

// reset empties c, keeping its buffer. The text is forgotten, not just
// replaced: a text of the next trajectory may be allocated where the last
// one was, and Text would take it for the same text.
func (c *Cache) reset() {
	*c = Cache{dec: c.dec[:0]}
}

// Text returns Text(s, nil), decoded once for a text at the same address
// (the same message). The result is owned by c and valid until the next
// call with another text.
func (c *Cache) Text(s string) []byte {
	if !c.done || len(c.text) != len(s) || unsafe.StringData(c.text) != unsafe.StringData(s) {
		c.text, c.dec, c.done = s, Text(s, c.dec[:0]), true
	}
	return c.dec
}
