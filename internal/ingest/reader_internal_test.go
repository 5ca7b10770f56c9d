package ingest

import (
	"bytes"
	"testing"
)

// TestHasResourceSpans checks the search for the OTLP key against a plain
// search for it.
func TestHasResourceSpans(t *testing.T) {
	for _, s := range []string{``, `"resourceSpans"`, `{"resourceSpans": []}`, `resourceSpans"`, `"resourceSpans`,
		`"Spans"`, `{"a": "Spans", "b": "resource"}`, `"resourceSpans"Spans"`, `xx"resourcespans"`,
		`{"messages": [{"content": "Spans\" and \"resourceSpans\" too"}]}`, `"resourceSpan"`, `Spans""resourceSpans"`} {
		want := bytes.Contains([]byte(s), []byte(`"resourceSpans"`))
		if got := hasResourceSpans([]byte(s)); got != want {
			t.Errorf("hasResourceSpans(%q) = %v, want %v", s, got, want)
		}
	}
}
