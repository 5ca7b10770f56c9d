package store_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/faultline-dev/faultline/internal/store"
)

func TestCursorRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		c    store.Cursor
	}{
		{"plain", store.Cursor{Time: time.Date(2026, 1, 2, 3, 4, 5, 6000, time.UTC), ID: "inc_1"}},
		{"id with colons", store.Cursor{Time: time.UnixMicro(1), ID: "a:b:c"}},
		{"before 1970", store.Cursor{Time: time.UnixMicro(-5), ID: "x"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok, err := store.ParseCursor(tt.c.String())
			if err != nil || !ok || !got.Time.Equal(tt.c.Time) || got.ID != tt.c.ID {
				t.Errorf("ParseCursor(String(%v)) = %v, %v, %v", tt.c, got, ok, err)
			}
		})
	}
	if _, ok, err := store.ParseCursor(""); ok || err != nil {
		t.Errorf("empty cursor: ok=%v err=%v", ok, err)
	}
	for _, bad := range []string{"!!", "bm90aGluZw", "MTIzOg", "eDp5"} { // "nothing", "123:", "x:y"
		if _, _, err := store.ParseCursor(bad); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("ParseCursor(%q) = %v, want ErrInvalid", bad, err)
		}
	}
}

func TestPageSize(t *testing.T) {
	for _, tt := range []struct{ in, want int }{{0, store.DefaultLimit}, {-3, store.DefaultLimit}, {7, 7}, {store.MaxLimit + 1, store.MaxLimit}} {
		if got := store.PageSize(tt.in); got != tt.want {
			t.Errorf("PageSize(%d) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestActionRank(t *testing.T) {
	order := []store.Action{store.ActionAllow, store.ActionAnnotate, store.ActionWarn, store.ActionReview, store.ActionBlock, store.ActionTerminate}
	for i := 1; i < len(order); i++ {
		if order[i-1].Rank() >= order[i].Rank() {
			t.Errorf("%s does not rank below %s", order[i-1], order[i])
		}
	}
	if store.Action("nope").Valid() {
		t.Error("unknown action is valid")
	}
}

func TestNewIDSortsByTime(t *testing.T) {
	a := store.NewID(store.PrefixIncident, time.UnixMicro(1_000_000))
	b := store.NewID(store.PrefixIncident, time.UnixMicro(1_000_001))
	if !(a < b) || len(a) != len(b) || !strings.HasPrefix(a, store.PrefixIncident) {
		t.Errorf("NewID: %q !< %q", a, b)
	}
}

func TestExportLine(t *testing.T) {
	in := store.Incident{ID: "inc_1", SessionID: "s", Phenomenon: "policy_erosion", Score: 0.5, Turn: 1,
		Finding: json.RawMessage(`{"evidence":[]}`)}
	tests := []struct {
		name       string
		trajectory string
		wantMsgs   int
		wantErr    bool
		check      func(t *testing.T, rec map[string]any)
	}{
		{"cut at turn", `{"id":"t","messages":[{"role":"user"},{"role":"assistant"},{"role":"user"}]}`, 2, false, nil},
		{"no trajectory", ``, 0, false, nil},
		{"no messages key", `{"id":"t"}`, 0, false, nil},
		{"unknown fields kept", `{"id":"t","tools":[{"type":"function"}],"messages":[{"role":"user","x":1}],"metadata":{"objective":"o","id":"old"}}`, 1, false,
			func(t *testing.T, rec map[string]any) {
				meta := rec["metadata"].(map[string]any)
				if rec["tools"] == nil || meta["objective"] != "o" || meta["id"] != nil || meta["trajectory_id"] != "t" {
					t.Errorf("record %v", rec)
				}
			}},
		{"not an object", `[1,2]`, 0, true, nil},
		{"messages not a list", `{"messages":{}}`, 0, true, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			line, err := store.ExportLine(in, json.RawMessage(tt.trajectory))
			if tt.wantErr {
				if err == nil {
					t.Fatalf("ExportLine succeeded: %s", line)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var rec map[string]any
			if err := json.Unmarshal(line, &rec); err != nil {
				t.Fatal(err)
			}
			msgs, ok := rec["messages"].([]any)
			if rec["id"] != "inc_1" || !ok || len(msgs) != tt.wantMsgs {
				t.Errorf("ExportLine = %s", line)
			}
			meta := rec["metadata"].(map[string]any)
			if meta["session_id"] != "s" || meta["phenomenon"] != "policy_erosion" || meta["score"] != 0.5 {
				t.Errorf("metadata = %v", meta)
			}
			if tt.check != nil {
				tt.check(t, rec)
			}
		})
	}
}
