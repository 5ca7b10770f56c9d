package grounding

import (
	"path/filepath"
	"reflect"
	"testing"

	"github.com/faultline-dev/faultline/internal/ingest/fixture"
	"github.com/faultline-dev/faultline/internal/signal"
	"github.com/faultline-dev/faultline/internal/signal/model"
	"github.com/faultline-dev/faultline/internal/trajectory"
)

// groundingSignals returns the five grounding signals, in registration
// order.
func groundingSignals(t *testing.T) []signal.Signal {
	t.Helper()
	models, err := model.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	env := &signal.Env{Models: models}
	var sigs []signal.Signal
	for _, c := range []signal.Constructor{NewUngrounded, NewFabricatedReference, NewCertainty,
		NewToolErrorIgnored, NewSelfContradiction} {
		s, err := c(env)
		if err != nil {
			t.Fatal(err)
		}
		sigs = append(sigs, s)
	}
	return sigs
}

// testTrajectories returns the built-in tier's test trajectories: answers
// grounded and not, references, tool errors, contradictions, agents.
func testTrajectories(t *testing.T) []trajectory.Trajectory {
	t.Helper()
	files, err := filepath.Glob("../../builtin/testdata/*.jsonl")
	if err != nil || len(files) < 10 {
		t.Fatalf("test trajectories: %v (%d files)", err, len(files))
	}
	trajs := fixture.Trajectories(t, files...)
	return append(trajs, carryPairs()...)
}

// carryPairs returns pairs of trajectories, A then B, where B measures
// differently when something of A stays: a pending tool error, an earlier
// claim, context knowledge, numbered sources.
func carryPairs() []trajectory.Trajectory {
	u := func(s string) trajectory.Message { return msg(trajectory.RoleUser, s) }
	a := func(s string) trajectory.Message { return msg(trajectory.RoleAssistant, s) }
	return []trajectory.Trajectory{
		{ID: "carry-error-a", Messages: []trajectory.Message{u("What is my balance?"),
			{Role: trajectory.RoleTool, Content: "connection reset", IsError: true}}},
		{ID: "carry-error-b", Messages: []trajectory.Message{a("Your balance is definitely $1,240.")}},
		{ID: "carry-claims-a", Messages: []trajectory.Message{u("Tell me about the free tier."),
			a("The free tier does not include webhook delivery. The free tier allows 100 requests per minute.")}},
		{ID: "carry-claims-b", Messages: []trajectory.Message{u("Hi."), a("Hello."), u("And the free tier?"),
			a("The free tier includes webhook delivery. The free tier allows 1,000 requests per minute.")}},
		{ID: "carry-knowledge-a", Messages: []trajectory.Message{msg(trajectory.RoleSystem,
			"The Zorblax 9000 weighs 42 kilograms and ships from Oslo (https://zorblax.example/specs).")}},
		{ID: "carry-knowledge-b", Messages: []trajectory.Message{u("How heavy is the Zorblax?"),
			a("The Zorblax 9000 weighs 42 kilograms and ships from Oslo, see https://zorblax.example/specs.")}},
		{ID: "carry-sources-a", Messages: []trajectory.Message{u(
			"[1] Paris is the capital of France.\n[2] Berlin is the capital of Germany.")}},
		{ID: "carry-sources-b", Messages: []trajectory.Message{u("What is the capital of France?"),
			a("Paris is the capital of France [2].")}},
	}
}

// measure observes every message of tr in ss and returns the measurements.
func measure(ss *signal.Session, tr *trajectory.Trajectory) [][]signal.Measurement {
	var out [][]signal.Measurement
	for i := range tr.Messages {
		out = append(out, append([]signal.Measurement(nil), ss.Observe(&tr.Messages[i]).Values...))
	}
	return out
}

// TestResetCarriesNoState scans the test trajectories through one session
// reset between them (trajectory A, then B), in file order and reversed,
// with each grounding signal alone, all five together, and all five with a
// second tracker of two kinds (which join keeps apart), and checks every
// trajectory's measurements against a new session's of B alone.
func TestResetCarriesNoState(t *testing.T) {
	sigs := groundingSignals(t)
	trajs := testTrajectories(t)
	sets := map[string][]signal.Signal{
		"all":            sigs,
		"with duplicate": {sigs[2], sigs[0], sigs[1], sigs[2], sigs[3], sigs[4], sigs[0]},
	}
	for _, s := range sigs {
		sets[s.ID()] = []signal.Signal{s}
	}
	for name, list := range sets {
		set := signal.NewSet(list)
		alone := make([][][]signal.Measurement, len(trajs))
		for k := range trajs {
			alone[k] = measure(set.Track(&trajs[k].Meta), &trajs[k])
		}
		for _, backwards := range []bool{false, true} {
			ss := set.Track(&trajectory.Meta{})
			for n := range trajs {
				k := n
				if backwards {
					k = len(trajs) - 1 - n
				}
				ss.Reset(&trajs[k].Meta)
				if got := measure(ss, &trajs[k]); !reflect.DeepEqual(got, alone[k]) {
					t.Errorf("%s: %s after other trajectories:\n%v\nalone:\n%v", name, trajs[k].ID, got, alone[k])
				}
			}
		}
	}
}

// stateOf returns the grounding state of a grounding tracker.
func stateOf(t *testing.T, tr signal.Tracker) *shared {
	switch x := tr.(type) {
	case *ungroundedTracker:
		return x.st
	case *referenceTracker:
		return x.st
	case *certaintyTracker:
		return x.st
	case *toolErrorTracker:
		return x.st
	case *contradictionTracker:
		return x.st
	}
	t.Fatalf("%T is no grounding tracker", tr)
	return nil
}

// TestResetRejoins: reset trackers share grounding states exactly as new
// ones do (a second tracker of a kind apart, a tracker alone on its own),
// each keeping the state it had, emptied.
func TestResetRejoins(t *testing.T) {
	sigs := groundingSignals(t)
	lists := [][]signal.Signal{
		sigs,
		{sigs[2], sigs[0], sigs[1], sigs[2], sigs[3], sigs[4], sigs[0], sigs[2]},
		{sigs[4], sigs[4]},
	}
	m := trajectory.Message{Role: trajectory.RoleUser, Content: "The capital of France is Paris."}
	for _, list := range lists {
		var ids []string
		for _, s := range list {
			ids = append(ids, s.ID())
		}
		for _, alone := range []bool{false, true} {
			var store *signal.Shared
			if !alone {
				store = &signal.Shared{}
			}
			var trs []signal.Tracker
			for _, s := range list {
				trs = append(trs, s.(signal.SharingSignal).TrackShared(&trajectory.Meta{}, store))
			}
			for _, tr := range trs {
				tr.Observe(0, &m)
			}
			before := make([]*shared, len(trs))
			for i, tr := range trs {
				before[i] = stateOf(t, tr)
			}
			if !alone {
				store = &signal.Shared{} // as Session.Reset clears it
			}
			for _, tr := range trs {
				r, ok := tr.(signal.Resetter)
				if !ok {
					t.Fatalf("%T is no signal.Resetter", tr)
				}
				r.Reset(&trajectory.Meta{}, store)
			}
			for i, tr := range trs {
				st := stateOf(t, tr)
				if st != before[i] {
					t.Errorf("%v alone=%v: tracker %d got a new state", ids, alone, i)
				}
				if st.cur != nil || st.started.Load() || st.ctx.words.n != 0 || st.ctx.bytes != 0 {
					t.Errorf("%v alone=%v: tracker %d's state was not emptied", ids, alone, i)
				}
			}
		}
	}
}

// TestResetKeepsSmallTables: a reset keeps a table of a usual trajectory,
// emptied, and drops one that outgrew maxKeptSlots.
func TestResetKeepsSmallTables(t *testing.T) {
	for _, words := range []int{100, maxKeptSlots} {
		var x index
		var ct claimTable
		toks := make([]token, words)
		for k := range toks {
			toks[k].h = uint64(k+1) * 0x9E3779B97F4A7C15
			ct.addNew(uint64(k), claim{turn: k})
		}
		x.add("text", toks, true, false, false)
		size, claims := len(x.words.slots), len(ct.slots)
		x.reset()
		ct.reset()
		if big := size > maxKeptSlots; big != (x.words.slots == nil) {
			t.Errorf("%d words: table of %d slots kept: %v", words, size, x.words.slots != nil)
		}
		if big := claims > maxKeptSlots; big != (ct.slots == nil) {
			t.Errorf("%d claims: table of %d slots kept: %v", words, claims, ct.slots != nil)
		}
		if x.words.has(toks[0].h) || x.pairs.n != 0 || x.knowledge != 0 {
			t.Errorf("%d words: the index was not emptied", words)
		}
		if _, ok := ct.get(0); ok || len(ct.claims) != 0 {
			t.Errorf("%d claims: the table was not emptied", words)
		}
		x.add("text", toks[:2], false, false, false)
		ct.addNew(7, claim{})
		if !x.words.has(toks[1].h) || x.words.has(toks[2].h) || x.words.n != 2 {
			t.Errorf("%d words: the emptied index does not work", words)
		}
		if c, ok := ct.get(7); !ok || c.turn != 0 {
			t.Errorf("%d claims: the emptied table does not work", words)
		}
	}
}
