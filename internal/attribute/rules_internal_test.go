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
