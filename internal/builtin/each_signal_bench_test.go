package builtin_test

import (
	"testing"

	"github.com/faultline-dev/faultline/internal/signal"
)

// BenchmarkEachSignal measures every built-in signal alone on the same 1 KB
// turns as BenchmarkSignals (alone, signals that share per-message work pay
// for all of it): where the per-turn budget goes.
func BenchmarkEachSignal(b *testing.B) {
	conv := conversation(400)
	for _, s := range builtSignals(b) {
		b.Run(s.ID(), func(b *testing.B) {
			observeCyclic(b, signal.NewSet([]signal.Signal{s}), conv)
		})
	}
}
