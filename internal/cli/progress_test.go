package cli

import (
	"bytes"
	"strings"
	"testing"

	"github.com/faultline-dev/faultline/internal/redteam"
)

// TestCountProgress: on a terminal the red-team progress is a bar with
// done/total, the ASR so far and the time left; elsewhere one line per
// finished unit.
func TestCountProgress(t *testing.T) {
	events := []redteam.ProgressEvent{
		{Done: 1, Total: 4, Line: "offline/a/crescendo/0 safe", Judged: 1},
		{Done: 2, Total: 4, Line: "offline/b/crescendo/0 FAILED at turn 2", Judged: 2, Succeeded: 1},
		{Done: 3, Total: 4, Line: "benign/offline/x", Judged: 2, Succeeded: 1},
		{Done: 4, Total: 4, Line: "offline/c/crescendo/0 FAILED at turn 1", Judged: 3, Succeeded: 2},
	}
	var tty, plain bytes.Buffer
	bar, lines := newCountProgress(&tty, true, 0), newCountProgress(&plain, false, 0)
	for _, ev := range events {
		bar.update(ev.Done, ev.Total, progressLabel(ev), ev.Line)
		lines.update(ev.Done, ev.Total, progressLabel(ev), ev.Line)
	}
	out := tty.String()
	for _, want := range []string{"redteam: ASR 50% (1/2)", "redteam: ASR 67% (2/3)", "(3/4)", "\r"} {
		if !strings.Contains(out, want) {
			t.Errorf("bar output lacks %q: %q", want, out)
		}
	}
	if !strings.Contains(out, "[0s:") && !strings.Contains(out, "[0s]") {
		t.Errorf("bar output lacks the elapsed:left time: %q", out)
	}
	bar.finish()
	want := "[1/4] offline/a/crescendo/0 safe\n[2/4] offline/b/crescendo/0 FAILED at turn 2\n[3/4] benign/offline/x\n[4/4] offline/c/crescendo/0 FAILED at turn 1\n"
	if plain.String() != want {
		t.Errorf("plain progress:\n%s\nwant\n%s", plain.String(), want)
	}
	if got := progressLabel(redteam.ProgressEvent{Done: 1, Total: 2}); got != "redteam" {
		t.Errorf("label before any verdict: %q", got)
	}
}
