// Package registry is the ID -> constructor table that signals and detectors
// are registered in, kept in registration order, instead of switch
// statements scattered around.
package registry

import (
	"fmt"
	"slices"
)

// Registry maps IDs to constructors that build a T from an environment E.
type Registry[E, T any] struct {
	kind  string
	ids   []string
	ctors map[string]func(E) (T, error)
}

// New returns an empty registry; kind names what it holds in errors
// ("signal", "detector").
func New[E, T any](kind string) *Registry[E, T] {
	return &Registry[E, T]{kind: kind, ctors: map[string]func(E) (T, error){}}
}

// Register adds a constructor; registering an ID twice is an error.
func (r *Registry[E, T]) Register(id string, c func(E) (T, error)) error {
	if _, dup := r.ctors[id]; dup {
		return fmt.Errorf("%s %q registered twice", r.kind, id)
	}
	r.ids = append(r.ids, id)
	r.ctors[id] = c
	return nil
}

// IDs returns the registered IDs in registration order.
func (r *Registry[E, T]) IDs() []string { return slices.Clone(r.ids) }

// Build instantiates every registered constructor in registration order.
func (r *Registry[E, T]) Build(env E) ([]T, error) {
	out := make([]T, 0, len(r.ids))
	for _, id := range r.ids {
		v, err := r.ctors[id](env)
		if err != nil {
			return nil, fmt.Errorf("%s %s: %w", r.kind, id, err)
		}
		out = append(out, v)
	}
	return out, nil
}
