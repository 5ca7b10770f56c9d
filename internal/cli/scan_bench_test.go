package cli

import (
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/faultline-dev/faultline/internal/analysis"
	"github.com/faultline-dev/faultline/internal/ingest"
	"github.com/faultline-dev/faultline/internal/ingest/ingesttest"
	"github.com/faultline-dev/faultline/internal/plan"
	"github.com/faultline-dev/faultline/internal/taxonomy"
)

// BenchmarkScanPipeline measures `faultline scan` end to end on OpenAI JSONL
// (reading, delimiting, decoding on every core, analysis with the shipped
// pipeline, encoding, ordered output), in input bytes per second.
func BenchmarkScanPipeline(b *testing.B) {
	an, err := buildAnalyzer("", analysis.DefaultThresholds(), "")
	if err != nil {
		b.Fatal(err)
	}
	benchScan(b, an, 5000)
}

// BenchmarkScanPipelineSmall is BenchmarkScanPipeline on 200 records, small
// enough to count instructions under valgrind.
func BenchmarkScanPipelineSmall(b *testing.B) {
	an, err := buildAnalyzer("", analysis.DefaultThresholds(), "")
	if err != nil {
		b.Fatal(err)
	}
	benchScan(b, an, 200)
}

// BenchmarkScanIngestOnly is the same run with an empty pipeline (no signal,
// no detector): ingestion and output alone.
func BenchmarkScanIngestOnly(b *testing.B) {
	tx, err := taxonomy.Default()
	if err != nil {
		b.Fatal(err)
	}
	an, err := analysis.New(analysis.Config{Planner: plan.New(tx)})
	if err != nil {
		b.Fatal(err)
	}
	benchScan(b, an, 5000)
}

func benchScan(b *testing.B, an *analysis.Analyzer, records int) {
	data := ingesttest.OpenAIJSONL(records)
	path := filepath.Join(b.TempDir(), "bench.jsonl")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		b.Fatal(err)
	}
	env := &Env{Stderr: io.Discard}
	defer tuneGC()() // as scanCmd.Run does
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		stats, err := scanAll(env, []string{path}, scanOptions{
			reader: &ingest.Reader{}, registry: ingest.DefaultRegistry(), analyzer: an,
			warn: func(string) {},
		}, io.Discard)
		if err != nil || stats.rejected != 0 {
			b.Fatalf("scan: %v, %+v", err, stats)
		}
	}
}
