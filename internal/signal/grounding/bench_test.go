package grounding

import (
	"fmt"
	"strings"
	"testing"

	"github.com/faultline-dev/faultline/internal/signal"
	"github.com/faultline-dev/faultline/internal/signal/model"
	"github.com/faultline-dev/faultline/internal/trajectory"
)

// benchText returns about n bytes of varied prose with numbers, names and a
// URL (a vocabulary large enough for the context index to keep growing).
func benchText(i, n int) string {
	var b strings.Builder
	for j := 0; b.Len() < n; j++ {
		k := (i*131 + j*17) % 997
		switch {
		case j%23 == 0:
			fmt.Fprintf(&b, "%d ", 1900+k)
		case j%31 == 0:
			b.WriteString("Mr" + letters(k) + " ")
		case j%97 == 0:
			fmt.Fprintf(&b, "https://example.com/p%d ", k)
		case j%11 == 0:
			b.WriteString("the ")
		default:
			b.WriteString(letters(k))
			b.WriteByte(' ')
		}
		if j%14 == 13 {
			b.WriteString("definitely. ")
		}
	}
	return b.String()
}

// letters spells k in base 26 (a word of 3 letters or more).
func letters(k int) string {
	w := []byte{'q', 'u'}
	for ; k > 0 || len(w) < 3; k /= 26 {
		w = append(w, byte('a'+k%26))
	}
	return string(w)
}

// BenchmarkSignals measures all five epistemic signals on 1 KB turns (system,
// user, assistant with a tool call, tool result, assistant answer), sharing
// one per-trajectory state as in a real session; cost must stay flat.
func BenchmarkSignals(b *testing.B) {
	env := &signal.Env{Models: model.NewSet(tinyGroundingModel(b))}
	ug, err := NewUngrounded(env)
	if err != nil {
		b.Fatal(err)
	}
	var sigs []signal.Signal
	sigs = append(sigs, ug)
	for _, c := range []signal.Constructor{NewFabricatedReference, NewCertainty, NewToolErrorIgnored, NewSelfContradiction} {
		s, _ := c(env)
		sigs = append(sigs, s)
	}
	msgs := []trajectory.Message{{Role: trajectory.RoleSystem, Content: benchText(0, 1024)}}
	for i := 1; len(msgs) < 400; i++ {
		m := trajectory.Message{Content: benchText(i, 1024)}
		switch i % 4 {
		case 1:
			m.Role = trajectory.RoleUser
		case 2:
			m.Role = trajectory.RoleAssistant
			m.ToolCalls = []trajectory.ToolCall{{Name: "search", Arguments: map[string]any{"query": "quick brown fox"}}}
		case 3:
			m.Role = trajectory.RoleTool
		default:
			m.Role = trajectory.RoleAssistant
		}
		msgs = append(msgs, m)
	}
	set := signal.NewSet(sigs)
	var sess *signal.Session
	n := 0
	b.SetBytes(1024)
	for b.Loop() {
		i := n % len(msgs)
		if i == 0 {
			sess = set.Track(&trajectory.Meta{})
		}
		sess.Observe(&msgs[i])
		n++
	}
}

// TestTrackersShareState checks that the five trackers of one session share
// one state through the session's signal.Shared, that another session gets
// its own, and that a signal tracked alone gets a state of its own.
func TestTrackersShareState(t *testing.T) {
	env := &signal.Env{Models: model.NewSet(tinyGroundingModel(t))}
	ug, _ := NewUngrounded(env)
	ref, _ := NewFabricatedReference(env)
	cert, _ := NewCertainty(env)
	meta := &trajectory.Meta{}
	one, two := &signal.Shared{}, &signal.Shared{}
	a1 := ug.(signal.SharingSignal).TrackShared(meta, one).(*ungroundedTracker)
	a2 := ref.(signal.SharingSignal).TrackShared(meta, one).(*referenceTracker)
	a3 := cert.(signal.SharingSignal).TrackShared(meta, one).(*certaintyTracker)
	if a1.st != a2.st || a2.st != a3.st {
		t.Fatal("trackers of one session must share the state")
	}
	if b1 := ug.(signal.SharingSignal).TrackShared(meta, two).(*ungroundedTracker); b1.st == a1.st {
		t.Fatal("a second session must get its own state")
	}
	if c := ug.Track(meta).(*ungroundedTracker); c.st == a1.st {
		t.Fatal("a tracker without a session store must get its own state")
	}
	m := msg(trajectory.RoleUser, "hello there")
	a1.Observe(0, &m)
	if c := cert.(signal.SharingSignal).TrackShared(meta, one).(*certaintyTracker); c.st == a1.st {
		t.Fatal("a state already observing must not be joined")
	}
}
