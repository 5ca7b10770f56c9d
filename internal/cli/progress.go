package cli

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
)

// progress shows a byte progress bar on a terminal stderr and lets
// diagnostics be printed without garbling it. On anything but a terminal it
// only prints diagnostics.
type progress struct {
	mu  sync.Mutex
	w   io.Writer
	bar *progressbar.ProgressBar
}

// newProgress sizes a bar for the given inputs; stdin ("-") or a non-terminal
// stderr disables the bar.
func newProgress(w io.Writer, inputs []string, disabled bool, what string) *progress {
	p := &progress{w: w}
	if disabled || !isTerminal(w) {
		return p
	}
	var total int64
	for _, in := range inputs {
		if in == "-" {
			return p
		}
		fi, err := os.Stat(in)
		if err != nil {
			return p
		}
		total += fi.Size()
	}
	p.bar = progressbar.NewOptions64(total,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription(what),
		progressbar.OptionShowBytes(true),
		progressbar.OptionThrottle(100_000_000),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionSetWidth(30),
	)
	return p
}

// add advances the bar by n input bytes.
func (p *progress) add(n int64) {
	if p.bar == nil {
		return
	}
	p.mu.Lock()
	p.bar.Add64(n)
	p.mu.Unlock()
}

// print writes one diagnostic line.
func (p *progress) print(line string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar != nil {
		p.bar.Clear()
	}
	fmt.Fprintln(p.w, line)
}

// finish removes the bar.
func (p *progress) finish() {
	if p.bar == nil {
		return
	}
	p.mu.Lock()
	p.bar.Finish()
	p.mu.Unlock()
}

// countProgress shows work counted in units (the red-team attacks): on a
// terminal a bar with done/total, a description (the ASR so far) and the
// estimated time left; elsewhere one line per finished unit.
type countProgress struct {
	w        io.Writer
	tty      bool
	throttle time.Duration
	bar      *progressbar.ProgressBar
}

// newCountProgress returns a progress for w; tty selects the bar.
func newCountProgress(w io.Writer, tty bool, throttle time.Duration) *countProgress {
	return &countProgress{w: w, tty: tty, throttle: throttle}
}

// update reports done of total units: desc describes the state (the bar's
// label), line the unit just finished (the plain line). Calls must not
// overlap.
func (p *countProgress) update(done, total int, desc, line string) {
	if !p.tty {
		fmt.Fprintf(p.w, "[%d/%d] %s\n", done, total, line)
		return
	}
	if p.bar == nil {
		p.bar = progressbar.NewOptions(total,
			progressbar.OptionSetWriter(p.w),
			progressbar.OptionShowCount(),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionSetElapsedTime(true),
			progressbar.OptionThrottle(p.throttle),
			progressbar.OptionClearOnFinish(),
			progressbar.OptionSetWidth(30),
		)
	}
	p.bar.Describe(desc)
	p.bar.Set(done)
}

// finish removes the bar.
func (p *countProgress) finish() {
	if p.bar != nil {
		p.bar.Finish()
	}
}
