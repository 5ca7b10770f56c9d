package gateway_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/faultline-dev/faultline/internal/gateway"
)

// benchConversation returns the request bodies of a 20-turn conversation
// (10 user turns, each resending the whole history), as a chat client sends
// them.
func benchConversation(conv int, stream bool) [][]byte {
	msgs := []any{system(sysPrompt)}
	var out [][]byte
	for turn := range 10 {
		u := fmt.Sprintf("Conversation %d, question %d: could you explain how a hash map handles collisions, and what the trade-offs of open addressing versus chaining are for cache behaviour?", conv, turn)
		msgs = append(msgs, user(u))
		body := map[string]any{"model": "fake-model", "messages": msgs, "stream": stream, "temperature": 0.3}
		b, _ := json.Marshal(body)
		out = append(out, b)
		msgs = append(msgs, assistant(script(u).Text))
	}
	return out
}

// BenchmarkGatewayOverhead compares requests sent directly to the fake
// upstream with the same requests through the gateway (default policy,
// SQLite store in a temporary directory), over 20-turn conversations
// (each request resends the history; the gateway analyzes only the new
// messages). The difference of ns/op is the added latency per request;
// p50-us and p99-us are per-request latency percentiles.
func BenchmarkGatewayOverhead(b *testing.B) {
	for _, stream := range []bool{false, true} {
		for _, via := range []string{"direct", "gateway"} {
			b.Run(fmt.Sprintf("stream=%v/%s", stream, via), func(b *testing.B) {
				e := setup(b, script)
				base := e.fake.URL
				if via == "gateway" {
					base = e.gw.URL
				}
				client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 16}}
				var lat, ttfb []time.Duration
				conv, turn := 0, 0
				bodies := benchConversation(0, stream)
				for b.Loop() {
					if turn == len(bodies) {
						conv++
						turn = 0
						bodies = benchConversation(conv, stream)
					}
					t0 := time.Now()
					res, err := client.Post(base+"/v1/chat/completions", "application/json", bytes.NewReader(bodies[turn]))
					if err != nil {
						b.Fatal(err)
					}
					first := make([]byte, 1)
					if _, err := io.ReadFull(res.Body, first); err != nil {
						b.Fatal(err)
					}
					ttfb = append(ttfb, time.Since(t0))
					rest, _ := io.ReadAll(res.Body)
					body := append(first, rest...)
					res.Body.Close()
					lat = append(lat, time.Since(t0))
					if res.StatusCode != 200 || (stream && !strings.Contains(string(body), "[DONE]")) {
						b.Fatalf("%d %s", res.StatusCode, body)
					}
					turn++
				}
				slices.Sort(lat)
				if n := len(lat); n > 0 {
					b.ReportMetric(float64(lat[n/2].Microseconds()), "p50-us")
					b.ReportMetric(float64(lat[n*99/100].Microseconds()), "p99-us")
					slices.Sort(ttfb)
					b.ReportMetric(float64(ttfb[n/2].Microseconds()), "ttfb-p50-us")
				}
			})
		}
	}
}

// BenchmarkIdleSessionMemory measures the memory a session keeps once its
// 20-turn conversation is over (heap growth per session, after GC; no
// store, so only the gateway's in-memory state counts).
func BenchmarkIdleSessionMemory(b *testing.B) {
	e := setup(b, script, func(c *gateway.Config) { c.Store = nil })
	client := &http.Client{}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	conv := 0
	for b.Loop() {
		for _, body := range benchConversation(conv, false) {
			res, err := client.Post(e.gw.URL+"/v1/chat/completions", "application/json", bytes.NewReader(body))
			if err != nil {
				b.Fatal(err)
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
		}
		conv++
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	if f := os.Getenv("FAULTLINE_HEAPPROFILE"); f != "" {
		if w, err := os.Create(f); err == nil {
			pprof.WriteHeapProfile(w)
			w.Close()
		}
	}
	b.ReportMetric(float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/float64(conv), "B/session")
}
