package drift

// Asked exposes asked to the benchmark.
func Asked(text string) uint8 { return uint8(asked(text, true)) }
