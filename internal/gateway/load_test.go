package gateway_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/faultline-dev/faultline/internal/store"
)

// TestLoadBounded: concurrent 20-turn conversations (streamed and not)
// through the gateway all succeed within a bound, and every session is
// stored with every turn.
func TestLoadBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("load test")
	}
	e := setup(t, script)
	const convs = 12
	client := &http.Client{Timeout: 30 * time.Second}
	start := time.Now()
	var wg sync.WaitGroup
	for c := range convs {
		wg.Go(func() {
			for _, body := range benchConversation(1000+c, c%2 == 0) {
				req, _ := http.NewRequest("POST", e.gw.URL+"/v1/chat/completions", bytes.NewReader(body))
				req.Header.Set("X-Faultline-Session", fmt.Sprintf("load-%d", c))
				res, err := client.Do(req)
				if err != nil {
					t.Errorf("conversation %d: %v", c, err)
					return
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode != 200 {
					t.Errorf("conversation %d: status %d", c, res.StatusCode)
					return
				}
			}
		})
	}
	wg.Wait()
	if d := time.Since(start); d > 60*time.Second {
		t.Errorf("%d conversations took %v", convs, d)
	}
	e.g.Close()
	page, err := e.st.ListSessions(context.Background(), store.SessionFilter{Limit: 100})
	if err != nil || len(page.Sessions) != convs {
		t.Fatalf("sessions %d %v", len(page.Sessions), err)
	}
	for _, s := range page.Sessions {
		if s.Turns != 21 { // system + 10 user + 10 assistant
			t.Errorf("session %s: %d turns", s.ID, s.Turns)
		}
	}
}
