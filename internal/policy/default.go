package policy

import (
	_ "embed" // for the default policy
	"fmt"
)

// defaultYAML is the embedded default policy. A string, so it cannot be
// modified at run time.
//
//go:embed default.yaml
var defaultYAML string

// DefaultSource is the name the default policy reports from Source and in
// error positions.
const DefaultSource = "default.yaml"

// Default compiles and returns the embedded default policy. It compiles on
// every call (a few milliseconds): call it once and keep the Policy. It
// panics only if the embedded file is invalid, which the package's tests
// rule out.
func Default() *Policy {
	p, err := Parse(DefaultSource, []byte(defaultYAML))
	if err != nil {
		panic(fmt.Errorf("policy: embedded default policy is invalid: %w", err))
	}
	return p
}

// DefaultYAML returns the text of the embedded default policy, with its
// comments, as a starting point for a user policy.
func DefaultYAML() string { return defaultYAML }
