package inject

import (
	"github.com/faultline-dev/faultline/internal/signal"
	"github.com/faultline-dev/faultline/internal/trajectory"
)

// Shots is the many_shot signal: fake dialogue embedded in one user or tool
// turn, counted as pairs of user-like and assistant-like role labels at line
// starts ("User:"/"Assistant:", "Human:"/"AI:"; "Q:"/"A:" count half, since
// quizzes use them too). Two shots measure about 0.15, eight or more 1.
type Shots struct{}

// NewShots builds the signal.
func NewShots(*signal.Env) (signal.Signal, error) { return Shots{}, nil }

// ID implements signal.Signal.
func (Shots) ID() string { return ManyShot }

// Track implements signal.Signal; the signal keeps no state across turns.
func (Shots) Track(*trajectory.Meta) signal.Tracker { return Shots{} }

// Observe implements signal.Tracker.
func (Shots) Observe(_ int, m *trajectory.Message) signal.Measurement {
	if m.Role != trajectory.RoleUser && m.Role != trajectory.RoleTool {
		return signal.Measurement{}
	}
	c := countLabels(m.Content)
	if c.first < 0 {
		return signal.Measurement{}
	}
	shots := float64(min(c.user, c.assistant)) + 0.5*float64(min(c.q, c.a))
	if shots < 2 {
		return signal.Measurement{}
	}
	v := min(1, (shots-1)/7)
	return signal.Measurement{Value: v, Excerpt: Excerpt(around(m.Content, c.first))}
}
