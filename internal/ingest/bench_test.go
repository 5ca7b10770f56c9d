package ingest

import (
	"bytes"
	"testing"

	"github.com/faultline-dev/faultline/internal/ingest/ingesttest"
)

// BenchmarkDecodeOpenAI measures decoding alone, one record at a time on one core.
func BenchmarkDecodeOpenAI(b *testing.B) {
	data := ingesttest.OpenAIJSONL(200)
	lines := bytes.Split(bytes.TrimSpace(data), []byte("\n"))
	reg := DefaultRegistry()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		for i, l := range lines {
			if _, err := reg.Decode(l, Source{"bench", i + 1}, ""); err != nil {
				b.Fatal(err)
			}
		}
	}
}
