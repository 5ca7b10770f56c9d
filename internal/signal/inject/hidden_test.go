package inject

import (
	"strings"
	"testing"
)

// plainASCIIByByte is plainASCII as a plain byte-by-byte scan: the
// reference its eight-byte skipping must agree with.
func plainASCIIByByte(s string) bool {
	run := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 {
			return false
		}
		if base64Byte[c] {
			run++
			if run >= minBase64 {
				return false
			}
		} else {
			run = 0
		}
	}
	return true
}

func TestPlainASCIIBreakBytes(t *testing.T) {
	for c := range 256 {
		if base64Byte[c] && c < '+' {
			t.Fatalf("base64 byte %#x below '+'", c)
		}
	}
}

func FuzzPlainASCII(f *testing.F) {
	blob := strings.Repeat("QUJDRGVmZ2gxMjM0", 6)
	for _, s := range []string{"", "plain text, nothing here.", "caf\u00e9 au lait", "x " + blob + " y",
		"x " + blob[:79] + " y", blob[:40] + "." + blob[:40], "12.5,000-" + blob, "a b c d e f g h " + blob[:81],
		strings.Repeat("ab ", 40) + "\u200b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := plainASCII(s), plainASCIIByByte(s); got != want {
			t.Fatalf("plainASCII(%q) = %v, byte by byte %v", s, got, want)
		}
	})
}
