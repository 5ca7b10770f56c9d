package gateway

import (
	"bytes"
	"encoding/json"
	"fmt"

	gjson "github.com/goccy/go-json"
	"net/http"
	"strconv"
	"time"

	"github.com/faultline-dev/faultline/internal/ingest"
	"github.com/faultline-dev/faultline/internal/store"
	"github.com/faultline-dev/faultline/internal/trajectory"
)

// api is the wire protocol of an exchange.
type api int

const (
	apiOpenAI api = iota
	apiAnthropic
)

func (a api) String() string {
	if a == apiAnthropic {
		return "anthropic"
	}
	return "openai"
}

func (a api) format() string {
	if a == apiAnthropic {
		return ingest.FormatAnthropic
	}
	return ingest.FormatOpenAI
}

// envelope is the part of a request body the gateway reads besides the
// messages (which ingest decodes).
type envelope struct {
	Model    string `json:"model"`
	Stream   bool   `json:"stream"`
	User     string `json:"user"`
	Metadata struct {
		SessionID string `json:"session_id"`
	} `json:"metadata"`
}

func parseEnvelope(body []byte) envelope {
	var e envelope
	if gjson.Unmarshal(body, &e) != nil {
		// metadata may be something else than an object; retry without it
		var alt struct {
			Model  string `json:"model"`
			Stream bool   `json:"stream"`
			User   string `json:"user"`
		}
		_ = gjson.Unmarshal(body, &alt)
		e.Model, e.Stream, e.User = alt.Model, alt.Stream, alt.User
	}
	return e
}

// errorBody returns an error body in the API's format.
func errorBody(a api, typ, msg string) []byte {
	var v any
	if a == apiAnthropic {
		v = map[string]any{"type": "error", "error": map[string]any{"type": typ, "message": msg}}
	} else {
		v = map[string]any{"error": map[string]any{"message": msg, "type": typ, "param": nil, "code": typ}}
	}
	return mustJSON(v)
}

// anthropicErrorType maps a status to the Anthropic error type.
func anthropicErrorType(status int, fallback string) string {
	switch status {
	case http.StatusBadRequest:
		return "invalid_request_error"
	case http.StatusForbidden:
		return "permission_error"
	case http.StatusRequestEntityTooLarge:
		return "request_too_large"
	case http.StatusBadGateway, http.StatusGatewayTimeout, http.StatusServiceUnavailable:
		return "api_error"
	}
	return fallback
}

// writeAPIError answers with an error in the API's format.
func writeAPIError(w http.ResponseWriter, a api, status int, typ, msg string) {
	if a == apiAnthropic {
		typ = anthropicErrorType(status, typ)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Del("Content-Length")
	w.WriteHeader(status)
	w.Write(errorBody(a, typ, msg))
}

// sseErrorEvent is an in-stream error in the API's format.
func sseErrorEvent(a api, typ, msg string) []byte {
	if a == apiAnthropic {
		return []byte("event: error\ndata: " + string(errorBody(a, anthropicErrorType(http.StatusBadGateway, typ), msg)) + "\n\n")
	}
	return []byte("data: " + string(errorBody(a, typ, msg)) + "\n\n")
}

// completionBody is a complete non-streamed assistant answer with text.
func completionBody(a api, model, text string, now time.Time) []byte {
	id := store.NewID("", now)
	if a == apiAnthropic {
		return mustJSON(map[string]any{"id": "msg_faultline_" + id, "type": "message", "role": "assistant", "model": model,
			"content": []any{map[string]any{"type": "text", "text": text}}, "stop_reason": "end_turn", "stop_sequence": nil,
			"usage": map[string]any{"input_tokens": 0, "output_tokens": 0}})
	}
	return mustJSON(map[string]any{"id": "chatcmpl-faultline-" + id, "object": "chat.completion", "created": now.Unix(), "model": model,
		"choices": []any{map[string]any{"index": 0, "message": map[string]any{"role": "assistant", "content": text},
			"logprobs": nil, "finish_reason": "stop"}},
		"usage": map[string]any{"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0}})
}

// streamTextEvents are SSE events carrying an assistant text answer. For
// OpenAI, a whole stream (without [DONE]); for Anthropic, with start (a
// whole message) or, when start is false, a text block at index block
// followed by message_delta and message_stop.
func streamTextEvents(a api, model, text string, start bool, block int, now time.Time) []byte {
	var b bytes.Buffer
	ev := func(typ string, v any) {
		if typ != "" {
			b.WriteString("event: " + typ + "\n")
		}
		b.WriteString("data: ")
		b.Write(mustJSON(v))
		b.WriteString("\n\n")
	}
	id := store.NewID("", now)
	if a == apiOpenAI {
		chunk := func(delta map[string]any, finish any) map[string]any {
			return map[string]any{"id": "chatcmpl-faultline-" + id, "object": "chat.completion.chunk", "created": now.Unix(), "model": model,
				"choices": []any{map[string]any{"index": 0, "delta": delta, "logprobs": nil, "finish_reason": finish}}}
		}
		if start {
			ev("", chunk(map[string]any{"role": "assistant", "content": ""}, nil))
		}
		ev("", chunk(map[string]any{"content": text}, nil))
		ev("", chunk(map[string]any{}, "stop"))
		return b.Bytes()
	}
	if start {
		ev("message_start", map[string]any{"type": "message_start", "message": map[string]any{"id": "msg_faultline_" + id, "type": "message",
			"role": "assistant", "model": model, "content": []any{}, "stop_reason": nil, "stop_sequence": nil,
			"usage": map[string]any{"input_tokens": 0, "output_tokens": 0}}})
	}
	ev("content_block_start", map[string]any{"type": "content_block_start", "index": block, "content_block": map[string]any{"type": "text", "text": ""}})
	ev("content_block_delta", map[string]any{"type": "content_block_delta", "index": block, "delta": map[string]any{"type": "text_delta", "text": text}})
	ev("content_block_stop", map[string]any{"type": "content_block_stop", "index": block})
	ev("message_delta", map[string]any{"type": "message_delta", "delta": map[string]any{"stop_reason": "end_turn", "stop_sequence": nil},
		"usage": map[string]any{"output_tokens": 0}})
	ev("message_stop", map[string]any{"type": "message_stop"})
	return b.Bytes()
}

// streamEnd is the terminal event of a stream the gateway writes itself.
func streamEnd(a api) []byte {
	if a == apiOpenAI {
		return []byte("data: [DONE]\n\n")
	}
	return nil
}

// parseResponse extracts the assistant message of a non-streamed response
// by decoding it with the same code that decodes conversation history, so a
// resent history matches what the gateway saw.
func parseResponse(reg *ingest.Registry, a api, body []byte) (trajectory.Message, error) {
	var rec []byte
	if a == apiAnthropic {
		var r struct {
			Content json.RawMessage `json:"content"`
		}
		if err := gjson.Unmarshal(body, &r); err != nil {
			return trajectory.Message{}, fmt.Errorf("anthropic response: %w", err)
		}
		if len(r.Content) == 0 {
			return trajectory.Message{}, fmt.Errorf("anthropic response: no content")
		}
		rec = append(append([]byte(`{"messages":[{"role":"assistant","content":`), r.Content...), "}]}"...)
	} else {
		var r struct {
			Choices []struct {
				Message json.RawMessage `json:"message"`
			} `json:"choices"`
		}
		if err := gjson.Unmarshal(body, &r); err != nil {
			return trajectory.Message{}, fmt.Errorf("openai response: %w", err)
		}
		if len(r.Choices) == 0 || len(r.Choices[0].Message) == 0 {
			return trajectory.Message{}, fmt.Errorf("openai response: no choices")
		}
		rec = append(append([]byte(`{"messages":[`), r.Choices[0].Message...), "]}"...)
	}
	trajs, err := reg.Decode(rec, ingest.Source{File: "response", Line: 1}, a.format())
	if err != nil || len(trajs) == 0 || len(trajs[0].Messages) == 0 {
		// An empty assistant message is still a turn.
		return trajectory.Message{Role: trajectory.RoleAssistant}, nil
	}
	m := trajs[0].Messages[0]
	for _, extra := range trajs[0].Messages[1:] { // blocks split by ingest: keep one turn
		m.ToolCalls = append(m.ToolCalls, extra.ToolCalls...)
	}
	return m, nil
}

// replaceWithText rewrites a non-streamed response so that the assistant
// answers text instead of its tool calls, keeping every other field.
func replaceWithText(a api, body []byte, text string) ([]byte, error) {
	var top map[string]json.RawMessage
	if err := gjson.Unmarshal(body, &top); err != nil {
		return nil, err
	}
	if a == apiAnthropic {
		top["content"] = mustJSON([]any{map[string]any{"type": "text", "text": text}})
		top["stop_reason"] = mustJSON("end_turn")
		return json.Marshal(top)
	}
	var choices []map[string]json.RawMessage
	if err := gjson.Unmarshal(top["choices"], &choices); err != nil {
		return nil, err
	}
	for i := range choices {
		choices[i]["message"] = mustJSON(map[string]any{"role": "assistant", "content": text})
		choices[i]["finish_reason"] = mustJSON("stop")
	}
	top["choices"] = mustJSON(choices)
	return json.Marshal(top)
}

// pinSafety rewrites a request body to re-pin the registered system prompt
// and the policy's reminder: the system prompt goes first when missing, the
// reminder right before the last message (OpenAI: a system message;
// Anthropic: a text block appended to the last user turn). Unknown fields
// survive; key order may change.
func pinSafety(a api, body []byte, system string, hasSystem bool, reminder string) ([]byte, error) {
	if out, ok := pinSplice(a, body, system, hasSystem, reminder); ok {
		return out, nil
	}
	return pinRewrite(a, body, system, hasSystem, reminder)
}

// pinSplice is pinSafety's fast path: only the messages array is rebuilt
// and spliced into the body, so every other byte is kept. It declines
// (ok false) when the system field of an Anthropic request must change.
func pinSplice(a api, body []byte, system string, hasSystem bool, reminder string) ([]byte, bool) {
	var top struct {
		Messages json.RawMessage `json:"messages"`
		System   json.RawMessage `json:"system"`
	}
	if gjson.Unmarshal(body, &top) != nil || len(top.Messages) == 0 {
		return nil, false
	}
	var msgs []json.RawMessage
	if gjson.Unmarshal(top.Messages, &msgs) != nil {
		return nil, false
	}
	quoted := mustJSON(system)
	needSys := hasSystem && system != ""
	if a == apiAnthropic {
		if needSys && !bytes.Contains(top.System, quoted[1:len(quoted)-1]) {
			return nil, false
		}
		if len(msgs) > 0 {
			var last struct {
				Role    string          `json:"role"`
				Content json.RawMessage `json:"content"`
			}
			if gjson.Unmarshal(msgs[len(msgs)-1], &last) != nil || last.Role != "user" {
				return nil, false
			}
			var content []json.RawMessage
			var text string
			if gjson.Unmarshal(last.Content, &text) == nil {
				content = []json.RawMessage{mustJSON(map[string]any{"type": "text", "text": text})}
			} else if gjson.Unmarshal(last.Content, &content) != nil {
				return nil, false
			}
			content = append(content, mustJSON(map[string]any{"type": "text", "text": reminder}))
			msgs[len(msgs)-1] = mustJSON(map[string]any{"role": "user", "content": json.RawMessage(joinArray(content))})
		}
	} else {
		if needSys && !bytes.Contains(top.Messages, quoted[1:len(quoted)-1]) {
			msgs = append([]json.RawMessage{mustJSON(map[string]any{"role": "system", "content": system})}, msgs...)
		}
		pin := reminder
		if needSys {
			pin = system + "\n\n" + reminder
		}
		at := max(len(msgs)-1, 0)
		msgs = append(msgs[:at], append([]json.RawMessage{mustJSON(map[string]any{"role": "system", "content": pin})}, msgs[at:]...)...)
	}
	i := bytes.Index(body, top.Messages)
	if i < 0 {
		return nil, false
	}
	arr := joinArray(msgs)
	out := make([]byte, 0, len(body)+len(arr)-len(top.Messages))
	out = append(append(append(out, body[:i]...), arr...), body[i+len(top.Messages):]...)
	return out, true
}

// joinArray builds a JSON array from raw elements.
func joinArray(elems []json.RawMessage) []byte {
	n := 2
	for _, e := range elems {
		n += len(e) + 1
	}
	out := make([]byte, 0, n)
	out = append(out, '[')
	for i, e := range elems {
		if i > 0 {
			out = append(out, ',')
		}
		out = append(out, e...)
	}
	return append(out, ']')
}

// pinRewrite is pinSafety's general path: the body is decoded and encoded
// again (unknown fields survive; key order may change).
func pinRewrite(a api, body []byte, system string, hasSystem bool, reminder string) ([]byte, error) {
	var top map[string]json.RawMessage
	if err := gjson.Unmarshal(body, &top); err != nil {
		return nil, err
	}
	var msgs []json.RawMessage
	if err := gjson.Unmarshal(top["messages"], &msgs); err != nil {
		return nil, err
	}
	if a == apiAnthropic {
		sys := ""
		var blocks []map[string]any
		if raw := top["system"]; len(raw) > 0 {
			if gjson.Unmarshal(raw, &sys) != nil {
				_ = gjson.Unmarshal(raw, &blocks)
			}
		}
		if hasSystem && system != "" {
			present := bytes.Contains(top["system"], mustJSON(system)[1:len(mustJSON(system))-1])
			if !present {
				if blocks != nil {
					blocks = append([]map[string]any{{"type": "text", "text": system}}, blocks...)
					top["system"] = mustJSON(blocks)
				} else if sys == "" {
					top["system"] = mustJSON(system)
				} else {
					top["system"] = mustJSON(system + "\n\n" + sys)
				}
			}
		}
		if len(msgs) > 0 {
			var last map[string]json.RawMessage
			if err := gjson.Unmarshal(msgs[len(msgs)-1], &last); err == nil {
				var role string
				_ = gjson.Unmarshal(last["role"], &role)
				if role == "user" {
					var content []json.RawMessage
					var text string
					if gjson.Unmarshal(last["content"], &text) == nil {
						content = []json.RawMessage{mustJSON(map[string]any{"type": "text", "text": text})}
					} else {
						_ = gjson.Unmarshal(last["content"], &content)
					}
					content = append(content, mustJSON(map[string]any{"type": "text", "text": reminder}))
					last["content"] = mustJSON(content)
					msgs[len(msgs)-1] = mustJSON(last)
				}
			}
		}
	} else {
		if hasSystem && system != "" && !bytes.Contains(top["messages"], mustJSON(system)[1:len(mustJSON(system))-1]) {
			msgs = append([]json.RawMessage{mustJSON(map[string]any{"role": "system", "content": system})}, msgs...)
		}
		pin := reminder
		if hasSystem && system != "" {
			pin = system + "\n\n" + reminder
		}
		at := max(len(msgs)-1, 0)
		msgs = append(msgs[:at], append([]json.RawMessage{mustJSON(map[string]any{"role": "system", "content": pin})}, msgs[at:]...)...)
	}
	top["messages"] = mustJSON(msgs)
	return json.Marshal(top)
}

// mustJSON marshals values that cannot fail (maps of plain data).
func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		return []byte("null")
	}
	return b
}

func itoa(i int) string { return strconv.Itoa(i) }
