package gateway_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestBlockSafeCompletion: with block_mode safe_completion a blocked request
// is answered with a well-formed assistant message in the client's API
// format, streamed or not, and the upstream is not called.
func TestBlockSafeCompletion(t *testing.T) {
	e := setup(t, script, withPolicy(t, `
block_mode: safe_completion
safe_completion: "I can't continue with this."
rules:
  - name: depth-block
    when: request.depth >= 2
    action: block
`))
	for _, c := range apiCases {
		t.Run(c.name, func(t *testing.T) {
			hdr := map[string]string{"X-Faultline-Session": "safe-" + c.name}
			body := func(msgs ...any) map[string]any {
				return map[string]any{"model": "fake-model", "max_tokens": 50, "messages": msgs}
			}
			r1 := c.send(t, e, hdr, body(user("hi")))
			if r1.status != 200 {
				t.Fatalf("first: %d %s", r1.status, r1.body)
			}
			n := len(e.fake.requests)
			r2 := c.send(t, e, hdr, body(user("hi"), assistant(assistantText(t, r1)), user("again")))
			if r2.status != 200 || assistantText(t, r2) != "I can't continue with this." {
				t.Fatalf("blocked: %d %q %s", r2.status, assistantText(t, r2), r2.body)
			}
			if c.stream && c.anthropic && !bytes.Contains(r2.body, []byte("event: message_stop")) {
				t.Errorf("incomplete Anthropic stream: %s", r2.body)
			}
			if c.stream && !c.anthropic && !bytes.HasSuffix(r2.body, []byte("data: [DONE]\n\n")) {
				t.Errorf("incomplete OpenAI stream: %s", r2.body)
			}
			if len(e.fake.requests) != n {
				t.Error("the blocked request reached the upstream")
			}
			if r2.header.Get("X-Faultline-Decision") != "block" || r2.header.Get("X-Faultline-Rules") != "depth-block" {
				t.Errorf("headers %v", r2.header)
			}
		})
	}
}

// TestShutdownDrainsStreams: a graceful shutdown lets an in-flight stream
// finish; /readyz fails while draining.
func TestShutdownDrainsStreams(t *testing.T) {
	e := setup(t, script)
	e.fake.setMode("slow")
	done := make(chan resp, 1)
	go func() { done <- chat(t, e, nil, true, user("a slow answer please, with many words in it")) }()
	time.Sleep(60 * time.Millisecond)
	e.g.SetDraining()
	if r := adminGet(t, e, "/readyz"); r.status != 503 {
		t.Errorf("readyz while draining: %d", r.status)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := e.gw.Config.Shutdown(ctx); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	r := <-done
	if r.status != 200 || !bytes.HasSuffix(r.body, []byte("data: [DONE]\n\n")) {
		t.Fatalf("stream cut: %d %s", r.status, r.body)
	}
}

// TestHealthAndMetrics: /healthz, /readyz and Prometheus /metrics.
func TestHealthAndMetrics(t *testing.T) {
	e := setup(t, script)
	chat(t, e, nil, false, user("hello"))
	for path, want := range map[string]string{"/healthz": "ok", "/readyz": "ready",
		"/metrics": `faultline_gateway_requests_total{api="openai",outcome="ok"} 1`} {
		res, err := http.Get(e.gw.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || !strings.Contains(string(b), want) {
			t.Errorf("%s: %d %s", path, res.StatusCode, b)
		}
	}
}
