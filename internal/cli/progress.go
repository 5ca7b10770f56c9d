package cli

import (
	"fmt"
	"io"
	"os"
	"sync"

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
