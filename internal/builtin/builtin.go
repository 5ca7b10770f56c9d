// Package builtin lists faultline's built-in signals and detectors: the
// registries the default pipeline is assembled from. Adding a signal or a
// detector means adding one line here.
package builtin

import (
	"github.com/faultline-dev/faultline/internal/detect"
	"github.com/faultline-dev/faultline/internal/signal"
)

// Signals returns a registry of every built-in signal.
func Signals() (*signal.Registry, error) {
	r := signal.NewRegistry()
	for _, e := range []struct {
		id string
		c  signal.Constructor
	}{
		// Built-in signals are registered here.
	} {
		if err := r.Register(e.id, e.c); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// Detectors returns a registry of every built-in detector.
func Detectors() (*detect.Registry, error) {
	r := detect.NewRegistry()
	for _, e := range []struct {
		id string
		c  detect.Constructor
	}{
		// Built-in detectors are registered here.
	} {
		if err := r.Register(e.id, e.c); err != nil {
			return nil, err
		}
	}
	return r, nil
}
