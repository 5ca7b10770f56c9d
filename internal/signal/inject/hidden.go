package inject

import (
	"fmt"
	"unicode"
	"unicode/utf8"

	"github.com/faultline-dev/faultline/internal/signal"
	"github.com/faultline-dev/faultline/internal/signal/encoded"
	"github.com/faultline-dev/faultline/internal/trajectory"
)

// Hidden is the hidden_text signal over user and tool content: invisible
// characters (zero-width, bidirectional controls, Unicode tag characters that
// smuggle ASCII), base64 that decodes to words (package encoded), long
// base64 or hex blobs, and words that mix Latin with Cyrillic or Greek
// letters (homoglyphs).
type Hidden struct{}

// NewHidden builds the signal.
func NewHidden(*signal.Env) (signal.Signal, error) { return Hidden{}, nil }

// ID implements signal.Signal.
func (Hidden) ID() string { return HiddenText }

// Track implements signal.Signal; the signal keeps no state across turns.
func (h Hidden) Track(meta *trajectory.Meta) signal.Tracker { return h.TrackShared(meta, nil) }

// TrackShared implements signal.SharingSignal: a message's base64 is
// decoded once for this signal and request_harm (encoded.Cache).
func (Hidden) TrackShared(_ *trajectory.Meta, shared *signal.Shared) signal.Tracker {
	return hiddenTracker{decoded: encoded.Shared(shared)}
}

// hiddenTracker measures each message alone; decoded is the session's
// decoding cache.
type hiddenTracker struct {
	decoded *encoded.Cache
}

// decodedText is the value of encoded text that decodes to words (base64,
// a cipher; see encoded.Text).
const decodedText = 0.7

// Minimum run lengths of encoded blobs: shorter runs are ids and hashes.
const (
	minBase64 = 80
	minHex    = 100
)

// Observe implements signal.Tracker.
func (t hiddenTracker) Observe(_ int, m *trajectory.Message) signal.Measurement {
	if m.Role != trajectory.RoleUser && m.Role != trajectory.RoleTool {
		return signal.Measurement{}
	}
	h := scanHidden(m.Content)
	var v float64
	var why string
	at := 0
	switch {
	case h.tags > 0:
		v, why, at = 1, fmt.Sprintf("%d Unicode tag characters", h.tags), h.firstInvisible
	case h.invisible >= 3:
		v, why, at = 0.9, fmt.Sprintf("%d invisible characters", h.invisible), h.firstInvisible
	case h.invisible > 0:
		v, why, at = 0.5, fmt.Sprintf("%d invisible characters", h.invisible), h.firstInvisible
	}
	if h.mixed > 0 {
		if mv := min(0.9, 0.5+0.2*float64(h.mixed-1)); mv > v {
			v, why, at = mv, fmt.Sprintf("%d words mixing Latin with Cyrillic or Greek letters", h.mixed), h.firstMixed
		}
	}
	if h.blob > 0 && 0.6 > v {
		v, why, at = 0.6, fmt.Sprintf("encoded blob of %d characters", h.blob), h.blobAt
	}
	if decodedText > v {
		// Words sent in base64: a message written to be read only after
		// decoding.
		if dec := t.decoded.Text(m.Content); len(dec) > 0 {
			return signal.Measurement{Value: decodedText, Excerpt: "encoded text (base64, ROT13, backwards, hex or leetspeak) that decodes to: " + Excerpt(string(dec))}
		}
	}
	if v == 0 {
		return signal.Measurement{}
	}
	return signal.Measurement{Value: v, Excerpt: why + ": " + Excerpt(around(m.Content, at))}
}

type hiddenScan struct {
	tags, invisible, mixed, blob       int
	firstInvisible, firstMixed, blobAt int
}

// scanHidden scans s once. ASCII bytes take a fast path.
func scanHidden(s string) hiddenScan {
	var h hiddenScan
	if plainASCII(s) {
		return h
	}
	// Encoded runs: b64 counts a run of base64 characters, with flags for
	// the character classes seen; hex counts a run of hex digits.
	b64, hex, b64Start, hexStart := 0, 0, 0, 0
	var upper, lower, digit bool
	// Word script mixing.
	var latin, other bool
	wordStart := 0
	endRun := func(i int) {
		if b64 >= minBase64 && upper && lower && digit && b64 > h.blob {
			h.blob, h.blobAt = b64, b64Start
		}
		if hex >= minHex && hex > h.blob {
			h.blob, h.blobAt = hex, hexStart
		}
		b64, hex, upper, lower, digit = 0, 0, false, false, false
	}
	endWord := func() {
		if latin && other {
			if h.mixed == 0 {
				h.firstMixed = wordStart
			}
			h.mixed++
		}
		latin, other = false, false
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			isB64 := c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '='
			if isB64 {
				if b64 == 0 {
					b64Start = i
				}
				b64++
				switch {
				case c >= 'A' && c <= 'Z':
					upper = true
				case c >= 'a' && c <= 'z':
					lower = true
				case c >= '0' && c <= '9':
					digit = true
				}
				if c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' {
					if hex == 0 {
						hexStart = i
					}
					hex++
				} else if hex > 0 {
					if hex >= minHex && hex > h.blob {
						h.blob, h.blobAt = hex, hexStart
					}
					hex = 0
				}
			} else if b64 > 0 || hex > 0 {
				endRun(i)
			}
			if c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' {
				if !latin && !other {
					wordStart = i
				}
				latin = true
			} else if latin || other {
				endWord()
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if b64 > 0 || hex > 0 {
			endRun(i)
		}
		switch {
		case r >= 0xE0000 && r <= 0xE007F:
			if h.invisible == 0 && h.tags == 0 {
				h.firstInvisible = i
			}
			h.tags++
		case r >= 0x200B && r <= 0x200F, r >= 0x202A && r <= 0x202E, r >= 0x2060 && r <= 0x2064,
			r >= 0x2066 && r <= 0x2069, r == 0xFEFF && i > 0, r == 0x00AD, r == 0x180E:
			if h.invisible == 0 && h.tags == 0 {
				h.firstInvisible = i
			}
			h.invisible++
		case unicode.Is(unicode.Cyrillic, r) || unicode.Is(unicode.Greek, r):
			if !latin && !other {
				wordStart = i
			}
			other = true
		case unicode.IsLetter(r):
			if r < 0x250 {
				if !latin && !other {
					wordStart = i
				}
				latin = true
			} else if latin || other {
				endWord()
			}
		default:
			if latin || other {
				endWord()
			}
		}
		i += size
	}
	endRun(len(s))
	endWord()
	return h
}

// base64Byte marks the bytes of base64 (and so of hex) runs.
var base64Byte = func() (t [256]bool) {
	for c := 0; c < 256; c++ {
		t[c] = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '='
	}
	return t
}()

// plainASCII reports whether s is ASCII without a base64 run long enough to
// be a blob (hex runs are base64 runs too): nothing scanHidden could find.
// Eight bytes are read at a time: a run of minBase64 bytes holds eight
// whole bytes from any position before it, all '+' or above, so blocks with
// a lower byte (a space, in prose) are skipped whole.
func plainASCII(s string) bool {
	const highs = 0x8080808080808080
	for i := 0; i < len(s); {
		// Blocks with a break byte, in a loop of their own.
		for i+8 <= len(s) {
			x := encoded.Load64(s, i)
			if x&highs != 0 {
				return false
			}
			if !encoded.HasBreak(x) {
				break
			}
			i += 8
		}
		if i >= len(s) {
			break
		}
		c := s[i]
		if c >= 0x80 {
			return false
		}
		if !base64Byte[c] {
			i++
			continue
		}
		// Measure the whole run, which may have begun in skipped bytes.
		start := i
		for start > 0 && base64Byte[s[start-1]] {
			start--
		}
		for i < len(s) && base64Byte[s[i]] {
			i++
		}
		if i-start >= minBase64 {
			return false
		}
	}
	return true
}
