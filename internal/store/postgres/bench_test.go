package postgres_test

import (
	"encoding/json"
	"testing"

	"github.com/faultline-dev/faultline/internal/store"
	"github.com/faultline-dev/faultline/internal/store/postgres"
)

// BenchmarkRecord measures the synchronous write the gateway does when an
// incident happens: session state, decision and one incident in one commit,
// with the server's synchronous_commit on (survives a server crash) and off
// (survives a gateway crash, like SQLite's synchronous=NORMAL).
func BenchmarkRecord(b *testing.B) {
	db := testDatabase(b)
	finding := json.RawMessage(`{"phenomenon":"policy_erosion","score":0.9,"severity":"critical","first_turn":5,"evidence":[{"turn":3,"signal":"refusal","excerpt":"I can't help with that","weight":0.4}]}`)
	for _, sync := range []string{"on", "off"} {
		b.Run("synchronous_commit="+sync, func(b *testing.B) {
			s, err := postgres.Open(b.Context(), withDB(db, db.name, "synchronous_commit="+sync))
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			i := 0
			for b.Loop() {
				i++
				in := store.Incident{SessionID: "bench", Phenomenon: "policy_erosion", Score: 0.9, Severity: "critical", Turn: i, Finding: finding}
				rec := store.Record{
					Session:   &store.Session{ID: "bench", Turns: i},
					Decision:  &store.Decision{SessionID: "bench", Action: store.ActionBlock, Rules: []string{"erosion"}, Turn: i},
					Incidents: []*store.Incident{&in},
				}
				if err := s.Record(b.Context(), &rec); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
