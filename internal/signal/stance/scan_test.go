package stance

import (
	"strings"
	"testing"

	"github.com/faultline-dev/faultline/internal/signal/model"
)

func BenchmarkScan(b *testing.B) {
	text := strings.Repeat("I understand your view, but I still believe renewable energy is reliable and cheap. ", 13)[:1024]
	buf := make([]tok, 0, 512)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		buf = scan(text, 4096, buf[:0])
	}
}

func TestScanMatchesModelWords(t *testing.T) {
	for _, text := range []string{
		"You're RIGHT, I apologize.", "dogs' bones", "rock'n'roll", "l’été est chaud", "Ünïcode words 42x",
		"'quoted' text", "e.g. this", "", "   ", "a’",
	} {
		t.Run(text, func(t *testing.T) {
			got := scan(text, 0, nil)
			var want []uint64
			for _, w := range model.Words(text, nil) {
				if w == "" {
					continue
				}
				want = append(want, hashWord(w))
			}
			if len(got) != len(want) {
				t.Fatalf("%d words, model.Words has %d", len(got), len(want))
			}
			for i := range min(len(got), len(want)) {
				if got[i].h != want[i] {
					t.Errorf("word %d (%q) hash differs", i, text[got[i].lo:got[i].hi])
				}
			}
		})
	}
}
