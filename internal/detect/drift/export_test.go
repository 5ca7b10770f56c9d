package drift

// Asked exposes asked to the benchmark.
func Asked(text string) uint8 { return uint8(asked(text, true)) }

// NamesAction exposes namesAction to the tests.
func NamesAction(text, tool string) bool { return namesAction(text, tool) }
