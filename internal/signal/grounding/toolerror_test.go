package grounding

import (
	"strings"
	"testing"
)

// TestFailurePrefix checks the copy-free prefix test against lower-casing
// the whole head.
func TestFailurePrefix(t *testing.T) {
	for _, s := range []string{
		"Error: boom", "ERROR", "error", "Errors", "Erro", "TRACEBACK (most recent call last)", "tracebac\u212a x",
		"FAILURE: x", "Fatal", "fat", "Exception in thread", "EXCEPTİON", "ok: 200", "", "é error", "Errör",
		"faıled", "FAILED\xff", "\xffERROR",
	} {
		want := false
		for _, p := range failurePrefixes {
			if strings.HasPrefix(strings.ToLower(s), p) {
				want = true
			}
		}
		if got := failurePrefix(s); got != want {
			t.Errorf("failurePrefix(%q) = %v, want %v", s, got, want)
		}
	}
}
