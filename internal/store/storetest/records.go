package storetest

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/faultline-dev/faultline/internal/store"
)

func testDecisions(t *testing.T, s store.Store) {
	ds, err := s.ListDecisions(ctx(t), "none")
	must(t, err)
	if len(ds) != 0 {
		t.Errorf("ListDecisions of unknown session = %v", ds)
	}
	// Inserted out of time order; listed oldest first.
	in := []store.Decision{
		{SessionID: "d1", Time: at(3), Action: store.ActionBlock, Rules: []string{"harm", "erosion"}, Turn: 5,
			Detail: json.RawMessage(`{"tool_call":{"name":"rm","arguments":{"path":"/"}}}`)},
		{SessionID: "d1", Time: at(1), Action: store.ActionAllow, Turn: 1},
		{SessionID: "d1", Time: at(2), Action: store.ActionWarn, Rules: []string{"erosion"}, Turn: 3},
		{SessionID: "other", Time: at(0), Action: store.ActionAnnotate},
	}
	for i := range in {
		must(t, s.AddDecision(ctx(t), &in[i]))
		if !strings.HasPrefix(in[i].ID, store.PrefixDecision) {
			t.Errorf("AddDecision assigned ID %q", in[i].ID)
		}
	}
	if in[1].Rules == nil {
		t.Error("AddDecision left nil Rules; want empty slice")
	}
	ds, err = s.ListDecisions(ctx(t), "d1")
	must(t, err)
	diff(t, "decisions of d1", []store.Decision{in[1], in[2], in[0]}, ds)

	// Time defaults to now; caller IDs are kept.
	d := store.Decision{ID: "mine", SessionID: "d2", Action: store.ActionTerminate}
	before := time.Now().Add(-time.Second)
	must(t, s.AddDecision(ctx(t), &d))
	if d.ID != "mine" || d.Time.Before(before) || d.Time.After(time.Now().Add(time.Second)) {
		t.Errorf("AddDecision defaults: ID %q Time %v", d.ID, d.Time)
	}
	ds, err = s.ListDecisions(ctx(t), "d2")
	must(t, err)
	diff(t, "decisions of d2", []store.Decision{d}, ds)
}

func incident(session, phenomenon string, sec int, turn int) store.Incident {
	return store.Incident{
		SessionID: session, Time: at(sec), Phenomenon: phenomenon, Score: 0.875, Severity: "high",
		FirstTurn: max(0, turn-2), Turn: turn, Action: store.ActionWarn,
		Finding: json.RawMessage(`{"phenomenon":"` + phenomenon + `","score":0.875,"severity":"high","evidence":[{"turn":1,"signal":"refusal","excerpt":"no","weight":0.5}]}`),
	}
}

func testIncidents(t *testing.T, s store.Store) {
	_, err := s.GetIncident(ctx(t), "missing")
	wantErr(t, "get missing incident", err, store.ErrNotFound)

	in := incident("i1", "policy_erosion", 0, 4)
	in.DecisionID = "dec_x"
	must(t, s.AddIncident(ctx(t), &in))
	if !strings.HasPrefix(in.ID, store.PrefixIncident) {
		t.Errorf("AddIncident assigned ID %q", in.ID)
	}
	got, err := s.GetIncident(ctx(t), in.ID)
	must(t, err)
	diff(t, "incident", in, got)

	// Optional fields empty.
	bare := store.Incident{ID: "bare", SessionID: "i1", Phenomenon: "intent_drift", Turn: -1}
	must(t, s.AddIncident(ctx(t), &bare))
	got, err = s.GetIncident(ctx(t), "bare")
	must(t, err)
	diff(t, "bare incident", bare, got)
}

// seedIncidents adds 8 incidents over two sessions and three phenomena, one
// second apart, and returns them in time order.
func seedIncidents(t *testing.T, s store.Store) []store.Incident {
	t.Helper()
	specs := []struct {
		session, phenomenon string
	}{
		{"A", "policy_erosion"}, {"B", "intent_drift"}, {"A", "intent_drift"}, {"A", "policy_erosion"},
		{"B", "reward_hacking"}, {"B", "policy_erosion"}, {"A", "epistemic_failure"}, {"A", "policy_erosion"},
	}
	out := make([]store.Incident, len(specs))
	// Insert in reverse so that order comes from Time, not insertion.
	for i := len(specs) - 1; i >= 0; i-- {
		out[i] = incident(specs[i].session, specs[i].phenomenon, i, i)
		must(t, s.AddIncident(ctx(t), &out[i]))
	}
	return out
}

func testIncidentFilters(t *testing.T, s store.Store) {
	all := seedIncidents(t, s)
	pick := func(idx ...int) []store.Incident {
		out := []store.Incident{}
		for _, i := range idx {
			out = append(out, all[i])
		}
		return out
	}
	tests := []struct {
		name string
		f    store.IncidentFilter
		want []store.Incident
		more bool // a next page exists
	}{
		{"all", store.IncidentFilter{}, pick(0, 1, 2, 3, 4, 5, 6, 7), false},
		{"newest first", store.IncidentFilter{Newest: true}, pick(7, 6, 5, 4, 3, 2, 1, 0), false},
		{"session", store.IncidentFilter{SessionID: "B"}, pick(1, 4, 5), false},
		{"phenomenon", store.IncidentFilter{Phenomenon: "policy_erosion"}, pick(0, 3, 5, 7), false},
		{"session and phenomenon", store.IncidentFilter{SessionID: "A", Phenomenon: "policy_erosion"}, pick(0, 3, 7), false},
		{"since", store.IncidentFilter{Since: at(6)}, pick(6, 7), false},
		{"until (exclusive)", store.IncidentFilter{Until: at(2)}, pick(0, 1), false},
		{"range", store.IncidentFilter{Since: at(2), Until: at(6), SessionID: "A"}, pick(2, 3), false},
		{"limit", store.IncidentFilter{Limit: 3}, pick(0, 1, 2), true},
		{"limit newest", store.IncidentFilter{Limit: 2, Newest: true, Phenomenon: "policy_erosion"}, pick(7, 5), true},
		{"no match", store.IncidentFilter{SessionID: "Z"}, pick(), false},
		{"empty range", store.IncidentFilter{Since: at(5), Until: at(5)}, pick(), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page, err := s.ListIncidents(ctx(t), tt.f)
			must(t, err)
			got := page.Incidents
			if got == nil {
				got = []store.Incident{}
			}
			diff(t, "incidents", tt.want, got)
			if (page.Next != "") != tt.more {
				t.Errorf("Next = %q, want a next page: %v", page.Next, tt.more)
			}
		})
	}
}

func testIncidentPaging(t *testing.T, s store.Store) {
	all := seedIncidents(t, s)
	// Two incidents at the same instant: ties break by ID.
	tie := []store.Incident{incident("A", "policy_erosion", 3, 3), incident("A", "policy_erosion", 3, 3)}
	tie[0].ID, tie[1].ID = "inc_tie_b", "inc_tie_a"
	for i := range tie {
		must(t, s.AddIncident(ctx(t), &tie[i]))
	}
	for _, newest := range []bool{false, true} {
		for _, limit := range []int{1, 2, 3, 100} {
			var got []string
			f := store.IncidentFilter{SessionID: "A", Newest: newest, Limit: limit}
			pages := 0
			for {
				page, err := s.ListIncidents(ctx(t), f)
				must(t, err)
				pages++
				if len(page.Incidents) > limit {
					t.Fatalf("page of %d incidents with limit %d", len(page.Incidents), limit)
				}
				for _, in := range page.Incidents {
					got = append(got, in.ID)
				}
				if page.Next == "" {
					break
				}
				if pages > 20 {
					t.Fatal("paging does not end")
				}
				f.Cursor = page.Next
			}
			// all[3] has the same Time; its generated ID (inc_0...) sorts first.
			want := []string{all[0].ID, all[2].ID, all[3].ID, "inc_tie_a", "inc_tie_b", all[6].ID, all[7].ID}
			if newest {
				for i, j := 0, len(want)-1; i < j; i, j = i+1, j-1 {
					want[i], want[j] = want[j], want[i]
				}
			}
			if !equal(got, want) {
				t.Errorf("newest=%v limit=%d: paged IDs\n got %v\nwant %v", newest, limit, got, want)
			}
		}
	}
	// The iterator pages the same way.
	var n int
	for in, err := range store.AllIncidents(ctx(t), s, store.IncidentFilter{Limit: 3}) {
		must(t, err)
		if in.ID == "" {
			t.Error("AllIncidents yielded an empty incident")
		}
		n++
	}
	if n != len(all)+len(tie) {
		t.Errorf("AllIncidents yielded %d, want %d", n, len(all)+len(tie))
	}
	_, err := s.ListIncidents(ctx(t), store.IncidentFilter{Cursor: "not a cursor!"})
	wantErr(t, "bad cursor", err, store.ErrInvalid)
}

func testRecord(t *testing.T, s store.Store) {
	sess := store.Session{ID: "r1", Turns: 6, Scores: scores(0.9), MaxScores: scores(0.9), Trajectory: trajectory("r1", 6)}
	dec := store.Decision{SessionID: "r1", Action: store.ActionReview, Rules: []string{"gate"}, Turn: 5}
	inc1 := incident("r1", "policy_erosion", 0, 5)
	inc1.Action, inc1.Time = "", time.Time{}
	inc2 := incident("r1", "intent_drift", 0, 5)
	inc2.Action = store.ActionWarn // kept
	rev := store.Review{SessionID: "r1", ToolCall: json.RawMessage(`{"name":"send_email","arguments":"{}"}`)}
	rec := store.Record{Session: &sess, Decision: &dec, Incidents: []*store.Incident{&inc1, &inc2}, Review: &rev}
	must(t, s.Record(ctx(t), &rec))

	if inc1.Action != store.ActionReview || inc1.DecisionID != dec.ID || inc2.Action != store.ActionWarn {
		t.Errorf("Record did not link incidents to the decision: %+v %+v", inc1, inc2)
	}
	got, err := s.GetSession(ctx(t), "r1")
	must(t, err)
	diff(t, "recorded session", sess, got)
	ds, err := s.ListDecisions(ctx(t), "r1")
	must(t, err)
	diff(t, "recorded decisions", []store.Decision{dec}, ds)
	for _, in := range []store.Incident{inc1, inc2} {
		got, err := s.GetIncident(ctx(t), in.ID)
		must(t, err)
		diff(t, "recorded incident", in, got)
	}
	r, err := s.GetReview(ctx(t), rev.ID)
	must(t, err)
	diff(t, "recorded review", rev, r)

	// An empty record is fine; a nil incident is invalid.
	must(t, s.Record(ctx(t), &store.Record{}))
	wantErr(t, "record with nil incident", s.Record(ctx(t), &store.Record{Incidents: []*store.Incident{nil}}), store.ErrInvalid)
}
