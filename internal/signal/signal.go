// Package signal computes per-turn measurements of a trajectory (request harm,
// refusal, instruction-like text in untrusted content, ...). Signals are
// incremental: each keeps its own state per trajectory, and observing turn N
// costs O(size of turn N), so the same code serves batch scans and the live
// gateway without ever re-scanning history.
package signal

import (
	"fmt"

	"github.com/faultline-dev/faultline/internal/registry"
	"github.com/faultline-dev/faultline/internal/signal/model"
	"github.com/faultline-dev/faultline/internal/trajectory"
)

// Measurement is the value of one signal on one turn.
type Measurement struct {
	// Value is the signal's strength on the turn, usually in [0,1].
	Value float64
	// Excerpt is the part of the turn that produced the value, for evidence.
	Excerpt string
}

// Signal is a kind of per-turn measurement.
type Signal interface {
	// ID is the stable signal name used in evidence.
	ID() string
	// Track starts tracking one trajectory. meta is the trajectory's metadata;
	// messages arrive through Observe.
	Track(meta *trajectory.Meta) Tracker
}

// Shared is storage that the trackers of one trajectory share, so that
// signals of one package can tokenize or index a message once for all of
// them. A session observes messages in order on one goroutine, so it needs
// no locking.
type Shared struct {
	m map[any]any
}

// Load returns the value stored under key, creating it with create on first
// use. Keys should be unexported types of the package that uses them.
func (s *Shared) Load(key any, create func() any) any {
	if v, ok := s.m[key]; ok {
		return v
	}
	if s.m == nil {
		s.m = map[any]any{}
	}
	v := create()
	s.m[key] = v
	return v
}

// Get returns the value of type T stored under key in store, created by
// create when no tracker of the session stored one yet. A nil store (a
// signal tracked alone) gives a value of the caller's own.
func Get[T any](store *Shared, key any, create func() T) T {
	if store == nil {
		return create()
	}
	return store.Load(key, func() any { return create() }).(T)
}

// Reuse is Get for a tracker reset for another trajectory (see Resetter)
// that had old: old itself, emptied by reset, unless another tracker of
// the session already stored a value under key.
func Reuse[T any](store *Shared, key any, old T, reset func()) T {
	return Get(store, key, func() T {
		reset()
		return old
	})
}

// SharingSignal is implemented by signals whose trackers share per-trajectory
// state with other signals (through Shared) instead of computing it alone.
type SharingSignal interface {
	Signal
	// TrackShared starts tracking one trajectory with the session's Shared.
	TrackShared(meta *trajectory.Meta, shared *Shared) Tracker
}

// Tracker holds one signal's state for one trajectory.
type Tracker interface {
	// Observe measures message i, which follows all messages observed before.
	Observe(i int, m *trajectory.Message) Measurement
}

// Env is what signals and detectors may need when they are built: the trained
// models (the embedded ones, or retrained ones during out-of-group evaluation).
type Env struct {
	Models *model.Set
}

// Model returns the named model or an error naming what is missing.
func (e *Env) Model(name string) (*model.Model, error) {
	if e == nil {
		return nil, fmt.Errorf("model %q: no models loaded", name)
	}
	m, ok := e.Models.Get(name)
	if !ok {
		return nil, fmt.Errorf("model %q is not loaded (have %v)", name, e.Models.Names())
	}
	return m, nil
}

// Constructor builds a signal.
type Constructor = func(env *Env) (Signal, error)

// Registry maps signal IDs to constructors, in registration order.
type Registry = registry.Registry[*Env, Signal]

// NewRegistry returns an empty registry.
func NewRegistry() *Registry { return registry.New[*Env, Signal]("signal") }

// Turn is every signal's measurement of one message, in the order of the
// signal set that produced it. Values belongs to the session that measured
// it and is only valid until its next Observe: copy what must last.
type Turn struct {
	Index   int
	Message *trajectory.Message
	Values  []Measurement
}

// Set is an instantiated list of signals with an index from ID to position.
type Set struct {
	signals []Signal
	index   map[string]int
}

// NewSet indexes signals.
func NewSet(signals []Signal) *Set {
	s := &Set{signals: signals, index: make(map[string]int, len(signals))}
	for i, sg := range signals {
		s.index[sg.ID()] = i
	}
	return s
}

// Index returns the position of the signal id in every Turn's Values, or -1.
func (s *Set) Index(id string) int {
	if i, ok := s.index[id]; ok {
		return i
	}
	return -1
}

// Len returns the number of signals.
func (s *Set) Len() int { return len(s.signals) }

// ID returns the ID of the signal at position i of every Turn's Values.
func (s *Set) ID(i int) string { return s.signals[i].ID() }

// Resetter is implemented by trackers that can track another trajectory
// instead of being dropped, keeping the capacity of their buffers. Reset
// leaves the tracker as the signal's TrackShared(meta, shared) (or Track(meta)
// for a signal that shares nothing) would return it: no state of the
// trajectories it tracked before may show in what it measures.
type Resetter interface {
	Reset(meta *trajectory.Meta, shared *Shared)
}

// Session tracks one trajectory through every signal of a set.
type Session struct {
	set      *Set
	trackers []Tracker
	shared   Shared
	// values holds the measurements of the latest Turn.
	values []Measurement
	next   int
}

// Track starts a session for a trajectory with the given metadata.
func (s *Set) Track(meta *trajectory.Meta) *Session {
	ss := &Session{set: s, trackers: make([]Tracker, len(s.signals)), values: make([]Measurement, len(s.signals))}
	for i, sg := range s.signals {
		ss.trackers[i] = ss.track(sg, meta)
	}
	return ss
}

// track starts tracking one signal in the session.
func (ss *Session) track(sg Signal, meta *trajectory.Meta) Tracker {
	if sh, ok := sg.(SharingSignal); ok {
		return sh.TrackShared(meta, &ss.shared)
	}
	return sg.Track(meta)
}

// Reset readies the session for another trajectory, as a new session of
// Track(meta) would be: trackers that implement Resetter are reset, the
// others replaced by new ones. The Turns of the earlier trajectory are no
// longer valid.
func (ss *Session) Reset(meta *trajectory.Meta) {
	clear(ss.shared.m)
	ss.next = 0
	for i, sg := range ss.set.signals {
		if r, ok := ss.trackers[i].(Resetter); ok {
			r.Reset(meta, &ss.shared)
			continue
		}
		ss.trackers[i] = ss.track(sg, meta)
	}
}

// Observe measures the next message with every signal. The Turn's Values
// are owned by the session: they are valid until the next Observe or Reset.
func (ss *Session) Observe(m *trajectory.Message) Turn {
	t := Turn{Index: ss.next, Message: m, Values: ss.values}
	for i, tr := range ss.trackers {
		t.Values[i] = tr.Observe(ss.next, m)
	}
	ss.next++
	return t
}
