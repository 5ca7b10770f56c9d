// Package detect holds the layer-1 detectors: trajectory-level patterns read
// from the per-turn signal sequence (refusal then compliance on one topic, tool
// calls whose arguments come from injected instructions, stance flips under
// content-free pushback, ...). Detectors are incremental like signals, so the
// gateway can ask for findings after every turn.
package detect

import (
	"github.com/faultline-dev/faultline/internal/finding"
	"github.com/faultline-dev/faultline/internal/registry"
	"github.com/faultline-dev/faultline/internal/signal"
	"github.com/faultline-dev/faultline/internal/trajectory"
)

// Detector recognises one failure pattern.
type Detector interface {
	// ID is the stable detector name.
	ID() string
	// Monitor starts watching one trajectory. set tells the positions of the
	// signals in every observed Turn.
	Monitor(meta *trajectory.Meta, set *signal.Set) Monitor
}

// Monitor is a detector's state for one trajectory.
type Monitor interface {
	// Observe takes the next turn with its signal values.
	Observe(t signal.Turn)
	// Findings returns what the detector concludes from the turns so far.
	Findings() []finding.Finding
}

// Resetter is implemented by monitors that can watch another trajectory
// instead of being dropped, keeping the capacity of their buffers. Reset
// leaves the monitor as the detector's Monitor(meta, set) would return it:
// nothing of the trajectories it watched before may show in its findings,
// and findings it returned before must not change.
type Resetter interface {
	Reset(meta *trajectory.Meta, set *signal.Set)
}

// ContextScorer is implemented by monitors that also measure context-window
// exploitation, the one cause score that detection (not attribution) fills.
type ContextScorer interface {
	ContextExploitation() float64
}

// Constructor builds a detector.
type Constructor = func(env *signal.Env) (Detector, error)

// Registry maps detector IDs to constructors, in registration order.
type Registry = registry.Registry[*signal.Env, Detector]

// NewRegistry returns an empty registry.
func NewRegistry() *Registry { return registry.New[*signal.Env, Detector]("detector") }
