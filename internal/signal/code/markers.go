package code

import (
	"math/bits"
	"strings"
)

// markers finds which of a few substrings a text holds (strings.Contains
// for each, case and all) in one pass: at each byte, the substrings that
// start with that byte and the next are looked up in two tables, so most
// bytes cost two lookups and no comparison.
type markers struct {
	subs []string
	// first[c] and second[c] have bit k set when byte c is the first
	// (second) byte of subs[k].
	first, second [256]uint64
}

// newMarkers returns the markers subs: at most 64 substrings, each of two
// bytes or more.
func newMarkers(subs ...string) *markers {
	if len(subs) > 64 {
		panic("code: more than 64 markers")
	}
	m := &markers{subs: subs}
	for k, s := range subs {
		if len(s) < 2 {
			panic("code: marker shorter than two bytes: " + s)
		}
		m.first[s[0]] |= 1 << k
		m.second[s[1]] |= 1 << k
	}
	return m
}

// in reports whether text holds one of the markers.
func (m *markers) in(text string) bool {
	if len(text) < 2 {
		return false
	}
	first, second := &m.first, &m.second
	prev := first[text[0]]
	for i := 1; i < len(text); i++ {
		c := text[i]
		if cand := prev & second[c]; cand != 0 {
			for ; cand != 0; cand &= cand - 1 {
				if strings.HasPrefix(text[i-1:], m.subs[bits.TrailingZeros64(cand)]) {
					return true
				}
			}
		}
		prev = first[c]
	}
	return false
}

// present returns the set of markers text holds: bit k for subs[k].
func (m *markers) present(text string) uint64 {
	if len(text) < 2 {
		return 0
	}
	var found uint64
	first, second := &m.first, &m.second
	prev := first[text[0]]
	for i := 1; i < len(text); i++ {
		c := text[i]
		if cand := prev & second[c] &^ found; cand != 0 {
			for ; cand != 0; cand &= cand - 1 {
				k := bits.TrailingZeros64(cand)
				if strings.HasPrefix(text[i-1:], m.subs[k]) {
					found |= 1 << k
				}
			}
		}
		prev = first[c]
	}
	return found
}
