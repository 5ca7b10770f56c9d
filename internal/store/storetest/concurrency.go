package storetest

import (
	"fmt"
	"sync"
	"testing"

	"github.com/faultline-dev/faultline/internal/store"
)

// testConcurrentWriters runs parallel writers on one session, as several
// gateway instances (or an unserialized caller) would: no write may fail or
// be lost.
func testConcurrentWriters(t *testing.T, s store.Store) {
	const (
		writers = 8
		each    = 10
	)
	must(t, s.PutSession(ctx(t), &store.Session{ID: "hot", Trajectory: trajectory("hot", 2)}))
	var (
		wg   sync.WaitGroup
		errs = make(chan error, writers*each*4)
	)
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				turn := w*each + i
				sess := store.Session{ID: "hot", Turns: turn, Scores: scores(float64(turn) / 100)}
				if err := s.PutSession(ctx(t), &sess); err != nil {
					errs <- fmt.Errorf("writer %d put session: %w", w, err)
				}
				if err := s.AddDecision(ctx(t), &store.Decision{SessionID: "hot", Action: store.ActionAllow, Turn: turn}); err != nil {
					errs <- fmt.Errorf("writer %d add decision: %w", w, err)
				}
				in := incident("hot", "policy_erosion", 0, turn)
				if err := s.AddIncident(ctx(t), &in); err != nil {
					errs <- fmt.Errorf("writer %d add incident: %w", w, err)
				}
				rin := incident("hot", "intent_drift", turn, turn)
				rec := store.Record{
					Session:   &store.Session{ID: "hot", Turns: turn},
					Decision:  &store.Decision{SessionID: "hot", Action: store.ActionWarn, Turn: turn},
					Incidents: []*store.Incident{&rin},
				}
				if err := s.Record(ctx(t), &rec); err != nil {
					errs <- fmt.Errorf("writer %d record: %w", w, err)
				}
				// Readers run alongside the writers.
				if _, err := s.GetSession(ctx(t), "hot"); err != nil {
					errs <- fmt.Errorf("writer %d get session: %w", w, err)
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	ds, err := s.ListDecisions(ctx(t), "hot")
	must(t, err)
	if len(ds) != 2*writers*each {
		t.Errorf("decisions after concurrent writes: %d, want %d", len(ds), 2*writers*each)
	}
	n := 0
	for _, err := range store.AllIncidents(ctx(t), s, store.IncidentFilter{SessionID: "hot", Limit: store.MaxLimit}) {
		must(t, err)
		n++
	}
	if n != 2*writers*each {
		t.Errorf("incidents after concurrent writes: %d, want %d", n, 2*writers*each)
	}
	got, err := s.GetSession(ctx(t), "hot")
	must(t, err)
	if got.Trajectory == nil {
		t.Error("concurrent score updates lost the trajectory")
	}
}
