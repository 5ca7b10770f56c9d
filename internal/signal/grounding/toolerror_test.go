package grounding

import (
	"strings"
	"testing"

	"github.com/faultline-dev/faultline/internal/trajectory"
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

// TestZeroCounts: a checker's summary of no errors is no failed call.
func TestZeroCounts(t *testing.T) {
	for _, tc := range []struct {
		content string
		failed  bool
	}{
		{"Found 0 errors.", false},
		{"Found 2 errors.", true},
		{"Success: no errors found", false},
		{"Errors: 0, Warnings: 3", false},
		{"errors: 10", true},
		{"Compiled without errors", false},
		{"Tests: 0 failed, 12 passed", false},
		{"Tests: 1 failed, 11 passed", true},
		{"no errors, but the upload failed", true},
		{"Errors: 0" + strings.Repeat(" ok", 200), false},
		{"Errors: 3" + strings.Repeat(" ok", 200), true},
	} {
		m := &trajectory.Message{Role: trajectory.RoleTool, Content: tc.content}
		if got := toolResultFailed(m); got != tc.failed {
			t.Errorf("toolResultFailed(%q) = %v, want %v", tc.content, got, tc.failed)
		}
	}
}
