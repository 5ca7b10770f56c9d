package cli

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"

	"github.com/faultline-dev/faultline/internal/analysis"
	"github.com/faultline-dev/faultline/internal/ingest"
	"github.com/faultline-dev/faultline/internal/trajectory"
)

type scanCmd struct {
	Paths         []string `arg:"" name:"path" help:"Files or folders to scan; '-' reads standard input. Folders are walked for .json, .jsonl and .ndjson files (also .gz)."`
	Out           string   `short:"o" placeholder:"FILE" help:"Write results to FILE instead of standard output."`
	Format        string   `placeholder:"NAME" enum:",openai,anthropic,sharegpt,hh-rlhf,otel" default:"" help:"Force the input format instead of detecting it per record: ${enum}."`
	Workers       int      `short:"j" default:"0" help:"Parallel workers (0 = one per CPU). Output order is input order whatever the number."`
	Taxonomy      string   `placeholder:"FILE" type:"existingfile" help:"A taxonomy file that adds or overrides entries of the built-in taxonomy."`
	EvalProfile   string   `placeholder:"FILE" type:"existingfile" help:"An eval profile from 'faultline profile': attribution then judges depth, context length and categories against your eval instead of the taxonomy's defaults."`
	WarnThreshold float64  `default:"0.5" help:"Lowest phenomenon score that makes the verdict 'warn'."`
	FailThreshold float64  `default:"0.8" help:"Lowest phenomenon score that makes the verdict 'fail'."`
	NoProgress    bool     `help:"Never show a progress bar (it is only shown when stderr is a terminal and the input is files)."`
	Trace         bool     `help:"Add a 'trace' to each result: every turn's non-zero signal values with the excerpt each read, to see why a score is what it is."`
}

func (c *scanCmd) Help() string {
	return `Reads OpenAI chat, Anthropic Messages, ShareGPT, HH-RLHF and OpenTelemetry GenAI (OTLP JSON)
logs, as JSON Lines, JSON arrays or single documents, optionally gzip-compressed; the format is
detected per record. Writes one JSON object per trajectory, in input order:

  {"id", "source", "turns", "verdict": "pass|warn|fail",
   "scores": {the four phenomena}, "causes": {the four causes}, "findings": [...]}

Records that are not trajectories (such as a {"metadata": ...} header line) are skipped and
counted. A bad record is reported on stderr as file:line: reason and never stops the scan.
The last line on stderr is "N read, M rejected, K skipped".

Exit status: 0 when every record was read, 1 when some were rejected, 2 on usage or I/O errors.`
}

// scanJob is one input item with its position in the output.
type scanJob struct {
	seq  int
	item ingest.Item
}

// scanOut is what a worker made of one item.
type scanOut struct {
	seq      int
	results  []byte // JSON lines
	trajs    int
	rejected string // "file:line: reason" when the record was rejected
	ioErr    string // "file: reason" when a whole input could not be read
	skipped  bool
}

// scanStats counts what a scan read.
type scanStats struct {
	read, rejected, skipped, trajectories int
	ioErrors                              int
}

func (c *scanCmd) Run(env *Env) error {
	if c.Workers < 0 {
		return usageError("--workers must be 0 or more")
	}
	th := analysis.Thresholds{Warn: c.WarnThreshold, Fail: c.FailThreshold}
	an, err := buildAnalyzer(c.Taxonomy, th, c.EvalProfile)
	if err != nil {
		return usageError("%v", err)
	}
	inputs, err := ingest.Inputs(c.Paths)
	if err != nil {
		return usageError("%v", err)
	}
	if len(inputs) == 0 {
		return usageError("no .json, .jsonl or .ndjson files found in %s", strings.Join(c.Paths, ", "))
	}
	var out io.Writer = env.Stdout
	if c.Out != "" {
		f, err := os.Create(c.Out)
		if err != nil {
			return usageError("creating output: %v", err)
		}
		defer f.Close()
		out = f
	}
	bw := bufio.NewWriterSize(out, 256<<10)
	defer tuneGC()()

	prog := newProgress(env.Stderr, inputs, c.NoProgress, "scanning")
	stats, err := scanAll(env, inputs, scanOptions{
		reader:   &ingest.Reader{Stdin: env.Stdin, Force: c.Format, Progress: prog.add},
		registry: ingest.DefaultRegistry(),
		analyzer: an,
		workers:  c.Workers,
		warn:     prog.print,
		trace:    c.Trace,
	}, bw)
	prog.finish()
	if ferr := bw.Flush(); ferr != nil && err == nil {
		err = fmt.Errorf("writing results: %w", ferr)
	}
	fmt.Fprintf(env.Stderr, "%d read, %d rejected, %d skipped (%d trajectories)\n",
		stats.read, stats.rejected, stats.skipped, stats.trajectories)
	switch {
	case err != nil:
		return &exitError{code: ExitUsage, err: err}
	case stats.ioErrors > 0:
		return &exitError{code: ExitUsage, err: errors.New("some inputs could not be read")}
	case stats.rejected > 0:
		return &exitError{code: ExitRejected, err: errors.New("")}
	}
	return nil
}

type scanOptions struct {
	reader   *ingest.Reader
	registry *ingest.Registry
	analyzer *analysis.Analyzer
	workers  int
	// trace adds every turn's signal values to the results.
	trace bool
	// warn prints one diagnostic line on stderr.
	warn func(string)
}

// scanAll reads every input, analyzes records on parallel workers and writes
// results in input order. The number of records in flight is bounded, so
// memory stays bounded by the largest record whatever the input size.
func scanAll(env *Env, inputs []string, opt scanOptions, w io.Writer) (scanStats, error) {
	workers := opt.workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	inflight := make(chan struct{}, workers*32)
	jobs := make(chan scanJob, workers*8)
	outs := make(chan scanOut, workers*8)
	var stats scanStats

	// Reader: delimits records in order.
	readErrs := make(chan error, 1)
	go func() {
		defer close(jobs)
		seq := 0
		for _, in := range inputs {
			err := opt.reader.ReadFile(in, func(it ingest.Item) error {
				inflight <- struct{}{}
				jobs <- scanJob{seq: seq, item: it}
				seq++
				return nil
			})
			if err != nil {
				inflight <- struct{}{}
				jobs <- scanJob{seq: seq, item: ingest.Item{Source: ingest.Source{File: in}, Err: &ioError{err}}}
				seq++
			}
		}
		readErrs <- nil
	}()

	// Workers: decode, analyze, encode.
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for j := range jobs {
				outs <- processItem(j, opt)
			}
		})
	}
	go func() { wg.Wait(); close(outs) }()

	// Collector: writes in order.
	pending := map[int]scanOut{}
	next := 0
	var writeErr error
	for o := range outs {
		pending[o.seq] = o
		for {
			p, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			<-inflight
			if p.ioErr != "" {
				stats.ioErrors++
				opt.warn(p.ioErr)
				continue
			}
			stats.read++
			switch {
			case p.rejected != "":
				stats.rejected++
				opt.warn(p.rejected)
			case p.skipped:
				stats.skipped++
			}
			stats.trajectories += p.trajs
			if writeErr == nil && len(p.results) > 0 {
				if _, err := w.Write(p.results); err != nil {
					writeErr = fmt.Errorf("writing results: %w", err)
				}
			}
		}
	}
	<-readErrs
	return stats, writeErr
}

// tuneGC trades memory for throughput while a batch command runs: the live
// heap of a scan is small and bounded (records in flight), so collecting at
// 4x instead of 2x of it halves GC work at little cost. It returns the undo.
func tuneGC() func() {
	old := debug.SetGCPercent(400)
	return func() { debug.SetGCPercent(old) }
}

// ioError marks an input that could not be opened or read at all.
type ioError struct{ err error }

func (e *ioError) Error() string { return e.err.Error() }

func processItem(j scanJob, opt scanOptions) scanOut {
	o := scanOut{seq: j.seq}
	it := j.item
	if it.Err != nil {
		var ie *ioError
		if errors.As(it.Err, &ie) {
			o.ioErr = fmt.Sprintf("%s: %v", it.Source.File, ie.err)
			return o
		}
		o.rejected = fmt.Sprintf("%s: %v", it.Source, it.Err)
		return o
	}
	trajs := it.Trajectories
	if it.Data != nil {
		var err error
		trajs, err = opt.registry.Decode(it.Data, it.Source, opt.reader.Force)
		if errors.Is(err, ingest.ErrNotTrajectory) {
			o.skipped = true
			return o
		}
		if err != nil {
			o.rejected = fmt.Sprintf("%s: %v", it.Source, err)
			return o
		}
	}
	// The results are encoded straight into the item's output: no copy per
	// result, as json.Marshal would make.
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	for i := range trajs {
		if err := encodeResult(enc, opt.analyzer, &trajs[i], opt.trace); err != nil {
			o.rejected = fmt.Sprintf("%s: %v", it.Source, err)
			return o
		}
	}
	o.results = buf.Bytes()
	o.trajs = len(trajs)
	return o
}

// encodeResult analyzes t and writes its result as one JSON line (what
// json.Marshal gives, and a newline). Nothing is written on an error.
func encodeResult(enc *json.Encoder, an *analysis.Analyzer, t *trajectory.Trajectory, trace bool) error {
	var r analysis.Result
	if trace {
		r = an.AnalyzeTraced(t)
	} else {
		r = an.Analyze(t)
	}
	if err := enc.Encode(&r); err != nil {
		return fmt.Errorf("encoding result of %s: %w", t.ID, err)
	}
	return nil
}
