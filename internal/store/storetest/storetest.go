// Package storetest is the conformance suite of store.Store: every back end
// runs the same tests, so the gateway can switch between SQLite and
// PostgreSQL without a change in behaviour.
package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/faultline-dev/faultline/internal/store"
)

// Run runs the conformance suite. newStore must return a new, empty store
// and register its Close (and any teardown) with t.Cleanup; it is called
// once per subtest.
func Run(t *testing.T, newStore func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s store.Store)
	}{
		{"Sessions", testSessions},
		{"ClosedSessions", testClosedSessions},
		{"ListSessions", testListSessions},
		{"Decisions", testDecisions},
		{"Incidents", testIncidents},
		{"IncidentFilters", testIncidentFilters},
		{"IncidentPaging", testIncidentPaging},
		{"Reviews", testReviews},
		{"ReviewRace", testReviewRace},
		{"Approvals", testApprovals},
		{"Record", testRecord},
		{"ConcurrentWriters", testConcurrentWriters},
		{"Export", testExport},
		{"Invalid", testInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.fn(t, newStore(t))
		})
	}
}

// base is the reference time of the suite; microsecond precision on purpose.
var base = time.Date(2026, 3, 4, 5, 6, 7, 123456000, time.UTC)

func at(seconds int) time.Time { return base.Add(time.Duration(seconds) * time.Second) }

// jsonEqual compares JSON documents by value: back ends may reformat them.
func jsonEqual(a, b json.RawMessage) bool {
	if len(a) == 0 || len(b) == 0 {
		return len(a) == len(b)
	}
	var va, vb any
	if json.Unmarshal(a, &va) != nil || json.Unmarshal(b, &vb) != nil {
		return false
	}
	return reflect.DeepEqual(va, vb)
}

var cmpOpts = cmp.Options{cmp.Comparer(jsonEqual)}

func diff(t *testing.T, what string, want, got any) {
	t.Helper()
	if d := cmp.Diff(want, got, cmpOpts); d != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", what, d)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func wantErr(t *testing.T, what string, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Errorf("%s: got error %v, want %v", what, err, target)
	}
}

// trajectory builds a scan-format trajectory with n alternating messages.
func trajectory(id string, n int) json.RawMessage {
	msgs := make([]map[string]string, n)
	for i := range msgs {
		role := "user"
		if i%2 == 1 {
			role = "assistant"
		}
		msgs[i] = map[string]string{"role": role, "content": fmt.Sprintf("message %d of %s", i, id)}
	}
	raw, err := json.Marshal(map[string]any{
		"id": id, "model": "test-model", "messages": msgs,
		"metadata": map[string]any{"id": "ignored", "objective": "help with " + id},
	})
	if err != nil {
		panic(err)
	}
	return raw
}

func scores(v float64) store.Scores {
	return store.Scores{
		Phenomena: map[string]float64{"policy_erosion": v, "intent_drift": v / 2, "reward_hacking": 0, "epistemic_failure": 0.125},
		Causes: map[string]float64{"policy_misgeneralization": v, "preference_model_blind_spot": 0,
			"reward_shaping_side_effect": 0.25, "context_window_exploitation": v / 4},
	}
}

func ctx(t *testing.T) context.Context { return t.Context() }
