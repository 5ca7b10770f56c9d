package inject

import (
	"fmt"
	"strings"

	"github.com/faultline-dev/faultline/internal/signal"
	"github.com/faultline-dev/faultline/internal/trajectory"
)

// Pad is the padding signal: the share of a long user or tool turn made of
// repeated lines or sentences, and the token-budget pressure of the whole
// trajectory (estimated tokens so far against the context window given in
// the metadata, or the truncation flag): past the window, the system prompt
// is no longer seen by the model.
type Pad struct{}

// NewPad builds the signal.
func NewPad(*signal.Env) (signal.Signal, error) { return Pad{}, nil }

// ID implements signal.Signal.
func (Pad) ID() string { return Padding }

// Track implements signal.Signal.
func (Pad) Track(meta *trajectory.Meta) signal.Tracker {
	t := &padTracker{}
	if meta != nil && meta.Turn != nil {
		t.window = meta.Turn.ContextWindow
	}
	return t
}

// Reset implements signal.Resetter.
func (t *padTracker) Reset(meta *trajectory.Meta, _ *signal.Shared) {
	*t = padTracker{seen: t.seen}
	if meta != nil && meta.Turn != nil {
		t.window = meta.Turn.ContextWindow
	}
}

// minPadChars is the turn length below which repetition is not measured.
const minPadChars = 1500

type padTracker struct {
	window int
	// chars is the length of every message so far; prompt the largest
	// prompt token count reported by usage metadata.
	chars, prompt int
	seen          map[string]struct{}
}

// Observe implements signal.Tracker.
func (t *padTracker) Observe(_ int, m *trajectory.Message) signal.Measurement {
	t.chars += len(m.Content) + len(m.Reasoning)
	window := t.window
	truncated := false
	if m.Meta != nil {
		if m.Meta.ContextWindow > 0 {
			window = m.Meta.ContextWindow
		}
		if u := m.Meta.Usage; u != nil {
			t.prompt = max(t.prompt, u.PromptTokens, u.InputTokens)
		}
		truncated = m.Meta.Truncated
	}
	var out signal.Measurement
	if window > 0 {
		tokens := max(t.chars/4, t.prompt)
		pressure := float64(tokens) / float64(window)
		if v := min(1, max(0, (pressure-0.75)*4)); v > 0 {
			out = signal.Measurement{Value: v, Excerpt: fmt.Sprintf("~%d tokens of a %d-token context window", tokens, window)}
		}
	}
	if truncated && out.Value < 0.8 {
		out = signal.Measurement{Value: 0.8, Excerpt: "the serving stack truncated the context"}
	}
	if (m.Role == trajectory.RoleUser || m.Role == trajectory.RoleTool) && len(m.Content) >= minPadChars {
		if r, at := t.repetition(m.Content); r > out.Value {
			out = signal.Measurement{Value: r, Excerpt: fmt.Sprintf("%.0f%% repeated: ", 100*r) + Excerpt(around(m.Content, at))}
		}
	}
	return out
}

// repetition returns the share of the text's bytes in prose sentences that
// occur earlier in the same text (repeated lines of code, logs and tables
// are structure, not filler), scaled up to 1 for texts of 6,000 bytes and more,
// with the offset of the first repeat.
func (t *padTracker) repetition(s string) (float64, int) {
	if t.seen == nil {
		t.seen = make(map[string]struct{}, 64)
	}
	clear(t.seen)
	dup, first := 0, -1
	for i := 0; i < len(s); {
		end := sentenceEnd(s, i)
		seg := s[i:end]
		if len(seg) > 8 && proseLike(seg) {
			if _, ok := t.seen[seg]; ok {
				dup += len(seg)
				if first < 0 {
					first = i
				}
			} else {
				t.seen[seg] = struct{}{}
			}
		}
		i = end
	}
	if first < 0 {
		return 0, 0
	}
	share := float64(dup) / float64(len(s))
	scale := min(1, float64(len(s))/6000)
	return min(1, share*scale*1.25), first
}

// codeBytes are operators and brackets, which prose rarely uses.
const codeBytes = "=(){}[]<>;_|\\/`$#@*+%^&~"

// proseLike reports whether a segment reads as prose: at least four words
// of letters, and letters making up most of its non-space bytes (code,
// log and table lines are mostly digits, punctuation and operators, which
// count three times).
func proseLike(seg string) bool {
	words, letters, other := 0, 0, 0
	inWord := false
	for i := 0; i < len(seg); i++ {
		c := seg[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= 0x80:
			letters++
			if !inWord {
				words++
				inWord = true
			}
			continue
		case c == ' ', c == '\t', c == '\n', c == '\r':
		case c == '\'', c == ',', c == '.', c == '-':
			other++
			continue // inside a word or a sentence
		case strings.IndexByte(codeBytes, c) >= 0:
			other += 3
		default:
			other++
		}
		inWord = false
	}
	return words >= 4 && letters >= 4*other
}
