package harm_test

import (
	"strings"
	"testing"

	"github.com/faultline-dev/faultline/internal/signal"
	"github.com/faultline-dev/faultline/internal/signal/harm"
	"github.com/faultline-dev/faultline/internal/trajectory"
)

// BenchmarkSignals measures all six harm signals on alternating 1 KB user
// and assistant turns (cost per turn; divide by 1 KB).
func BenchmarkSignals(b *testing.B) {
	e := env(b)
	var sigs []signal.Signal
	for _, c := range []signal.Constructor{harm.NewRequestHarm, harm.NewRefusal, harm.NewResponseHarm, harm.NewFraming, harm.NewTopic, harm.NewIntent} {
		s, err := c(e)
		if err != nil {
			b.Fatal(err)
		}
		sigs = append(sigs, s)
	}
	set := signal.NewSet(sigs)
	u := trajectory.Message{Role: trajectory.RoleUser, Content: strings.Repeat("Please explain how the water cycle shapes coastal weather patterns. ", 16)[:1024]}
	a := trajectory.Message{Role: trajectory.RoleAssistant, Content: strings.Repeat("Sure, here is an overview of evaporation, condensation and rain. ", 16)[:1024]}
	sess := set.Track(&trajectory.Meta{})
	i := 0
	for b.Loop() {
		if i%2 == 0 {
			sess.Observe(&u)
		} else {
			sess.Observe(&a)
		}
		i++
	}
}

// BenchmarkEach measures each harm signal alone on the same alternating turns.
func BenchmarkEach(b *testing.B) {
	e := env(b)
	u := trajectory.Message{Role: trajectory.RoleUser, Content: strings.Repeat("Please explain how the water cycle shapes coastal weather patterns. ", 16)[:1024]}
	a := trajectory.Message{Role: trajectory.RoleAssistant, Content: strings.Repeat("Sure, here is an overview of evaporation, condensation and rain. ", 16)[:1024]}
	for _, c := range []signal.Constructor{harm.NewRequestHarm, harm.NewRefusal, harm.NewResponseHarm, harm.NewFraming, harm.NewTopic, harm.NewIntent} {
		s, err := c(e)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(s.ID(), func(b *testing.B) {
			tr := s.Track(&trajectory.Meta{})
			i := 0
			for b.Loop() {
				if i%2 == 0 {
					tr.Observe(i, &u)
				} else {
					tr.Observe(i, &a)
				}
				i++
			}
		})
	}
}
