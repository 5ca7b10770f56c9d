package gateway_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/faultline-dev/faultline/internal/analysis"
	"github.com/faultline-dev/faultline/internal/attribute"
	"github.com/faultline-dev/faultline/internal/builtin"
	"github.com/faultline-dev/faultline/internal/gateway"
	"github.com/faultline-dev/faultline/internal/plan"
	"github.com/faultline-dev/faultline/internal/policy"
	"github.com/faultline-dev/faultline/internal/signal"
	"github.com/faultline-dev/faultline/internal/signal/model"
	"github.com/faultline-dev/faultline/internal/store"
	"github.com/faultline-dev/faultline/internal/store/open"
	"github.com/faultline-dev/faultline/internal/taxonomy"
)

var (
	analyzerOnce sync.Once
	analyzer     *analysis.Analyzer
	analyzerErr  error
)

// defaultAnalyzer is the pipeline `faultline serve` uses (cli.buildAnalyzer).
func defaultAnalyzer(t testing.TB) *analysis.Analyzer {
	t.Helper()
	analyzerOnce.Do(func() {
		tx, err := taxonomy.Default()
		if err != nil {
			analyzerErr = err
			return
		}
		sigs, err := builtin.Signals()
		if err != nil {
			analyzerErr = err
			return
		}
		dets, err := builtin.Detectors()
		if err != nil {
			analyzerErr = err
			return
		}
		models, err := model.Builtin()
		if err != nil {
			analyzerErr = err
			return
		}
		analyzer, analyzerErr = analysis.New(analysis.Config{Signals: sigs, Detectors: dets, Env: &signal.Env{Models: models},
			Attribution: attribute.NewStage(attribute.DefaultRules(nil)...), Planner: plan.New(tx)})
	})
	if analyzerErr != nil {
		t.Fatal(analyzerErr)
	}
	return analyzer
}

// syncBuffer collects logs from concurrent handlers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

type testEnv struct {
	gw     *httptest.Server
	g      *gateway.Gateway
	fake   *fakeUpstream
	st     store.Store
	dbPath string
	logs   *syncBuffer
	once   sync.Once
}

type option func(*gateway.Config)

func withPolicy(t testing.TB, yaml string) option {
	p, err := policy.Parse("test.yaml", []byte(yaml))
	if err != nil {
		t.Fatal(err)
	}
	return func(c *gateway.Config) { c.Policy = p }
}

func setup(t testing.TB, script func(string) reply, opts ...option) *testEnv {
	t.Helper()
	return setupAt(t, filepath.Join(t.TempDir(), "faultline.db"), script, opts...)
}

// setupAt is setup with the SQLite store at dbPath (which may exist: a
// restarted gateway).
func setupAt(t testing.TB, dbPath string, script func(string) reply, opts ...option) *testEnv {
	t.Helper()
	e := &testEnv{fake: newFake(t, script), logs: &syncBuffer{}}
	e.dbPath = dbPath
	st, err := open.Open(context.Background(), "sqlite:"+e.dbPath)
	if err != nil {
		t.Fatal(err)
	}
	e.st = st
	up, _ := url.Parse(e.fake.URL)
	cfg := gateway.Config{Upstream: up, Analyzer: defaultAnalyzer(t), Policy: policy.Default(), Store: st,
		Logger: slog.New(slog.NewJSONHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug})), Metrics: gateway.NewPrometheus()}
	for _, o := range opts {
		o(&cfg)
	}
	g, err := gateway.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	e.g = g
	e.gw = httptest.NewServer(g.Handler())
	t.Cleanup(e.close)
	return e
}

// close stops the gateway and closes its store (once).
func (e *testEnv) close() {
	e.once.Do(func() {
		e.gw.Close()
		e.g.Close()
		e.st.Close()
	})
}

// msg is a chat message in request JSON.
type msg map[string]any

func user(s string) msg      { return msg{"role": "user", "content": s} }
func system(s string) msg    { return msg{"role": "system", "content": s} }
func assistant(s string) msg { return msg{"role": "assistant", "content": s} }

type resp struct {
	status int
	header http.Header
	body   []byte
}

func (r resp) json(t testing.TB) map[string]any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal(r.body, &v); err != nil {
		t.Fatalf("response is not JSON: %v: %s", err, r.body)
	}
	return v
}

func post(t testing.TB, base, path string, header map[string]string, body any) resp {
	t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPost, base+path, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	res, err := http.DefaultClient.Do(req.WithContext(ctx))
	if err != nil {
		t.Fatalf("POST %s: %v", path, err)
	}
	defer res.Body.Close()
	out, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("POST %s: reading body: %v", path, err)
	}
	h := res.Header.Clone()
	for k, v := range res.Trailer {
		h[k] = v
	}
	return resp{status: res.StatusCode, header: h, body: out}
}

func chat(t testing.TB, e *testEnv, header map[string]string, stream bool, msgs ...msg) resp {
	t.Helper()
	body := map[string]any{"model": "fake-model", "messages": msgs, "unknown_field": map[string]any{"kept": true}}
	if stream {
		body["stream"] = true
	}
	return post(t, e.gw.URL, "/v1/chat/completions", header, body)
}

// assistantText extracts the assistant's text from a response, streamed or not.
func assistantText(t testing.TB, r resp) string {
	t.Helper()
	if strings.HasPrefix(r.header.Get("Content-Type"), "text/event-stream") {
		var sb strings.Builder
		for _, line := range strings.Split(string(r.body), "\n") {
			data, ok := strings.CutPrefix(line, "data: ")
			if !ok || data == "[DONE]" {
				continue
			}
			var ev struct {
				Choices []struct {
					Delta struct {
						Content string `json:"content"`
					} `json:"delta"`
				} `json:"choices"`
				Delta struct {
					Text string `json:"text"`
				} `json:"delta"`
			}
			_ = json.Unmarshal([]byte(data), &ev)
			for _, c := range ev.Choices {
				sb.WriteString(c.Delta.Content)
			}
			sb.WriteString(ev.Delta.Text)
		}
		return sb.String()
	}
	v := r.json(t)
	if cs, ok := v["choices"].([]any); ok && len(cs) > 0 {
		m := cs[0].(map[string]any)["message"].(map[string]any)
		s, _ := m["content"].(string)
		return s
	}
	if cs, ok := v["content"].([]any); ok {
		var sb strings.Builder
		for _, b := range cs {
			if s, ok := b.(map[string]any)["text"].(string); ok {
				sb.WriteString(s)
			}
		}
		return sb.String()
	}
	return ""
}

func adminGet(t testing.TB, e *testEnv, path string) resp {
	t.Helper()
	res, err := http.Get(e.gw.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return resp{status: res.StatusCode, header: res.Header, body: b}
}
