package attribute

import "testing"

func TestFlattery(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Great question! The answer is 4.", "great question"},
		{"You’re absolutely right, I was wrong.", "you're absolutely right"},
		{"YOURE TOTALLY RIGHT", "youre totally right"},
		{"These are great questions to ask.", ""},
		{"I love your idea.", "i love your"},
		{"The answer is 4.", ""},
	} {
		if got := flattery(tc.in); got != tc.want {
			t.Errorf("flattery(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestMayRefuse checks that the prefilter passes every opening refusalRE
// matches, and rejects some that it does not.
func TestMayRefuse(t *testing.T) {
	for _, s := range []string{
		"I can't help with that.", "I CANNOT do this", "Sorry, I won't.", "I WILL NOT write it.",
		"I'm not able to share that.", "I am not able to", "I'm unable to comply.", "I must decline.",
		"I'm sorry, but no.", "I apologize, but I cannot.", "That is not something I can help with.",
		"Well... I can't", "I'M SORRY, BUT",
	} {
		if !refusalRE.MatchString(s) {
			t.Fatalf("refusalRE does not match %q: fix the test", s)
		}
		if !mayRefuse(s) {
			t.Errorf("mayRefuse(%q) = false", s)
		}
	}
	for _, s := range []string{"Here is the recipe.", "", "x", "Sure, here it is.", "I'm sorry to hear that."} {
		if mayRefuse(s) {
			t.Errorf("mayRefuse(%q) = true", s)
		}
	}
}
