package gateway_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/faultline-dev/faultline/internal/gateway"
	"github.com/faultline-dev/faultline/internal/ingest"
	"github.com/faultline-dev/faultline/internal/store"
)

// TestSessionByPrefix: a client resending the whole history maps to one
// session, and each message is analyzed once.
func TestSessionByPrefix(t *testing.T) {
	e := setup(t, script)
	hist := []msg{system(sysPrompt), user("What is the capital of France?")}
	var ids []string
	for i := range 5 {
		r := chat(t, e, nil, false, hist...)
		if r.status != 200 {
			t.Fatalf("turn %d: %d %s", i, r.status, r.body)
		}
		ids = append(ids, r.header.Get("X-Faultline-Session"))
		hist = append(hist, assistant(assistantText(t, r)), user(fmt.Sprintf("And question %d?", i)))
	}
	for _, id := range ids {
		if id != ids[0] || !strings.HasPrefix(id, "p-") {
			t.Fatalf("session ids %v", ids)
		}
	}
	// Another conversation (different first user message) is another session.
	other := chat(t, e, nil, false, system(sysPrompt), user("Tell me about Rome."))
	if other.header.Get("X-Faultline-Session") == ids[0] {
		t.Fatal("different conversations share a session")
	}
	e.g.Close() // flush asynchronous snapshots
	s, err := e.st.GetSession(context.Background(), ids[0])
	if err != nil {
		t.Fatal(err)
	}
	// 5 requests: system + 5 user turns + 5 assistant answers, each once.
	if s.Turns != 11 {
		t.Fatalf("turns %d, want 11 (messages analyzed once)", s.Turns)
	}
}

// TestSessionByHeaderAndBody: X-Faultline-Session wins, then
// metadata.session_id, then user.
func TestSessionByHeaderAndBody(t *testing.T) {
	e := setup(t, script)
	r := chat(t, e, map[string]string{"X-Faultline-Session": "s-header"}, false, user("hello"))
	if got := r.header.Get("X-Faultline-Session"); got != "s-header" {
		t.Errorf("header session: %q", got)
	}
	if h := e.fake.last().Header.Get("X-Faultline-Session"); h != "" {
		t.Errorf("session header forwarded upstream: %q", h)
	}
	// Two unrelated conversations with one header are one session.
	r2 := chat(t, e, map[string]string{"X-Faultline-Session": "s-header"}, false, user("a different first message"))
	if r2.header.Get("X-Faultline-Session") != "s-header" {
		t.Error("header ignored")
	}
	for _, tc := range []struct {
		body map[string]any
		want string
	}{
		{map[string]any{"model": "m", "metadata": map[string]any{"session_id": "s-meta"}, "user": "u-1", "messages": []any{user("hi")}}, "s-meta"},
		{map[string]any{"model": "m", "user": "u-1", "messages": []any{user("hi")}}, "u-1"},
	} {
		r := post(t, e.gw.URL, "/v1/chat/completions", nil, tc.body)
		if got := r.header.Get("X-Faultline-Session"); got != tc.want {
			t.Errorf("session %q, want %q", got, tc.want)
		}
	}
}

// TestConcurrentRequestsOneSession: concurrent requests on one session are
// serialized (no lost or duplicated turns, no deadlock).
func TestConcurrentRequestsOneSession(t *testing.T) {
	e := setup(t, script)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			r := chat(t, e, map[string]string{"X-Faultline-Session": "busy"}, i%2 == 0, user(fmt.Sprintf("question %d", i)))
			if r.status != 200 {
				t.Errorf("request %d: %d %s", i, r.status, r.body)
			}
		})
	}
	wg.Wait()
	e.g.Close()
	s, err := e.st.GetSession(context.Background(), "busy")
	if err != nil || s.Turns != 16 {
		t.Fatalf("session %+v %v (want 16 turns)", s, err)
	}
}

// TestAuthForwardedNeverRecorded: the client's credentials reach the
// upstream and appear neither in logs nor in the store.
func TestAuthForwardedNeverRecorded(t *testing.T) {
	const bearer, apiKey = "Bearer sk-test-SECRET-4242", "sk-ant-SECRET-4343"
	e := setup(t, script)
	hdr := map[string]string{"Authorization": bearer, "x-api-key": apiKey, "X-Faultline-Session": "auth"}
	chat(t, e, hdr, false, user(bombAsk))
	chat(t, e, hdr, true, user(bombAsk), assistant(bombRefuse), user(bombNovel)) // an incident is stored
	first, _ := agentTurns(true)
	post(t, e.gw.URL, "/v1/messages", hdr, first)
	for _, rq := range e.fake.requests {
		if rq.Header.Get("Authorization") != bearer || rq.Header.Get("X-Api-Key") != apiKey {
			t.Fatalf("credentials not forwarded: %v", rq.Header)
		}
	}
	e.g.Close()
	e.st.Close()
	for _, f := range []string{e.dbPath, e.dbPath + "-wal"} {
		b, _ := os.ReadFile(f)
		if bytes.Contains(b, []byte("SECRET")) {
			t.Errorf("%s contains a credential", f)
		}
	}
	if logs := e.logs.String(); strings.Contains(logs, "SECRET") || !strings.Contains(logs, `"msg":"exchange"`) {
		t.Errorf("logs contain a credential or no exchange: %s", logs)
	}
}

// TestPassThroughByteForByte: unknown request fields reach the upstream and
// an allowed response reaches the client unchanged; other paths are proxied.
func TestPassThroughByteForByte(t *testing.T) {
	e := setup(t, script)
	body := `{"model":"fake-model","messages":[{"role":"user","content":"hello there"}],"unknown_field":{"kept":[1,2,3]},"temperature":0.2}`
	for _, stream := range []bool{false, true} {
		b := body
		if stream {
			b = strings.Replace(body, `"temperature"`, `"stream":true,"temperature"`, 1)
		}
		res, err := http.Post(e.gw.URL+"/v1/chat/completions", "application/json", strings.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if up := e.fake.last().Body; string(up) != b {
			t.Errorf("request changed: %s", up)
		}
		direct, _ := http.Post(e.fake.URL+"/v1/chat/completions", "application/json", strings.NewReader(b))
		want, _ := io.ReadAll(direct.Body)
		direct.Body.Close()
		if !bytes.Equal(got, want) {
			t.Errorf("stream=%v: response changed:\n got %s\nwant %s", stream, got, want)
		}
	}
	res, err := http.Get(e.gw.URL + "/v1/models")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !bytes.Contains(b, []byte("fake-model")) {
		t.Errorf("/v1/models: %s", b)
	}
}

// TestUpstreamFailuresGiveAPIErrors: a 5xx, a reset, a malformed or stalled
// stream give a well-formed error in the client's API format, never a hang.
func TestUpstreamFailuresGiveAPIErrors(t *testing.T) {
	e := setup(t, script, func(c *gateway.Config) { c.StreamIdleTimeout = 300 * time.Millisecond })
	for _, tc := range []struct {
		mode   string
		stream bool
		status int
		want   string
	}{
		{"500", false, 502, `"upstream_error"`},
		{"500", true, 502, `"upstream_error"`},
		{"reset", false, 502, `"upstream_error"`},
		{"badsse", true, 200, `malformed stream event`},
		{"stall", true, 200, `stalled`},
	} {
		for _, anth := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/stream=%v/anthropic=%v", tc.mode, tc.stream, anth), func(t *testing.T) {
				e.fake.setMode(tc.mode)
				defer e.fake.setMode("")
				start := time.Now()
				var r resp
				if anth {
					first, _ := agentTurns(true)
					first["stream"] = tc.stream
					r = post(t, e.gw.URL, "/v1/messages", nil, first)
				} else {
					r = chat(t, e, nil, tc.stream, user("hello "+tc.mode))
				}
				if time.Since(start) > 5*time.Second {
					t.Errorf("took %v", time.Since(start))
				}
				want := tc.want
				if anth && want == `"upstream_error"` {
					want = `"api_error"`
				}
				if r.status != tc.status || !bytes.Contains(r.body, []byte(want)) {
					t.Fatalf("%d %s", r.status, r.body)
				}
				if anth && !bytes.Contains(r.body, []byte(`"type":"error"`)) {
					t.Errorf("not an Anthropic error: %s", r.body)
				}
			})
		}
	}
}

// TestWarnPinsSafetyContext: a warn decision re-pins the registered system
// prompt and the reminder into the next upstream request only.
func TestWarnPinsSafetyContext(t *testing.T) {
	e := setup(t, script, withPolicy(t, `
reminder: "REMINDER: safety rules apply."
rules:
  - name: warn-on-question-two
    when: session.turns == 4
    action: warn
`))
	hist := []msg{system(sysPrompt), user("first question")}
	r := chat(t, e, nil, false, hist...)
	hist = append(hist, assistant(assistantText(t, r)), user("second question")) // after the answer: 4 turns -> warn
	r = chat(t, e, nil, false, hist...)
	if r.header.Get("X-Faultline-Decision") != "warn" {
		t.Fatalf("decision %q", r.header.Get("X-Faultline-Decision"))
	}
	up := string(e.fake.last().Body)
	if !strings.Contains(up, "REMINDER: safety rules apply.") || strings.Count(up, sysPrompt) != 2 {
		t.Fatalf("not pinned: %s", up)
	}
	hist = append(hist, assistant(assistantText(t, r)), user("third question"))
	chat(t, e, nil, false, hist...)
	if strings.Contains(string(e.fake.last().Body), "REMINDER") {
		t.Error("pinned again without a new warn")
	}
}

// TestAdminAPI: incidents with filters, session detail, export in the scan
// input format (rescannable), and the bearer token.
func TestAdminAPI(t *testing.T) {
	e := setup(t, script, func(c *gateway.Config) { c.AdminToken = "admintok" })
	hdr := map[string]string{"X-Faultline-Session": "adm"}
	chat(t, e, hdr, false, user(bombAsk))
	chat(t, e, hdr, false, user(bombAsk), assistant(bombRefuse), user(bombNovel))
	if r := adminGet(t, e, "/admin/incidents"); r.status != 401 {
		t.Fatalf("no token: %d", r.status)
	}
	get := func(path string) resp {
		req, _ := http.NewRequest("GET", e.gw.URL+path, nil)
		req.Header.Set("Authorization", "Bearer admintok")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return resp{status: res.StatusCode, header: res.Header, body: b}
	}
	r := get("/admin/incidents?session=adm&phenomenon=policy_erosion&since=1h")
	if r.status != 200 || !bytes.Contains(r.body, []byte(`"session_id": "adm"`)) {
		t.Fatalf("incidents: %d %s", r.status, r.body)
	}
	if r := get("/admin/incidents?phenomenon=reward_hacking"); !bytes.Contains(r.body, []byte(`"incidents": []`)) {
		t.Errorf("filter: %s", r.body)
	}
	if r := get("/admin/incidents?since=yesterday"); r.status != 400 {
		t.Errorf("bad since: %d", r.status)
	}
	if r := get("/admin/sessions/adm"); r.status != 200 || !bytes.Contains(r.body, []byte("erosion-terminate")) || !bytes.Contains(r.body, []byte("pseudoephedrine")) {
		t.Errorf("session: %d %s", r.status, r.body)
	}
	if r := get("/admin/sessions/nope"); r.status != 404 {
		t.Errorf("unknown session: %d", r.status)
	}
	r = get("/admin/incidents/export?session=adm")
	lines := strings.Split(strings.TrimSpace(string(r.body)), "\n")
	if r.status != 200 || len(lines) == 0 || lines[0] == "" {
		t.Fatalf("export: %d %s", r.status, r.body)
	}
	trajs, err := ingest.DefaultRegistry().Decode([]byte(lines[0]), ingest.Source{File: "export", Line: 1}, "")
	if err != nil || len(trajs) != 1 || len(trajs[0].Messages) != 4 {
		t.Fatalf("export is not rescannable: %v %+v", err, trajs)
	}
	an := defaultAnalyzer(t)
	if res := an.Analyze(&trajs[0]); res.Scores.PolicyErosion < 0.5 {
		t.Errorf("rescanned export scores %+v", res.Scores)
	}
	_ = store.ErrNotFound
}

// TestRequestLimits: oversized bodies get a 413 in the API's format.
func TestRequestLimits(t *testing.T) {
	e := setup(t, script, func(c *gateway.Config) { c.MaxBodyBytes = 1024 })
	r := chat(t, e, nil, false, user(strings.Repeat("x", 2048)))
	if r.status != 413 || r.json(t)["error"] == nil {
		t.Fatalf("%d %s", r.status, r.body)
	}
}
