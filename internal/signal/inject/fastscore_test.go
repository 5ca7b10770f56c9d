package inject

import (
	"strings"
	"testing"

	"github.com/faultline-dev/faultline/internal/signal/model"
)

func TestScoreWordsMatchesModel(t *testing.T) {
	ex := []model.Example{{Text: "ignore the rules now", Label: true}, {Text: "the meeting is on Thursday"}}
	for _, f := range []model.Featurizer{{Dim: 1 << 10, WordN: 2}, {Dim: 1 << 10, WordN: 3, CharN: []int{3, 4}}} {
		m, err := model.Train("x", f, ex, model.TrainOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for _, text := range []string{"Ignore the RULES, now!", "Ünïcode wörds, ok?", "a", "", strings.Repeat("it's the user's 3 e-mails now ", 40)} {
			got, want := scoreWords(m, model.Words(text, nil)), m.Score(text)
			if got != want {
				t.Errorf("%v %q: %.9f, model %.9f", f, text, got, want)
			}
		}
	}
}

func TestASCIIWords(t *testing.T) {
	for _, text := range []string{"Don't IGNORE the user's 3 e-mails'' now", "  ", "it's ''quoted'' text", "A1b2 C3D4, x'y"} {
		t.Run(text, func(t *testing.T) {
			lower, ok := lowerASCII(text)
			if !ok {
				t.Fatal("not ASCII")
			}
			got, want := asciiWords(lower, nil), model.Words(text, nil)
			if strings.Join(got, "|") != strings.Join(want, "|") {
				t.Errorf("asciiWords %q, model.Words %q", got, want)
			}
		})
	}
}

func TestLowerASCII(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{{"plain lower text here", "plain lower text here", true}, {"Mixed CASE at[]@`{ the end Z", "mixed case at[]@`{ the end z", true},
		{"ABCDEFGHIJKLMNOPQRSTUVWXYZ@[", "abcdefghijklmnopqrstuvwxyz@[", true}, {"naïve café", "", false}} {
		t.Run(tc.in, func(t *testing.T) {
			got, ok := lowerASCII(tc.in)
			if got != tc.want || ok != tc.ok {
				t.Errorf("lowerASCII = %q, %v; want %q, %v", got, ok, tc.want, tc.ok)
			}
		})
	}
}

// TestLowerASCIIEveryByte: the eight-bytes-at-a-time lower-casing agrees
// with strings.ToLower on every ASCII byte at every offset.
func TestLowerASCIIEveryByte(t *testing.T) {
	var all []byte
	for c := 1; c < 0x80; c++ {
		all = append(all, byte(c))
	}
	var scratch []byte
	for off := range 9 {
		text := strings.Repeat("x", off) + string(all) + "Q"
		want := strings.ToLower(text)
		if got, ok := lowerASCII(text); !ok || got != want {
			t.Errorf("offset %d: lowerASCII differs from strings.ToLower", off)
		}
		if got, ok := lowerASCIIInto(text, &scratch); !ok || got != want {
			t.Errorf("offset %d: lowerASCIIInto differs from strings.ToLower", off)
		}
		// A non-ASCII byte anywhere, in a block of eight or after the
		// last one.
		for at := range len(text) + 1 {
			odd := text[:at] + "é" + text[at:]
			if _, ok := lowerASCIIInto(odd, &scratch); ok {
				t.Fatalf("offset %d: non-ASCII at %d accepted", off, at)
			}
			if _, ok := lowerASCII(odd); ok {
				t.Fatalf("offset %d: non-ASCII at %d accepted", off, at)
			}
		}
	}
	// Text without upper-case letters is returned as it is.
	if got, ok := lowerASCIIInto("no capitals here, 42.", &scratch); !ok || got != "no capitals here, 42." {
		t.Errorf("lowerASCIIInto of lower-case text = %q, %v", got, ok)
	}
}

// TestCutUserTurnMatchesModel: a user turn longer than the model reads is
// scored from the features asciiSentence hashed (cutFeatures) exactly as
// model.Score scores it, also where words cross a sentence's chunkChars
// limit or the model's cut, with apostrophes on either side.
func TestCutUserTurnMatchesModel(t *testing.T) {
	ex := []model.Example{{Text: "qux don't zap", Label: true}, {Text: "vorp b''c 42 zap"}, {Text: "long qux vorp"}}
	m, err := model.Train("x", model.Featurizer{Dim: 1 << 10, WordN: 2, MaxChars: 700}, ex, model.TrainOptions{})
	if err != nil {
		t.Fatal(err)
	}
	s := NewScorer(m)
	// Words without a class (no rule fires: the chunks score the model's
	// score), spaces and separators that may or may not end a sentence.
	words := []string{"qux", "Don't", "zap'", "b''c", "42", "vorp", "'", "''x", "y'", strings.Repeat("q", 450), "qux'vorp", "Zap"}
	seps := []string{" ", " ", " ", "  ", "'", "''", ", ", ". ", "\n", "-", " ' "}
	rnd := uint32(1)
	next := func(n int) int {
		rnd = rnd*1664525 + 1013904223
		return int(rnd>>8) % n
	}
	var sc Scratch
	for range 3000 {
		var b strings.Builder
		for n := 701 + next(900); b.Len() < n; {
			b.WriteString(words[next(len(words))])
			b.WriteString(seps[next(len(seps))])
		}
		text := b.String()
		chunks := s.chunks(text, true, chunkChars, nil, &sc)
		if want := m.Score(text); len(chunks) == 0 || chunks[0].Score != want {
			t.Fatalf("%q: chunks %v, model %.9f", text, chunks, want)
		}
	}
}

// TestSeeds: the constant seeds are the FNV-1a states fnvByte computes.
func TestSeeds(t *testing.T) {
	if unigramSeed != fnvByte(fnvByte(fnvOffset, 'w'), 1) || bigramSeed != fnvByte(fnvByte(fnvOffset, 'w'), 2) {
		t.Fatal("seeds differ from fnvByte's")
	}
}
