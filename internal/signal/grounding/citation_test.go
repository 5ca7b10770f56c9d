package grounding

import (
	"strings"
	"testing"
)

func TestMisattributed(t *testing.T) {
	ctx := "Answer from the documents and cite them.\n\n[1] Harbor Mill annual report: net income fell 8% to 2.3 million euros; the mill employs 140 people.\n\n" +
		"[2] Harbor Mill press note: a second kiln opens in Porto in March, adding 25 jobs by autumn."
	for _, tc := range []struct {
		name, reply string
		want        bool
	}{
		{"swapped citations", "Net income fell 8% to 2.3 million euros [2], and the Porto kiln adds 25 jobs [1].", true},
		{"right citations", "Net income fell 8% to 2.3 million euros [1], and the Porto kiln adds 25 jobs [2].", false},
		{"a source that does not exist", "Net income fell 8% [1]. Margins should recover next year [4].", true},
		{"sources cited together", "Net income fell 8% to 2.3 million euros while a kiln opens in Porto [1][2].", false},
		{"a claim too short to judge", "It fell [2].", false},
		{"no citations", "Net income fell 8% to 2.3 million euros.", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var s sources
			s.add(ctx)
			if got := s.misattributed(tc.reply) != ""; got != tc.want {
				t.Errorf("misattributed(%q) = %q, want a claim: %v", tc.reply, s.misattributed(tc.reply), tc.want)
			}
		})
	}
	t.Run("labels", func(t *testing.T) {
		var s sources
		s.add("Document 1: The bridge is 420 metres long.\nDocument 2: The tunnel opened in 1994 under the river.")
		if got := s.misattributed("The tunnel opened in 1994 [1]."); got == "" {
			t.Error("a claim from Document 2 cited as [1] was not found")
		}
	})
}

func FuzzSources(f *testing.F) {
	for _, s := range []string{"[1] a 12 b\n[2] c 7", "Document 3: x\nSource 9) y", "[", "[999]", "[12x] q", "Doc 1."} {
		f.Add(s, "claim 12 b [2] and c 7 [1]")
	}
	f.Fuzz(func(t *testing.T, ctx, reply string) {
		var s sources
		s.add(ctx)
		if len(s.words) > maxSources {
			t.Fatalf("%d sources kept, bound %d", len(s.words), maxSources)
		}
		if got := s.misattributed(reply); got != "" && !strings.Contains(got, "[") {
			t.Fatalf("claim %q names no citation", got)
		}
	})
}
