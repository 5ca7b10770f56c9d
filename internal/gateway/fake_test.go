package gateway_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// reply is what the fake model answers: text, or one tool call.
type reply struct {
	Text     string
	ToolName string
	ToolArgs string // JSON object
}

// fakeUpstream speaks the OpenAI chat and Anthropic Messages APIs, streamed
// and not, answering with a script keyed by the last user or tool message.
type fakeUpstream struct {
	*httptest.Server
	mu       sync.Mutex
	script   func(last string) reply
	requests []recorded
	// mode: "" normal, "500" HTML 500, "reset" drop connection, "badsse" malformed event, "stall" stop mid-stream
	mode string
}

type recorded struct {
	Path   string
	Header http.Header
	Body   []byte
}

func newFake(t testing.TB, script func(last string) reply) *fakeUpstream {
	f := &fakeUpstream{script: script}
	f.Server = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.Close)
	return f
}

func (f *fakeUpstream) setMode(m string) { f.mu.Lock(); f.mode = m; f.mu.Unlock() }

func (f *fakeUpstream) last() recorded {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.requests[len(f.requests)-1]
}

// lastContent returns the text of the last message of a chat or messages request.
func lastContent(body []byte) string {
	var req struct {
		Messages []struct {
			Content json.RawMessage `json:"content"`
		} `json:"messages"`
	}
	_ = json.Unmarshal(body, &req)
	if len(req.Messages) == 0 {
		return ""
	}
	raw := req.Messages[len(req.Messages)-1].Content
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var blocks []struct {
		Type    string          `json:"type"`
		Text    string          `json:"text"`
		Content json.RawMessage `json:"content"`
	}
	_ = json.Unmarshal(raw, &blocks)
	var parts []string
	for _, b := range blocks {
		switch b.Type {
		case "text":
			parts = append(parts, b.Text)
		case "tool_result":
			var c string
			if json.Unmarshal(b.Content, &c) == nil {
				parts = append(parts, c)
			}
		}
	}
	if len(parts) > 0 {
		return parts[0]
	}
	return ""
}

func (f *fakeUpstream) serve(w http.ResponseWriter, r *http.Request) {
	var buf bytes.Buffer
	buf.ReadFrom(r.Body)
	body := buf.Bytes()
	f.mu.Lock()
	f.requests = append(f.requests, recorded{Path: r.URL.Path, Header: r.Header.Clone(), Body: body})
	if len(f.requests) > 256 { // bounded, for benchmarks
		f.requests = append([]recorded(nil), f.requests[len(f.requests)-64:]...)
	}
	mode := f.mode
	f.mu.Unlock()
	switch mode {
	case "500":
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(500)
		w.Write([]byte("<html>internal error</html>"))
		return
	case "reset":
		hj, _ := w.(http.Hijacker)
		c, _, _ := hj.Hijack()
		c.Close()
		return
	}
	var env struct {
		Stream bool   `json:"stream"`
		Model  string `json:"model"`
	}
	_ = json.Unmarshal(body, &env)
	rep := f.script(lastContent(body))
	anth := r.URL.Path == "/v1/messages"
	switch {
	case r.URL.Path != "/v1/chat/completions" && !anth:
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"object":"list","data":[{"id":"fake-model","object":"model"}]}`))
	case env.Stream:
		w.Header().Set("Content-Type", "text/event-stream")
		w.WriteHeader(200)
		fl := w.(http.Flusher)
		events := openAIEvents(rep)
		if anth {
			events = anthropicEvents(rep)
		}
		for i, ev := range events {
			if mode == "badsse" && i == 2 {
				w.Write([]byte("data: {not json\n\n"))
				fl.Flush()
				return
			}
			if mode == "stall" && i == 2 {
				<-r.Context().Done()
				return
			}
			w.Write([]byte(ev))
			fl.Flush()
			if mode == "slow" {
				time.Sleep(20 * time.Millisecond)
			}
		}
	case anth:
		w.Header().Set("Content-Type", "application/json")
		content := []any{}
		stop := "end_turn"
		if rep.Text != "" {
			content = append(content, map[string]any{"type": "text", "text": rep.Text})
		}
		if rep.ToolName != "" {
			content = append(content, map[string]any{"type": "tool_use", "id": "toolu_1", "name": rep.ToolName, "input": json.RawMessage(rep.ToolArgs)})
			stop = "tool_use"
		}
		json.NewEncoder(w).Encode(map[string]any{"id": "msg_1", "type": "message", "role": "assistant", "model": env.Model,
			"content": content, "stop_reason": stop, "usage": map[string]any{"input_tokens": 10, "output_tokens": 5}, "x_unknown": 1})
	default:
		w.Header().Set("Content-Type", "application/json")
		msg := map[string]any{"role": "assistant", "content": rep.Text}
		finish := "stop"
		if rep.ToolName != "" {
			msg["content"] = nil
			msg["tool_calls"] = []any{map[string]any{"id": "call_1", "type": "function",
				"function": map[string]any{"name": rep.ToolName, "arguments": rep.ToolArgs}}}
			finish = "tool_calls"
		}
		json.NewEncoder(w).Encode(map[string]any{"id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": env.Model,
			"choices": []any{map[string]any{"index": 0, "message": msg, "finish_reason": finish}}, "x_unknown": true})
	}
}

func openAIEvents(rep reply) []string {
	chunk := func(delta string, finish string) string {
		fin := "null"
		if finish != "" {
			fin = `"` + finish + `"`
		}
		return `data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":` + delta + `,"finish_reason":` + fin + "}]}\n\n"
	}
	out := []string{chunk(`{"role":"assistant","content":""}`, "")}
	if rep.Text != "" {
		words := strings.SplitAfter(rep.Text, " ")
		for _, w := range words {
			out = append(out, chunk(`{"content":`+jsonString(w)+`}`, ""))
		}
	}
	finish := "stop"
	if rep.ToolName != "" {
		out = append(out, chunk(`{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":`+jsonString(rep.ToolName)+`,"arguments":""}}]}`, ""))
		a := rep.ToolArgs
		for len(a) > 0 {
			n := min(len(a), 7)
			out = append(out, chunk(`{"tool_calls":[{"index":0,"function":{"arguments":`+jsonString(a[:n])+`}}]}`, ""))
			a = a[n:]
		}
		finish = "tool_calls"
	}
	out = append(out, chunk(`{}`, finish), "data: [DONE]\n\n")
	return out
}

func anthropicEvents(rep reply) []string {
	ev := func(typ, data string) string { return "event: " + typ + "\ndata: " + data + "\n\n" }
	out := []string{ev("message_start", `{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"m","content":[],"stop_reason":null,"usage":{"input_tokens":10,"output_tokens":1}}}`),
		ev("ping", `{"type":"ping"}`)}
	idx := 0
	stop := "end_turn"
	if rep.Text != "" {
		out = append(out, ev("content_block_start", `{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}`))
		for _, w := range strings.SplitAfter(rep.Text, " ") {
			out = append(out, ev("content_block_delta", `{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":`+jsonString(w)+`}}`))
		}
		out = append(out, ev("content_block_stop", `{"type":"content_block_stop","index":0}`))
		idx++
	}
	if rep.ToolName != "" {
		i := fmt.Sprint(idx)
		out = append(out, ev("content_block_start", `{"type":"content_block_start","index":`+i+`,"content_block":{"type":"tool_use","id":"toolu_1","name":`+jsonString(rep.ToolName)+`,"input":{}}}`))
		a := rep.ToolArgs
		for len(a) > 0 {
			n := min(len(a), 7)
			out = append(out, ev("content_block_delta", `{"type":"content_block_delta","index":`+i+`,"delta":{"type":"input_json_delta","partial_json":`+jsonString(a[:n])+`}}`))
			a = a[n:]
		}
		out = append(out, ev("content_block_stop", `{"type":"content_block_stop","index":`+i+`}`))
		stop = "tool_use"
	}
	out = append(out, ev("message_delta", `{"type":"message_delta","delta":{"stop_reason":"`+stop+`","stop_sequence":null},"usage":{"output_tokens":5}}`),
		ev("message_stop", `{"type":"message_stop"}`))
	return out
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
