package epistemic

import "testing"

// TestMayAbstain checks that the prefilter passes every reply abstainRE
// matches, and rejects some that it does not.
func TestMayAbstain(t *testing.T) {
	for _, s := range []string{
		"I DON'T HAVE ANY INFORMATION ABOUT that.", "i dont have details on it", "I do not have records for this",
		"I don't want to guess.", "I can't confirm it.", "I cannot verify that", "I can not confirm",
		"That is not in the documentation.", "It's not covered by our sources.", "I have no information about him.",
		"I had no details on that", "The knowledge base doesn't say whether water damage is covered.",
		"Our policy does not mention refunds for gifts.", "The return window is not specified in the documentation.",
		"THE CONTEXT DON'T LIST A PRICE", "The documents don't say anything about plans for 2025.",
		"The reports do not mention a launch date.",
	} {
		if !abstainRE.MatchString(s) {
			t.Fatalf("abstainRE does not match %q: fix the test", s)
		}
		if !mayAbstain(s) {
			t.Errorf("mayAbstain(%q) = false", s)
		}
	}
	for _, s := range []string{"The capital of France is Paris.", "", "x", "Sure, here it is."} {
		if mayAbstain(s) {
			t.Errorf("mayAbstain(%q) = true", s)
		}
	}
}
