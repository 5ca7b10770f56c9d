package storetest

import (
	"encoding/json"
	"testing"

	"github.com/faultline-dev/faultline/internal/store"
)

func testSessions(t *testing.T, s store.Store) {
	_, err := s.GetSession(ctx(t), "missing")
	wantErr(t, "get missing session", err, store.ErrNotFound)

	sess := store.Session{
		ID: "s1", CreatedAt: at(0), UpdatedAt: at(1), Turns: 3,
		Scores: scores(0.5), MaxScores: scores(0.75), Trajectory: trajectory("s1", 3),
	}
	must(t, s.PutSession(ctx(t), &sess))
	got, err := s.GetSession(ctx(t), "s1")
	must(t, err)
	diff(t, "session after insert", sess, got)

	// Update: CreatedAt is kept from the first write even when the caller
	// sends another; an empty trajectory keeps the stored one.
	upd := store.Session{ID: "s1", CreatedAt: at(50), UpdatedAt: at(2), Turns: 5, Scores: scores(0.25), MaxScores: scores(0.75)}
	must(t, s.PutSession(ctx(t), &upd))
	if !upd.CreatedAt.Equal(at(0)) {
		t.Errorf("PutSession update: CreatedAt = %v, want the stored %v", upd.CreatedAt, at(0))
	}
	got, err = s.GetSession(ctx(t), "s1")
	must(t, err)
	want := upd
	want.Trajectory = sess.Trajectory
	diff(t, "session after update", want, got)

	// A new trajectory replaces the stored one.
	upd.Trajectory = trajectory("s1", 5)
	must(t, s.PutSession(ctx(t), &upd))
	got, err = s.GetSession(ctx(t), "s1")
	must(t, err)
	diff(t, "session after trajectory update", upd, got)

	// Defaults: times assigned, nil score maps survive as nil, no trajectory.
	bare := store.Session{ID: "s2"}
	must(t, s.PutSession(ctx(t), &bare))
	if bare.UpdatedAt.IsZero() || !bare.CreatedAt.Equal(bare.UpdatedAt) {
		t.Errorf("PutSession defaults: CreatedAt %v UpdatedAt %v", bare.CreatedAt, bare.UpdatedAt)
	}
	got, err = s.GetSession(ctx(t), "s2")
	must(t, err)
	diff(t, "bare session", bare, got)
	if got.Trajectory != nil {
		t.Errorf("bare session trajectory = %s, want none", got.Trajectory)
	}

	// Trajectory bytes survive (back ends may not drop unknown fields).
	odd := json.RawMessage(`{"id":"s3","messages":[{"role":"user","content":"é \u00e9 <b>","x-extra":[1,2.5,null]}],"tools":[]}`)
	must(t, s.PutSession(ctx(t), &store.Session{ID: "s3", Trajectory: odd}))
	got, err = s.GetSession(ctx(t), "s3")
	must(t, err)
	diff(t, "trajectory with unknown fields", odd, got.Trajectory)
}

func testClosedSessions(t *testing.T, s store.Store) {
	wantErr(t, "close missing session", s.CloseSession(ctx(t), "missing"), store.ErrNotFound)

	sess := store.Session{ID: "c1", UpdatedAt: at(0), Turns: 2, Trajectory: trajectory("c1", 2)}
	must(t, s.PutSession(ctx(t), &sess))
	must(t, s.CloseSession(ctx(t), "c1"))
	must(t, s.CloseSession(ctx(t), "c1")) // idempotent
	got, err := s.GetSession(ctx(t), "c1")
	must(t, err)
	if !got.Closed || got.Turns != 2 {
		t.Errorf("closed session: Closed=%v Turns=%d, want true 2", got.Closed, got.Turns)
	}

	// A closed session is never updated nor reopened.
	for _, closed := range []bool{false, true} {
		err = s.PutSession(ctx(t), &store.Session{ID: "c1", Turns: 9, Closed: closed})
		wantErr(t, "put closed session", err, store.ErrSessionClosed)
	}
	err = s.Record(ctx(t), &store.Record{
		Session:  &store.Session{ID: "c1", Turns: 9},
		Decision: &store.Decision{SessionID: "c1", Action: store.ActionBlock},
	})
	wantErr(t, "record on closed session", err, store.ErrSessionClosed)
	got, err = s.GetSession(ctx(t), "c1")
	must(t, err)
	if got.Turns != 2 || !got.Closed {
		t.Errorf("closed session changed: Turns=%d Closed=%v", got.Turns, got.Closed)
	}
	ds, err := s.ListDecisions(ctx(t), "c1")
	must(t, err)
	if len(ds) != 0 {
		t.Errorf("failed Record wrote %d decisions, want 0 (not atomic)", len(ds))
	}

	// Decisions on a closed session (refused requests) are still recorded.
	must(t, s.AddDecision(ctx(t), &store.Decision{SessionID: "c1", Action: store.ActionTerminate, Rules: []string{"closed"}}))

	// Closing through PutSession, in the same write as the last state.
	term := store.Session{ID: "c2", Turns: 4, Closed: true}
	must(t, s.PutSession(ctx(t), &term))
	got, err = s.GetSession(ctx(t), "c2")
	must(t, err)
	if !got.Closed || got.Turns != 4 {
		t.Errorf("session closed by PutSession: Closed=%v Turns=%d", got.Closed, got.Turns)
	}
}

func testListSessions(t *testing.T, s store.Store) {
	for i, id := range []string{"a", "b", "c", "d", "e"} {
		must(t, s.PutSession(ctx(t), &store.Session{ID: id, UpdatedAt: at(i), Trajectory: trajectory(id, 2)}))
	}
	page, err := s.ListSessions(ctx(t), store.SessionFilter{})
	must(t, err)
	if ids := sessionIDs(page.Sessions); !equal(ids, []string{"a", "b", "c", "d", "e"}) || page.Next != "" {
		t.Errorf("ListSessions = %v next %q", ids, page.Next)
	}
	for _, sess := range page.Sessions {
		if sess.Trajectory != nil {
			t.Errorf("ListSessions returned the trajectory of %s", sess.ID)
		}
	}
	var all []string
	f := store.SessionFilter{Newest: true, Limit: 2, UpdatedSince: at(1)}
	for {
		page, err := s.ListSessions(ctx(t), f)
		must(t, err)
		all = append(all, sessionIDs(page.Sessions)...)
		if page.Next == "" {
			break
		}
		f.Cursor = page.Next
	}
	if !equal(all, []string{"e", "d", "c", "b"}) {
		t.Errorf("ListSessions newest, paged by 2, since at(1) = %v", all)
	}
}

func sessionIDs(ss []store.Session) []string {
	out := []string{}
	for _, s := range ss {
		out = append(out, s.ID)
	}
	return out
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
