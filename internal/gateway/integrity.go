package gateway

import (
	"bytes"
	"encoding/json"
	"strings"

	gjson "github.com/goccy/go-json"

	"github.com/faultline-dev/faultline/internal/gateway/sysprompt"
	"github.com/faultline-dev/faultline/internal/policy"
	"github.com/faultline-dev/faultline/internal/signal/inject"
	"github.com/faultline-dev/faultline/internal/trajectory"
)

// Context integrity: the request's system prompt checked against the
// registry and the session's first prompt, role markers in user and tool
// content counted and, when the policy says so, neutralized.

// requestInput summarizes the request for the policy. fresh are the
// messages of the request the session had not seen; the system prompt
// fields compare the request with the session as it was before them.
func (g *Gateway) requestInput(model string, t *trajectory.Trajectory, bodyLen int, s *session, fresh []trajectory.Message) policy.Request {
	req := policy.Request{Model: model, Messages: len(t.Messages), HasTools: len(t.Meta.Tools) > 0, Tokens: bodyLen / 4,
		SystemPromptsConfigured: g.cfg.SystemPrompts.Len() > 0}
	for i := range t.Messages {
		m := &t.Messages[i]
		switch {
		case m.Role == trajectory.RoleUser:
			req.Depth++
		case m.Role == trajectory.RoleSystem && !req.HasSystemPrompt:
			d := sysprompt.Hash(m.Content)
			req.HasSystemPrompt, req.SystemPromptHash = true, d.String()
			req.SystemPromptRegistered = g.cfg.SystemPrompts.HasDigest(d)
			req.SystemPromptChanged = s.hasSystem && d != s.systemDigest
		}
	}
	for i := range fresh {
		if m := &fresh[i]; m.Role == trajectory.RoleUser || m.Role == trajectory.RoleTool {
			inject.MarkerSpans(m.Content, func(int, int) { req.RoleMarkers++ })
		}
	}
	return req
}

// zwsp is inserted into role markers to neutralize them.
const zwsp = "\u200b"

// neutralize breaks the role markers of s with a zero-width space: after
// the first character of a template token ("<\u200b|im_start|>",
// "[\u200bINST]"), before the colon of a role label ("Human\u200b:"). It
// returns s itself when there is nothing to change.
func neutralize(s string) (string, int) {
	var b strings.Builder
	last, n := 0, 0
	inject.MarkerSpans(s, func(start, end int) {
		at := start + 1
		if s[end-1] == ':' {
			at = end - 1
		}
		if n == 0 {
			b.Grow(len(s) + 8*len(zwsp))
		}
		b.WriteString(s[last:at])
		b.WriteString(zwsp)
		last = at
		n++
	})
	if n == 0 {
		return s, 0
	}
	b.WriteString(s[last:])
	return b.String(), n
}

// hasMarkers reports whether any user or tool message of t has a role marker.
func hasMarkers(t *trajectory.Trajectory) bool {
	found := false
	for i := range t.Messages {
		m := &t.Messages[i]
		if (m.Role == trajectory.RoleUser || m.Role == trajectory.RoleTool) && !found {
			inject.MarkerSpans(m.Content, func(int, int) { found = true })
		}
	}
	return found
}

// neutralizeBody rewrites the role markers in the user and tool content of
// a request body (OpenAI: user, tool and function messages; Anthropic: user
// messages, tool_result blocks included). Messages without markers and
// every field outside the messages array keep their bytes; a rewritten
// message keeps its fields (in sorted key order). ok is false when the body
// could not be rewritten.
func neutralizeBody(body []byte) (out []byte, count int, ok bool) {
	var top struct {
		Messages json.RawMessage `json:"messages"`
	}
	if gjson.Unmarshal(body, &top) != nil || len(top.Messages) == 0 {
		return nil, 0, false
	}
	var msgs []json.RawMessage
	if gjson.Unmarshal(top.Messages, &msgs) != nil {
		return nil, 0, false
	}
	for i, raw := range msgs {
		var m map[string]json.RawMessage
		if gjson.Unmarshal(raw, &m) != nil {
			return nil, 0, false
		}
		var role string
		_ = gjson.Unmarshal(m["role"], &role)
		switch role {
		case "user", "tool", "function", "human":
		default:
			continue
		}
		c, n := neutralizeContent(m["content"])
		if n == 0 {
			continue
		}
		m["content"] = c
		msgs[i] = mustJSON(m)
		count += n
	}
	if count == 0 {
		return body, 0, true
	}
	out, ok = spliceMessages(body, top.Messages, msgs)
	return out, count, ok
}

// neutralizeContent rewrites message content: a string, or an array of
// parts whose text (and nested tool_result content) is rewritten.
func neutralizeContent(raw json.RawMessage) (json.RawMessage, int) {
	var s string
	if gjson.Unmarshal(raw, &s) == nil {
		out, n := neutralize(s)
		if n == 0 {
			return raw, 0
		}
		return mustJSON(out), n
	}
	var parts []json.RawMessage
	if gjson.Unmarshal(raw, &parts) != nil {
		return raw, 0
	}
	total := 0
	for i, p := range parts {
		var part map[string]json.RawMessage
		if gjson.Unmarshal(p, &part) != nil {
			continue
		}
		n := 0
		if t, ok := part["text"]; ok {
			var text string
			if gjson.Unmarshal(t, &text) == nil {
				var k int
				if text, k = neutralize(text); k > 0 {
					part["text"] = mustJSON(text)
					n += k
				}
			}
		}
		if c, ok := part["content"]; ok {
			var k int
			if part["content"], k = neutralizeContent(c); k == 0 {
				part["content"] = c
			}
			n += k
		}
		if n > 0 {
			parts[i] = mustJSON(part)
			total += n
		}
	}
	if total == 0 {
		return raw, 0
	}
	return joinArray(parts), total
}

// spliceMessages replaces the messages array of body (old, as found in the
// body) by msgs, keeping every other byte.
func spliceMessages(body, old []byte, msgs []json.RawMessage) ([]byte, bool) {
	i := bytes.Index(body, old)
	if i < 0 {
		return nil, false
	}
	arr := joinArray(msgs)
	out := make([]byte, 0, len(body)+len(arr)-len(old))
	out = append(append(append(out, body[:i]...), arr...), body[i+len(old):]...)
	return out, true
}
