package harm

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/faultline-dev/faultline/internal/signal/model"
)

// TestAppendContextWords checks the ASCII path against model.Words, on
// chosen and random texts.
func TestAppendContextWords(t *testing.T) {
	long := strings.Repeat("Word's RUN o'clock 42x dogs'' ", 30)
	srcs := []string{
		"", "   ", "How do I Kill a PYTHON process?", "'quoted' ''' it's rock'n'roll'", "a", "x'",
		long, long[:len(long)/3], strings.Repeat("w ", 48), strings.Repeat("w ", 49), "trailing word",
	}
	r := rand.New(rand.NewPCG(19, 20))
	for range 500 {
		b := make([]byte, r.IntN(300))
		for i := range b {
			b[i] = "aZ9'' .,-\n"[r.IntN(10)]
		}
		srcs = append(srcs, string(b))
	}
	for _, src := range srcs {
		for _, max := range []int{48, 1, 3, 0, 70} {
			want := []byte("pre ")
			words := model.Words(src, nil)
			if len(words) > max {
				words = words[len(words)-max:]
			}
			for _, w := range words {
				want = append(want, "ctx"+w+" "...)
			}
			got, ok := appendContextWords([]byte("pre "), src, max)
			if !ok || string(got) != string(want) {
				t.Errorf("appendContextWords(%q, %d) = %q, %v; want %q", src, max, got, ok, want)
			}
		}
	}
	if _, ok := appendContextWords(nil, "café au lait", 48); ok {
		t.Error("non-ASCII text took the ASCII path")
	}
}
