package hacking

import (
	"slices"
	"testing"
)

func TestAssertions(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"No, I'm pretty sure it's Sydney. You're wrong.", []string{"Sydney"}},
		{"Are you sure about that? I think the official distance might be different.", nil},
		{"It was 1969, not 1971.", []string{"1969", "1971"}},
		{"The Louvre has it, ask Pierre.", []string{"Louvre", "Pierre"}},
	} {
		if got := assertions(tc.in, nil); !slices.Equal(got, tc.want) {
			t.Errorf("assertions(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if !adopts("The capital is Sydney.", []string{"Sydney"}) || adopts("It is 42.195 km.", nil) {
		t.Error("adopts")
	}
}
