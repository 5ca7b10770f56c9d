package storetest

import (
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/faultline-dev/faultline/internal/store"
)

func testReviews(t *testing.T, s store.Store) {
	_, err := s.GetReview(ctx(t), "missing")
	wantErr(t, "get missing review", err, store.ErrNotFound)
	_, err = s.DecideReview(ctx(t), "missing", store.ReviewApproved, "")
	wantErr(t, "decide missing review", err, store.ErrNotFound)

	tool := json.RawMessage(`{"id":"call_1","type":"function","function":{"name":"transfer","arguments":"{\"amount\":1000}"}}`)
	newReview := func(session string, sec int) store.Review {
		// A caller cannot create a decided review: state is forced pending.
		r := store.Review{SessionID: session, CreatedAt: at(sec), ToolCall: tool, Status: store.ReviewApproved, Reason: "x", DecidedAt: at(99)}
		must(t, s.CreateReview(ctx(t), &r))
		if r.Status != store.ReviewPending || !r.DecidedAt.IsZero() || r.Reason != "" || !strings.HasPrefix(r.ID, store.PrefixReview) {
			t.Errorf("CreateReview: %+v, want a pending review with an ID", r)
		}
		return r
	}
	r1, r2, r3 := newReview("v1", 2), newReview("v1", 1), newReview("v2", 3)
	got, err := s.GetReview(ctx(t), r1.ID)
	must(t, err)
	diff(t, "pending review", r1, got)

	tests := []struct {
		name    string
		id      string
		status  store.ReviewStatus
		wantErr error
	}{
		{"approve pending", r1.ID, store.ReviewApproved, nil},
		{"approve again", r1.ID, store.ReviewApproved, store.ErrReviewDecided},
		{"deny approved", r1.ID, store.ReviewDenied, store.ErrReviewDecided},
		{"deny pending", r2.ID, store.ReviewDenied, nil},
		{"approve denied", r2.ID, store.ReviewApproved, store.ErrReviewDecided},
		{"back to pending", r3.ID, store.ReviewPending, store.ErrInvalid},
		{"unknown status", r3.ID, "maybe", store.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.DecideReview(ctx(t), tt.id, tt.status, "because "+tt.name)
			if tt.wantErr != nil {
				wantErr(t, tt.name, err, tt.wantErr)
				return
			}
			must(t, err)
			if got.Status != tt.status || got.Reason != "because "+tt.name || got.DecidedAt.IsZero() || got.ID != tt.id {
				t.Errorf("DecideReview = %+v", got)
			}
			stored, err := s.GetReview(ctx(t), tt.id)
			must(t, err)
			diff(t, "decided review", got, stored)
		})
	}
	// r3 is untouched by the refused transitions.
	got, err = s.GetReview(ctx(t), r3.ID)
	must(t, err)
	diff(t, "review after refused transitions", r3, got)

	list := func(f store.ReviewFilter) []string {
		rs, err := s.ListReviews(ctx(t), f)
		must(t, err)
		ids := []string{}
		for _, r := range rs {
			ids = append(ids, r.ID)
		}
		return ids
	}
	for _, tt := range []struct {
		name string
		f    store.ReviewFilter
		want []string
	}{
		{"all", store.ReviewFilter{}, []string{r2.ID, r1.ID, r3.ID}},
		{"session", store.ReviewFilter{SessionID: "v1"}, []string{r2.ID, r1.ID}},
		{"pending", store.ReviewFilter{Status: store.ReviewPending}, []string{r3.ID}},
		{"approved in v1", store.ReviewFilter{SessionID: "v1", Status: store.ReviewApproved}, []string{r1.ID}},
		{"none", store.ReviewFilter{SessionID: "v2", Status: store.ReviewDenied}, []string{}},
	} {
		if got := list(tt.f); !equal(got, tt.want) {
			t.Errorf("ListReviews %s = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func testReviewRace(t *testing.T, s store.Store) {
	r := store.Review{SessionID: "race"}
	must(t, s.CreateReview(ctx(t), &r))
	const deciders = 8
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		won      []store.ReviewStatus
		otherErr []error
	)
	for i := range deciders {
		status := store.ReviewApproved
		if i%2 == 1 {
			status = store.ReviewDenied
		}
		wg.Go(func() {
			got, err := s.DecideReview(ctx(t), r.ID, status, "race")
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				won = append(won, got.Status)
			case !errors.Is(err, store.ErrReviewDecided):
				otherErr = append(otherErr, err)
			}
		})
	}
	wg.Wait()
	if len(won) != 1 || len(otherErr) != 0 {
		t.Fatalf("concurrent DecideReview: %d winners %v, unexpected errors %v; want exactly one winner", len(won), won, otherErr)
	}
	got, err := s.GetReview(ctx(t), r.ID)
	must(t, err)
	if got.Status != won[0] {
		t.Errorf("stored status %s, winner %s", got.Status, won[0])
	}
}

func testApprovals(t *testing.T, s store.Store) {
	approved := func(session, key string) bool {
		t.Helper()
		ok, err := s.ToolCallApproved(ctx(t), session, key)
		must(t, err)
		return ok
	}
	_, err := s.ToolCallApproved(ctx(t), "a1", "")
	wantErr(t, "empty tool key", err, store.ErrInvalid)
	if approved("a1", "k1") {
		t.Fatal("approved without any review")
	}
	pending := store.Review{SessionID: "a1", ToolKey: "k1", ToolCall: json.RawMessage(`{"name":"transfer","key":"k1"}`)}
	must(t, s.CreateReview(ctx(t), &pending))
	got, err := s.GetReview(ctx(t), pending.ID)
	must(t, err)
	if got.ToolKey != "k1" {
		t.Errorf("stored ToolKey %q, want k1", got.ToolKey)
	}
	if approved("a1", "k1") {
		t.Error("a pending review counts as approved")
	}
	// Reviews created by Record carry their key too.
	denied := store.Review{SessionID: "a1", ToolKey: "k2"}
	must(t, s.Record(ctx(t), &store.Record{Review: &denied}))
	_, err = s.DecideReview(ctx(t), denied.ID, store.ReviewDenied, "no")
	must(t, err)
	_, err = s.DecideReview(ctx(t), pending.ID, store.ReviewApproved, "ok")
	must(t, err)
	for _, tt := range []struct {
		session, key string
		want         bool
	}{
		{"a1", "k1", true},
		{"a1", "k2", false}, // denied
		{"a2", "k1", false}, // another session
		{"a1", "k3", false}, // another call
	} {
		if got := approved(tt.session, tt.key); got != tt.want {
			t.Errorf("ToolCallApproved(%s, %s) = %v, want %v", tt.session, tt.key, got, tt.want)
		}
	}
}
