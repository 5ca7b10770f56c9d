package storetest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"testing"

	"github.com/faultline-dev/faultline/internal/store"
)

// exported is an exported line, parsed back.
type exported struct {
	ID       string            `json:"id"`
	Model    string            `json:"model"`
	Messages []json.RawMessage `json:"messages"`
	Metadata struct {
		SessionID    string          `json:"session_id"`
		Phenomenon   string          `json:"phenomenon"`
		Score        float64         `json:"score"`
		Severity     string          `json:"severity"`
		FirstTurn    int             `json:"first_turn"`
		Turn         int             `json:"turn"`
		Action       string          `json:"action"`
		TrajectoryID string          `json:"trajectory_id"`
		Objective    string          `json:"objective"`
		ID           *string         `json:"id"`
		Finding      json.RawMessage `json:"finding"`
	} `json:"metadata"`
}

func testExport(t *testing.T, s store.Store) {
	must(t, s.PutSession(ctx(t), &store.Session{ID: "e1", Trajectory: trajectory("traj-e1", 8)}))
	must(t, s.PutSession(ctx(t), &store.Session{ID: "e2", Trajectory: trajectory("traj-e2", 4)}))
	incs := []store.Incident{
		incident("e1", "policy_erosion", 0, 3),
		incident("e2", "intent_drift", 1, 1),
		incident("e1", "reward_hacking", 2, 5),
		incident("e1", "epistemic_failure", 3, -1), // whole trajectory
		incident("e2", "policy_erosion", 4, 40),    // turn past the end: whole trajectory
		incident("gone", "policy_erosion", 5, 2),   // session never stored
		incident("e1", "intent_drift", 6, 0),       // first message only
		incident("e2", "reward_hacking", 7, 3),     // exactly all messages
		incident("e1", "policy_erosion", 8, 7),     // exactly all messages
		incident("e1", "policy_erosion", 9, 6),     // all but one
		incident("e2", "epistemic_failure", 10, 2),
		incident("e1", "reward_hacking", 11, 4),
		incident("e2", "intent_drift", 12, 0),
		incident("e1", "epistemic_failure", 13, 1),
		incident("e2", "policy_erosion", 14, 2),
		incident("e1", "intent_drift", 15, 3),
		incident("e1", "policy_erosion", 16, 2),
		incident("e2", "reward_hacking", 17, 1),
		incident("e1", "epistemic_failure", 18, 5),
		incident("e2", "intent_drift", 19, 3),
		incident("e1", "reward_hacking", 20, 6),
	}
	msgCount := map[string]int{"e1": 8, "e2": 4, "gone": 0}
	for i := range incs {
		must(t, s.AddIncident(ctx(t), &incs[i]))
	}
	tests := []struct {
		name string
		f    store.IncidentFilter
		want []store.Incident
	}{
		{"all, small pages", store.IncidentFilter{Limit: 4}, incs},
		{"one session", store.IncidentFilter{SessionID: "e2"}, filter(incs, func(in store.Incident) bool { return in.SessionID == "e2" })},
		{"phenomenon newest", store.IncidentFilter{Phenomenon: "policy_erosion", Newest: true},
			reverse(filter(incs, func(in store.Incident) bool { return in.Phenomenon == "policy_erosion" }))},
		{"none", store.IncidentFilter{SessionID: "nobody"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			n, err := store.ExportIncidents(ctx(t), s, tt.f, &buf)
			must(t, err)
			if n != len(tt.want) {
				t.Errorf("ExportIncidents wrote %d records, want %d", n, len(tt.want))
			}
			sc := bufio.NewScanner(&buf)
			sc.Buffer(nil, 1<<24)
			i := 0
			for sc.Scan() {
				if i >= len(tt.want) {
					t.Fatalf("extra line %s", sc.Bytes())
				}
				var got exported
				if err := json.Unmarshal(sc.Bytes(), &got); err != nil {
					t.Fatalf("line %d is not JSON: %v: %s", i+1, err, sc.Bytes())
				}
				checkExported(t, tt.want[i], msgCount[tt.want[i].SessionID], got)
				i++
			}
			must(t, sc.Err())
			if i != len(tt.want) {
				t.Errorf("%d lines, want %d", i, len(tt.want))
			}
		})
	}
}

func checkExported(t *testing.T, in store.Incident, stored int, got exported) {
	t.Helper()
	want := stored
	if in.Turn >= 0 && in.Turn+1 < stored {
		want = in.Turn + 1
	}
	m := got.Metadata
	switch {
	case got.ID != in.ID:
		t.Errorf("exported id %q, want incident id %q", got.ID, in.ID)
	case len(got.Messages) != want || got.Messages == nil:
		t.Errorf("incident %s (turn %d of %d messages): exported %d messages, want %d", in.ID, in.Turn, stored, len(got.Messages), want)
	case m.SessionID != in.SessionID || m.Phenomenon != in.Phenomenon || m.Score != in.Score ||
		m.Severity != in.Severity || m.Turn != in.Turn || m.FirstTurn != in.FirstTurn || m.Action != string(in.Action):
		t.Errorf("incident %s: exported metadata %+v", in.ID, m)
	case !jsonEqual(m.Finding, in.Finding):
		t.Errorf("incident %s: exported finding %s, want %s", in.ID, m.Finding, in.Finding)
	case m.ID != nil:
		t.Errorf("incident %s: metadata.id %q kept; it would shadow nothing but confuses readers", in.ID, *m.ID)
	}
	if stored > 0 {
		if got.Model != "test-model" || m.TrajectoryID != "traj-"+in.SessionID || m.Objective != "help with traj-"+in.SessionID {
			t.Errorf("incident %s: trajectory fields not kept: model %q trajectory_id %q objective %q", in.ID, got.Model, m.TrajectoryID, m.Objective)
		}
		for i, raw := range got.Messages {
			var msg struct{ Content string }
			must(t, json.Unmarshal(raw, &msg))
			if wantC := "message " + itoa(i) + " of traj-" + in.SessionID; msg.Content != wantC {
				t.Errorf("incident %s message %d = %q, want %q", in.ID, i, msg.Content, wantC)
			}
		}
	}
}

func itoa(i int) string { b, _ := json.Marshal(i); return string(b) }

func filter(in []store.Incident, keep func(store.Incident) bool) []store.Incident {
	var out []store.Incident
	for _, x := range in {
		if keep(x) {
			out = append(out, x)
		}
	}
	return out
}

func reverse(in []store.Incident) []store.Incident {
	out := make([]store.Incident, len(in))
	for i, x := range in {
		out[len(in)-1-i] = x
	}
	return out
}

func testInvalid(t *testing.T, s store.Store) {
	bad := json.RawMessage(`{"id":`)
	tests := []struct {
		name string
		err  error
	}{
		{"session without id", s.PutSession(ctx(t), &store.Session{})},
		{"session negative turns", s.PutSession(ctx(t), &store.Session{ID: "x", Turns: -1})},
		{"session bad trajectory", s.PutSession(ctx(t), &store.Session{ID: "x", Trajectory: bad})},
		{"decision without session", s.AddDecision(ctx(t), &store.Decision{Action: store.ActionAllow})},
		{"decision bad action", s.AddDecision(ctx(t), &store.Decision{SessionID: "x", Action: "explode"})},
		{"decision bad detail", s.AddDecision(ctx(t), &store.Decision{SessionID: "x", Action: store.ActionAllow, Detail: bad})},
		{"incident without phenomenon", s.AddIncident(ctx(t), &store.Incident{SessionID: "x"})},
		{"incident bad finding", s.AddIncident(ctx(t), &store.Incident{SessionID: "x", Phenomenon: "p", Finding: bad})},
		{"incident bad action", s.AddIncident(ctx(t), &store.Incident{SessionID: "x", Phenomenon: "p", Action: "nope"})},
		{"review without session", s.CreateReview(ctx(t), &store.Review{})},
		{"review bad tool call", s.CreateReview(ctx(t), &store.Review{SessionID: "x", ToolCall: bad})},
		{"record bad part", s.Record(ctx(t), &store.Record{Session: &store.Session{ID: "x"}, Decision: &store.Decision{SessionID: "x"}})},
	}
	for _, tt := range tests {
		wantErr(t, tt.name, tt.err, store.ErrInvalid)
	}
	// Nothing of the invalid writes was stored.
	if _, err := s.GetSession(ctx(t), "x"); err == nil {
		t.Error("an invalid write stored session x")
	}
	page, err := s.ListIncidents(ctx(t), store.IncidentFilter{})
	must(t, err)
	if len(page.Incidents) != 0 {
		t.Errorf("invalid writes stored %d incidents", len(page.Incidents))
	}
}
