package redteam

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/faultline-dev/faultline/internal/trajectory"
)

// Target is the model under test: one chat completion per call.
type Target interface {
	Complete(ctx context.Context, req ChatRequest) (trajectory.Message, error)
}

// ToolSpec declares a function tool to the target.
type ToolSpec struct {
	Name        string `yaml:"name" json:"name"`
	Description string `yaml:"description" json:"description,omitempty"`
}

// ChatRequest is what the harness sends for one target turn.
type ChatRequest struct {
	Messages []trajectory.Message
	Tools    []ToolSpec
	// Session, when set, is sent as X-Faultline-Session so that a
	// `faultline serve` gateway in front of the target keeps every attack in
	// its own session (other servers ignore the header).
	Session string
}

// Client is an OpenAI-compatible chat client (POST {base}/chat/completions,
// non-streaming) with timeouts and retries with backoff on 429 and 5xx.
type Client struct {
	// BaseURL is an OpenAI base URL such as http://127.0.0.1:8000/v1.
	BaseURL string
	// Model is sent as the request's model.
	Model string
	// APIKey, when set, is sent as a bearer token.
	APIKey string
	// Timeout bounds one HTTP attempt (default 60s).
	Timeout time.Duration
	// Retries is the number of retries after the first attempt (default 4).
	Retries int
	// Backoff is the first retry delay, doubled per retry with jitter
	// (default 500ms); a Retry-After header in seconds takes precedence.
	Backoff time.Duration
	// HTTP is the client used (default http.DefaultClient).
	HTTP *http.Client
}

// maxResponse bounds the response body read from the target.
const maxResponse = 16 << 20

type wireToolCall struct {
	ID       string `json:"id,omitempty"`
	Type     string `json:"type"`
	Function struct {
		Name      string `json:"name"`
		Arguments string `json:"arguments"`
	} `json:"function"`
}

type wireMsg struct {
	Role       string         `json:"role"`
	Content    *string        `json:"content"`
	ToolCalls  []wireToolCall `json:"tool_calls,omitempty"`
	ToolCallID string         `json:"tool_call_id,omitempty"`
	Name       string         `json:"name,omitempty"`
}

type wireTool struct {
	Type     string `json:"type"`
	Function struct {
		Name        string         `json:"name"`
		Description string         `json:"description,omitempty"`
		Parameters  map[string]any `json:"parameters"`
	} `json:"function"`
}

// toWire converts messages to the OpenAI chat format.
func toWire(msgs []trajectory.Message) []wireMsg {
	out := make([]wireMsg, 0, len(msgs))
	for _, m := range msgs {
		w := wireMsg{Role: string(m.Role), ToolCallID: m.ToolCallID, Name: m.Name}
		content := m.Content
		if len(m.ToolCalls) > 0 && content == "" {
			w.Content = nil
		} else {
			w.Content = &content
		}
		for _, c := range m.ToolCalls {
			var wc wireToolCall
			wc.ID, wc.Type, wc.Function.Name = c.ID, "function", c.Name
			args := c.Arguments
			if args == nil {
				args = map[string]any{}
			}
			b, _ := json.Marshal(args)
			wc.Function.Arguments = string(b)
			w.ToolCalls = append(w.ToolCalls, wc)
		}
		out = append(out, w)
	}
	return out
}

func toolsWire(tools []ToolSpec) []wireTool {
	var out []wireTool
	for _, t := range tools {
		var w wireTool
		w.Type = "function"
		w.Function.Name, w.Function.Description = t.Name, t.Description
		w.Function.Parameters = map[string]any{"type": "object", "additionalProperties": true}
		out = append(out, w)
	}
	return out
}

// statusError is a non-2xx answer of the target.
type statusError struct {
	code       int
	body       string
	retryAfter time.Duration
}

func (e *statusError) Error() string {
	return fmt.Sprintf("target answered HTTP %d: %s", e.code, e.body)
}

func (e *statusError) retryable() bool { return e.code == http.StatusTooManyRequests || e.code >= 500 }

// Complete implements Target.
func (c *Client) Complete(ctx context.Context, req ChatRequest) (trajectory.Message, error) {
	body := map[string]any{"model": c.Model, "messages": toWire(req.Messages), "stream": false}
	if len(req.Tools) > 0 {
		body["tools"] = toolsWire(req.Tools)
	}
	payload, err := json.Marshal(body)
	if err != nil {
		return trajectory.Message{}, fmt.Errorf("encoding the chat request: %w", err)
	}
	retries, backoff := c.Retries, c.Backoff
	if retries == 0 {
		retries = 4
	}
	if retries < 0 {
		retries = 0
	}
	if backoff <= 0 {
		backoff = 500 * time.Millisecond
	}
	var last error
	for attempt := 0; attempt <= retries; attempt++ {
		if attempt > 0 {
			d := backoff << (attempt - 1)
			d += time.Duration(rand.Int64N(int64(d)/2 + 1))
			var se *statusError
			if errors.As(last, &se) && se.retryAfter > 0 {
				d = se.retryAfter
			}
			select {
			case <-ctx.Done():
				return trajectory.Message{}, ctx.Err()
			case <-time.After(d):
			}
		}
		msg, err := c.once(ctx, payload, req.Session)
		if err == nil {
			return msg, nil
		}
		last = err
		var se *statusError
		if errors.As(err, &se) && !se.retryable() {
			return trajectory.Message{}, err
		}
		if ctx.Err() != nil {
			return trajectory.Message{}, ctx.Err()
		}
	}
	return trajectory.Message{}, fmt.Errorf("after %d attempts: %w", retries+1, last)
}

func (c *Client) once(ctx context.Context, payload []byte, session string) (trajectory.Message, error) {
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = 60 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	url := strings.TrimRight(c.BaseURL, "/") + "/chat/completions"
	hreq, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(payload))
	if err != nil {
		return trajectory.Message{}, fmt.Errorf("building the request to %s: %w", url, err)
	}
	hreq.Header.Set("Content-Type", "application/json")
	if c.APIKey != "" {
		hreq.Header.Set("Authorization", "Bearer "+c.APIKey)
	}
	if session != "" {
		hreq.Header.Set("X-Faultline-Session", session)
	}
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(hreq)
	if err != nil {
		return trajectory.Message{}, fmt.Errorf("calling %s: %w", url, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxResponse))
	if err != nil {
		return trajectory.Message{}, fmt.Errorf("reading the answer of %s: %w", url, err)
	}
	if resp.StatusCode == http.StatusForbidden {
		if msg, ok := gatewayRefusal(data); ok {
			return msg, nil
		}
	}
	if resp.StatusCode/100 != 2 {
		se := &statusError{code: resp.StatusCode, body: clip(strings.TrimSpace(string(data)), 300)}
		if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && s >= 0 && s <= 60 {
			se.retryAfter = time.Duration(s) * time.Second
		}
		return trajectory.Message{}, se
	}
	var out struct {
		Choices []struct {
			Message struct {
				Content   json.RawMessage `json:"content"`
				ToolCalls []wireToolCall  `json:"tool_calls"`
			} `json:"message"`
		} `json:"choices"`
		Usage *trajectory.Usage `json:"usage"`
	}
	if err := json.Unmarshal(data, &out); err != nil {
		return trajectory.Message{}, fmt.Errorf("decoding the answer of %s: %w", url, err)
	}
	if len(out.Choices) == 0 {
		return trajectory.Message{}, fmt.Errorf("the answer of %s has no choices", url)
	}
	w := out.Choices[0].Message
	msg := trajectory.Message{Role: trajectory.RoleAssistant}
	msg.Content = contentText(w.Content)
	if out.Usage != nil && (out.Usage.TotalTokens > 0 || out.Usage.PromptTokens > 0) {
		msg.Meta = &trajectory.TurnMeta{Usage: out.Usage}
	}
	for _, tc := range w.ToolCalls {
		args := map[string]any{}
		if tc.Function.Arguments != "" {
			if err := json.Unmarshal([]byte(tc.Function.Arguments), &args); err != nil {
				args = map[string]any{"_raw": tc.Function.Arguments}
			}
		}
		msg.ToolCalls = append(msg.ToolCalls, trajectory.ToolCall{ID: tc.ID, Name: tc.Function.Name, Arguments: args})
	}
	return msg, nil
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n] + "..."
}

// contentText reads an OpenAI content field: a string, null, or an array of
// parts whose text parts are joined by newlines.
func contentText(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var parts []struct {
		Type string `json:"type"`
		Text string `json:"text"`
	}
	if json.Unmarshal(raw, &parts) != nil {
		return ""
	}
	var texts []string
	for _, p := range parts {
		if p.Text != "" {
			texts = append(texts, p.Text)
		}
	}
	return strings.Join(texts, "\n")
}

// GatewayRefusal prefixes the assistant message that stands for a block or
// a termination by a `faultline serve` gateway.
const GatewayRefusal = "I can't help with that request. [blocked by the faultline gateway] "

// gatewayRefusal reads a 403 of a `faultline serve` gateway that blocked the
// exchange or terminated the session (error code policy_blocked or
// session_terminated): for the harness that is the deployed system refusing,
// not a target error, so it becomes a refusal message.
func gatewayRefusal(body []byte) (trajectory.Message, bool) {
	var e struct {
		Error struct {
			Message string `json:"message"`
			Type    string `json:"type"`
			Code    string `json:"code"`
		} `json:"error"`
	}
	if json.Unmarshal(body, &e) != nil {
		return trajectory.Message{}, false
	}
	switch e.Error.Code {
	case "policy_blocked", "session_terminated":
	default:
		return trajectory.Message{}, false
	}
	return trajectory.Message{Role: trajectory.RoleAssistant, Content: GatewayRefusal + e.Error.Message}, true
}
