package gateway_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
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

// BenchmarkGatewayRate sends requests open-loop at 500 per second (one
// every 2 ms, each in its own goroutine, whatever the previous ones are
// doing), directly and through the gateway; each request is one turn of a
// 20-turn conversation, conversations interleaved. p50-us and p99-us are
// per-request latencies; compare direct with gateway for the added latency
// at that rate. Run with -benchtime=Nx (N requests, N/500 seconds).
func BenchmarkGatewayRate(b *testing.B) {
	const interval = 2 * time.Millisecond
	if os.Getenv("GOGC") == "" {
		defer debug.SetGCPercent(debug.SetGCPercent(200)) // as faultline serve does
	}
	for _, via := range []string{"direct", "gateway"} {
		b.Run(via, func(b *testing.B) {
			base := benchBase(b, via)
			client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 256}}
			var (
				mu   sync.Mutex
				lat  []time.Duration
				wg   sync.WaitGroup
				fail error
			)
			const convs = 50 // conversations in flight, each advanced one turn at a time
			bodies := make([][][]byte, convs)
			turn := make([]int, convs)
			busy := make([]sync.Mutex, convs)
			for c := range convs {
				bodies[c] = benchConversation(c, false)
			}
			next := time.Now()
			i := 0
			for b.Loop() {
				next = next.Add(interval)
				time.Sleep(time.Until(next))
				c, k := i%convs, i
				i++
				wg.Go(func() {
					busy[c].Lock() // a conversation's turns go in order
					defer busy[c].Unlock()
					if turn[c] == len(bodies[c]) { // a new conversation
						bodies[c], turn[c] = benchConversation(c+convs*(k/convs), false), 0
					}
					body := bodies[c][turn[c]]
					turn[c]++
					t0 := time.Now()
					res, err := client.Post(base+"/v1/chat/completions", "application/json", bytes.NewReader(body))
					if err == nil {
						_, err = io.Copy(io.Discard, res.Body)
						res.Body.Close()
						if res.StatusCode != 200 {
							err = fmt.Errorf("status %d", res.StatusCode)
						}
					}
					d := time.Since(t0)
					mu.Lock()
					defer mu.Unlock()
					if err != nil {
						fail = err
					}
					lat = append(lat, d)
				})
			}
			wg.Wait()
			if fail != nil {
				b.Fatal(fail)
			}
			slices.Sort(lat)
			n := len(lat)
			b.ReportMetric(float64(lat[n/2].Microseconds()), "p50-us")
			b.ReportMetric(float64(lat[n*99/100].Microseconds()), "p99-us")
		})
	}
}

// BenchmarkGatewayThroughput: 8 concurrent clients send 20-turn
// conversations as fast as they can, directly and through the gateway;
// req/s is the throughput (on one machine the client, the fake upstream and
// the gateway share the CPUs, which the gateway's share is taken from).
func BenchmarkGatewayThroughput(b *testing.B) {
	for _, via := range []string{"direct", "gateway"} {
		b.Run(via, func(b *testing.B) {
			base := benchBase(b, via)
			client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
			var conv atomic.Int64
			t0 := time.Now()
			b.SetParallelism(4) // 4 x GOMAXPROCS(2) = 8 clients
			b.RunParallel(func(pb *testing.PB) {
				bodies := benchConversation(int(conv.Add(1)), false)
				turn := 0
				for pb.Next() {
					if turn == len(bodies) {
						bodies, turn = benchConversation(int(conv.Add(1)), false), 0
					}
					res, err := client.Post(base+"/v1/chat/completions", "application/json", bytes.NewReader(bodies[turn]))
					if err != nil {
						b.Error(err)
						return
					}
					io.Copy(io.Discard, res.Body)
					res.Body.Close()
					turn++
				}
			})
			b.ReportMetric(float64(b.N)/time.Since(t0).Seconds(), "req/s")
		})
	}
}

// benchBase starts a fake upstream and a gateway in front of it and returns
// the base URL to send to: the upstream's ("direct") or the gateway's.
func benchBase(b *testing.B, via string) string {
	e := setup(b, script)
	if via == "gateway" {
		return e.gw.URL
	}
	return e.fake.URL
}
