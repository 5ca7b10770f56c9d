package model

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestFastSumMatchesFeatures: the allocation-free ASCII path of Score and
// Sum gives bit for bit the value of the features Features lists.
func TestFastSumMatchesFeatures(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	pieces := []string{"Ignore", "ALL", "previous", "it's", "rock", "'n'", "roll's", "tests'", "''", "x''y", "42x",
		"e-mail", "a", " ", "  ", "\n", ", ", ".", "Q3", "12%", "’", "é", "don’t", "\t", "'", "can't"}
	texts := []string{"", "a", "'", "Hello, World!", strings.Repeat("Long TEXT it's ", 200)}
	for range 500 {
		var b strings.Builder
		for range rng.IntN(40) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
			if rng.IntN(3) > 0 {
				b.WriteByte(' ')
			}
		}
		texts = append(texts, b.String())
	}
	for _, f := range []Featurizer{{Dim: 1 << 12, WordN: 2}, {Dim: 1 << 10, WordN: 1}, {Dim: 1 << 12, WordN: 2, MaxChars: 37},
		{Dim: 1 << 8, WordN: 0}, {Dim: 1000, WordN: 2}, {Dim: 1 << 10, WordN: 3}, {Dim: 1 << 10, WordN: 2, CharN: []int{3}}} {
		m := &Model{Featurizer: f, Weights: make([]float32, f.Dim), Bias: 0.25}
		for i := range m.Weights {
			m.Weights[i] = float32(rng.NormFloat64())
		}
		for _, text := range texts {
			feats := f.Features(text, nil)
			want := m.scoreFeatures(feats)
			if got := m.Score(text); got != want {
				t.Fatalf("%+v %q: Score %v, features %v", f, text, got, want)
			}
			var wz float64
			for _, x := range feats {
				wz += float64(m.Weights[x])
			}
			if z, n := m.Sum(text); z != wz || n != len(feats) {
				t.Fatalf("%+v %q: Sum %v %d, features %v %d", f, text, z, n, wz, len(feats))
			}
		}
	}
}

// TestScoreAfterMatchesScore: scoring a text after a prefix read once gives
// bit for bit the score of the concatenation.
func TestScoreAfterMatchesScore(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	pieces := []string{"ctxhow", "ctxdo", "I", " ", " ||| ", "Sure,", "here's", "it's'", "'", "\n", "é", "Q3", "x", "12"}
	gen := func() string {
		var b strings.Builder
		for range rng.IntN(30) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
			if rng.IntN(2) == 0 {
				b.WriteByte(' ')
			}
		}
		return b.String()
	}
	for _, f := range []Featurizer{{Dim: 1 << 12, WordN: 2}, {Dim: 1000, WordN: 2, MaxChars: 60}, {Dim: 1 << 10, WordN: 1}, {Dim: 1 << 10, WordN: 3}} {
		m := &Model{Featurizer: f, Weights: make([]float32, f.Dim), Bias: -0.5}
		for i := range m.Weights {
			m.Weights[i] = float32(rng.NormFloat64())
		}
		var p Prefix
		for range 400 {
			head, text := gen(), gen()
			if rng.IntN(2) == 0 {
				head += " ||| "
			}
			m.SetPrefix(&p, head)
			if got, want := m.ScoreAfter(&p, text), m.Score(head+text); got != want {
				t.Fatalf("%+v %q + %q: ScoreAfter %v, Score %v", f, head, text, got, want)
			}
		}
	}
}

// TestScoreAfterLongTexts: heads and texts longer than a chunk of words
// (see hashWords), split at every chunk boundary, score like their
// concatenation.
func TestScoreAfterLongTexts(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	f := Featurizer{Dim: 1 << 12, WordN: 2}
	m := &Model{Featurizer: f, Weights: make([]float32, f.Dim)}
	for i := range m.Weights {
		m.Weights[i] = float32(rng.NormFloat64())
	}
	var b strings.Builder
	for i := range 3*wordChunk + 7 {
		b.WriteString([]string{"it's", "Q3", "rock'n'roll", "x", "can't''"}[i%5])
		b.WriteString([]string{" ", ", ", "\n"}[i%3])
	}
	words := b.String()
	var p Prefix
	for _, n := range []int{0, 1, wordChunk - 1, wordChunk, wordChunk + 1, 2 * wordChunk, len(words)} {
		cut := strings.LastIndexByte(words[:min(len(words), n*4)], ' ') + 1
		head, text := words[:cut], words[cut:]
		m.SetPrefix(&p, head)
		if got, want := m.ScoreAfter(&p, text), m.Score(head+text); got != want {
			t.Fatalf("cut %d: ScoreAfter %v, Score %v", cut, got, want)
		}
		if got, want := m.Score(head+text), m.scoreFeatures(f.Features(head+text, nil)); got != want {
			t.Fatalf("cut %d: Score %v, features %v", cut, got, want)
		}
	}
}

// TestScorePartsMatchesScore: ScoreParts gives bit for bit Score of the
// whole text and of each part, each followed by the suffix.
func TestScorePartsMatchesScore(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	pieces := []string{"Ignore", "ALL", "previous", "it's", "rock", "'n'", "roll's", "tests'", "''", "x''y", "42x",
		"e-mail", "a", " ", "  ", "\n", ", ", ".", "?", "!", "Q3", "12%", "can't"}
	suffixes := []string{"", " cxbomb", " cxbomb chpoison", "\n", " it's"}
	for _, f := range []Featurizer{{Dim: 1 << 12, WordN: 2}, {Dim: 1 << 10, WordN: 1}, {Dim: 1 << 12, WordN: 2, MaxChars: 60},
		{Dim: 1 << 8, WordN: 0}, {Dim: 1000, WordN: 2}} {
		m := &Model{Featurizer: f, Weights: make([]float32, f.Dim), Bias: -0.5}
		for i := range m.Weights {
			m.Weights[i] = float32(rng.NormFloat64())
		}
		for range 2000 {
			var b strings.Builder
			for range rng.IntN(300) {
				b.WriteString(pieces[rng.IntN(len(pieces))])
				if rng.IntN(3) > 0 {
					b.WriteByte(' ')
				}
			}
			text := b.String()
			// Cut after sentence ends, as harm cuts a request.
			var ends []int
			for i := 0; i < len(text); i++ {
				if c := text[i]; (c == '.' || c == '?' || c == '!' || c == '\n') && rng.IntN(2) == 0 {
					ends = append(ends, i+1)
				}
			}
			if len(ends) == 0 || ends[len(ends)-1] != len(text) {
				ends = append(ends, len(text))
			}
			if ends[0] == 0 {
				continue
			}
			suffix := suffixes[rng.IntN(len(suffixes))]
			parts := make([]float64, len(ends))
			got, ok := m.ScoreParts(text, ends, suffix, parts)
			if !ok {
				continue
			}
			if want := m.Score(text + suffix); got != want {
				t.Fatalf("%+v %q+%q: ScoreParts %v, Score %v", f, text, suffix, got, want)
			}
			start := 0
			for k, e := range ends {
				if want := m.Score(text[start:e] + suffix); parts[k] != want {
					t.Fatalf("%+v %q+%q part %d: ScoreParts %v, Score %v", f, text[start:e], suffix, k, parts[k], want)
				}
				start = e
			}
		}
	}
}

// TestIsASCII checks isASCII, which reads sixteen and eight bytes at a
// time, with a byte of 0x80 or above at each position of texts of every
// length to 40.
func TestIsASCII(t *testing.T) {
	for n := range 41 {
		text := []byte(strings.Repeat("a~\x7f ", 11)[:n])
		if !isASCII(string(text)) {
			t.Fatalf("isASCII(%q) = false", text)
		}
		for i := range n {
			for _, c := range []byte{0x80, 0xc3, 0xff} {
				b := append([]byte(nil), text...)
				b[i] = c
				if isASCII(string(b)) {
					t.Fatalf("isASCII(%q) = true", b)
				}
			}
		}
	}
}
