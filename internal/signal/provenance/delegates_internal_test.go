package provenance

import "testing"

func TestDelegates(t *testing.T) {
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"Send an invite to everyone on the Q3 offsite thread.", true},
		{"Pay the latest invoice from our cleaning vendor.", true},
		{"Please do the actions specified in the EMAIL from David.", true},
		{"Add john.doe@clientcorp.com to the participants of the event.", false},
		{"Pay the bill in bill-march.txt.", false},
		{"Tell everyone I said hi.", false},
		{"", false},
	} {
		if got := delegates(tc.text); got != tc.want {
			t.Errorf("delegates(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}

func BenchmarkDelegates(b *testing.B) {
	text := "Hi! Could you look at my notes from yesterday and summarize what we decided about the launch, then draft a short reply to the team? Thanks a lot, this is really helpful. "
	for len(text) < 2000 {
		text += text
	}
	for b.Loop() {
		delegates(text)
	}
}
