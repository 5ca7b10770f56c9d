package grounding

import (
	"strings"
	"testing"
)

// newRawSet hashes words as tokenizeRaw does: the set a word list was before
// the lexicon, the reference its classes must agree with.
func newRawSet(words ...string) *hashSet {
	s := &hashSet{}
	var buf [4]token
	for _, w := range words {
		for _, t := range tokenizeRaw(w, buf[:0]) {
			s.Add(t.h)
		}
	}
	return s
}

// wordSets are the word lists and phrase first words as hash sets.
type wordSets struct {
	stop  *hashSet
	lists []struct {
		class uint32
		set   *hashSet
	}
}

var refSets = func() wordSets {
	w := wordSets{stop: newRawSet(stopwords...)}
	add := func(c uint32, s *hashSet) {
		w.lists = append(w.lists, struct {
			class uint32
			set   *hashSet
		}{c, s})
	}
	add(cStop, w.stop)
	add(cFirstPerson, newRawSet(firstPerson...))
	add(cSecondPerson, newRawSet(secondPerson...))
	add(cPersonal, newRawSet(personalWords...))
	add(cNegator, newRawSet(negators...))
	add(cCitation, newRawSet(citationWords...))
	add(cInstruction, newRawSet(instructionStarters...))
	add(cMonth, newRawSet(monthNames...))
	for _, t := range []phraseTable{certaintyPhrases, acknowledgeMarkers, nonClaimStarters, refusalStarters} {
		s := &hashSet{}
		for h := range t.m {
			s.Add(h)
		}
		add(t.class, s)
	}
	return w
}()

// classes returns the classes of hash h by probing every reference set.
func (w wordSets) classes(h uint64) uint32 {
	var c uint32
	for _, l := range w.lists {
		if l.set.Has(h) {
			c |= l.class
		}
	}
	return c
}

// TestLexicon checks that the class bits tokenize gives every word agree
// with membership in the word lists, on the list words themselves (in
// several spellings) and on prose.
func TestLexicon(t *testing.T) {
	var texts []string
	for _, l := range [][]string{stopwords, firstPerson, secondPerson, personalWords, negators, citationWords, instructionStarters, monthNames} {
		texts = append(texts, strings.Join(l, " "), strings.ToUpper(strings.Join(l, ", ")))
	}
	texts = append(texts, benchText(1, 4000), "I'm sure you're right: Section 12 says it's not the case. Let's see; we can't.")
	for _, s := range texts {
		for _, tk := range tokenize(s, nil) {
			if got, want := tk.flags&^(cStop-1), refSets.classes(tk.h); got != want {
				t.Fatalf("%q: classes %#x, want %#x", s[tk.start:tk.end], got, want)
			}
			if want := tk.flags&fDigit == 0 && refSets.stop.Has(tk.h); tk.has(fStop) != want {
				t.Fatalf("%q: stop %v, want %v", s[tk.start:tk.end], tk.has(fStop), want)
			}
		}
	}
}

// TestFlagShifts checks the bit relations the tokenizer relies on: fDigit
// moves to fStop by stopShift (classify), the case bit of an upper-case
// letter, shifted right by four, is fCap, and mode's mCode is the fCode a
// word gets (readRun).
func TestFlagShifts(t *testing.T) {
	if fDigit<<stopShift != fStop {
		t.Error("fDigit must move to fStop by stopShift")
	}
	if 0x20>>4 != fCap || mCode != fCode {
		t.Error("the case bit >> 4 must be fCap, mCode must be fCode")
	}
}
