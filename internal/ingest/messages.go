package ingest

import (
	"bytes"
	"fmt"
	json "github.com/goccy/go-json"
	"strings"

	"github.com/faultline-dev/faultline/internal/trajectory"
)

// convertMessages turns OpenAI chat or Anthropic Messages records into the
// model. Both formats are read by the same code: a block type that only one of
// them uses simply never occurs in the other.
func convertMessages(rec *wireRecord) ([]trajectory.Message, error) {
	out := make([]trajectory.Message, 0, len(rec.Messages)+1)
	if sys := contentText(&rec.System); sys != "" {
		out = append(out, trajectory.Message{Role: trajectory.RoleSystem, Content: sys})
	}
	for i := range rec.Messages {
		var err error
		out, err = appendWireMessage(out, &rec.Messages[i])
		if err != nil {
			return nil, fmt.Errorf("message %d: %w", i, err)
		}
	}
	return out, nil
}

func mapRole(r string) (trajectory.Role, bool) {
	// The roles as logs spell them need no lowering.
	switch r {
	case "user":
		return trajectory.RoleUser, true
	case "assistant":
		return trajectory.RoleAssistant, true
	case "tool":
		return trajectory.RoleTool, true
	case "system":
		return trajectory.RoleSystem, true
	}
	switch strings.ToLower(r) {
	case "system", "developer":
		return trajectory.RoleSystem, true
	case "user", "human":
		return trajectory.RoleUser, true
	case "assistant", "model", "ai", "bot":
		return trajectory.RoleAssistant, true
	case "tool", "function", "ipython":
		return trajectory.RoleTool, true
	}
	return "", false
}

func appendWireMessage(out []trajectory.Message, w *wireMessage) ([]trajectory.Message, error) {
	role, ok := mapRole(w.Role)
	if !ok {
		if w.Role == "" {
			return nil, fmt.Errorf("missing role")
		}
		return nil, fmt.Errorf("unknown role %q", w.Role)
	}
	meta := turnMeta(&w.TurnMeta, w.Metadata)
	base := trajectory.Message{Role: role, Name: w.Name, Meta: meta}

	if role == trajectory.RoleTool {
		base.ToolCallID = w.ToolCallID
		base.Content = contentText(&w.Content)
		base.IsError = w.IsError
		if errText := errorText(w.Error); errText != "" {
			base.IsError = true
			if base.Content == "" {
				base.Content = errText
			}
		}
		return append(out, base), nil
	}

	if !w.Content.IsBlocks {
		base.Content = w.Content.Text
		base.Reasoning = w.ReasoningContent
		calls, err := wireToolCalls(w)
		if err != nil {
			return nil, err
		}
		base.ToolCalls = calls
		return append(out, base), nil
	}

	// Content blocks. Runs of text, thinking and tool_use blocks form one
	// message of the sender's role; each tool_result block becomes a tool
	// message of its own, in block order.
	cur := base
	var text, reasoning []string
	started := false
	flush := func() {
		if !started {
			return
		}
		cur.Content = strings.Join(text, "\n")
		cur.Reasoning = strings.Join(reasoning, "\n")
		out = append(out, cur)
		cur = trajectory.Message{Role: role, Name: w.Name, Meta: meta}
		text, reasoning, started = text[:0], reasoning[:0], false
	}
	for i := range w.Content.Blocks {
		b := &w.Content.Blocks[i]
		switch b.Type {
		case "text", "input_text", "output_text", "":
			text = append(text, b.Text)
			started = true
		case "refusal":
			text = append(text, b.Refusal)
			started = true
		case "thinking":
			reasoning = append(reasoning, b.Thinking)
			started = true
		case "redacted_thinking":
			started = true
		case "tool_use", "server_tool_use":
			args, err := parseArguments(b.Input)
			if err != nil {
				return nil, fmt.Errorf("tool_use block %d: %w", i, err)
			}
			cur.ToolCalls = append(cur.ToolCalls, trajectory.ToolCall{ID: b.ID, Name: b.Name, Arguments: args})
			started = true
		case "tool_result":
			flush()
			out = append(out, trajectory.Message{
				Role:       trajectory.RoleTool,
				Content:    contentText(&b.Content),
				ToolCallID: b.ToolUseID,
				IsError:    b.IsError,
				Meta:       meta,
			})
		default:
			// Images, audio, documents: no text to analyze, but the turn exists.
			started = true
		}
	}
	flush()
	calls, err := wireToolCalls(w)
	if err != nil {
		return nil, err
	}
	if len(calls) > 0 {
		if len(out) > 0 && out[len(out)-1].Role == role {
			out[len(out)-1].ToolCalls = append(out[len(out)-1].ToolCalls, calls...)
		} else {
			base.ToolCalls = calls
			out = append(out, base)
		}
	}
	return out, nil
}

// wireToolCalls returns the OpenAI tool_calls and legacy function_call of w.
func wireToolCalls(w *wireMessage) ([]trajectory.ToolCall, error) {
	n := len(w.ToolCalls)
	if w.FunctionCall != nil {
		n++
	}
	if n == 0 {
		return nil, nil
	}
	calls := make([]trajectory.ToolCall, 0, n)
	for i := range w.ToolCalls {
		tc := &w.ToolCalls[i]
		args, err := parseArguments(tc.Function.Arguments)
		if err != nil {
			return nil, fmt.Errorf("tool_calls[%d] %q: %w", i, tc.Function.Name, err)
		}
		calls = append(calls, trajectory.ToolCall{ID: tc.ID, Name: tc.Function.Name, Arguments: args})
	}
	if fc := w.FunctionCall; fc != nil {
		args, err := parseArguments(fc.Arguments)
		if err != nil {
			return nil, fmt.Errorf("function_call %q: %w", fc.Name, err)
		}
		calls = append(calls, trajectory.ToolCall{Name: fc.Name, Arguments: args})
	}
	return calls, nil
}

// parseArguments accepts arguments as a JSON object, a JSON string holding an
// object (OpenAI), or null. A string that is not a JSON object is kept whole
// under "_raw": models do emit malformed arguments, and that is evidence, not
// a reason to lose the record.
func parseArguments(raw json.RawMessage) (map[string]any, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return map[string]any{}, nil
	}
	switch raw[0] {
	case '{':
		if m, ok := decodeObject(raw); ok {
			return m, nil
		}
		var m map[string]any
		if err := json.Unmarshal(raw, &m); err != nil {
			return nil, fmt.Errorf("arguments: %w", err)
		}
		return m, nil
	case '"':
		// Unquoted once, and parsed from the bytes themselves.
		if text, end, ok := appendUnquoted(make([]byte, 0, len(raw)), raw, 0); ok && end == len(raw) {
			return parseArgumentText(text), nil
		}
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return nil, fmt.Errorf("arguments: %w", err)
		}
		return parseArgumentString(s), nil
	}
	return nil, fmt.Errorf("arguments must be an object or a JSON string, got %s", kindOf(raw))
}

// parseArgumentString parses an argument string that should hold a JSON object.
func parseArgumentString(s string) map[string]any {
	return parseArgumentText([]byte(s))
}

// parseArgumentText is parseArgumentString of the bytes of the string, which
// it does not keep.
func parseArgumentText(text []byte) map[string]any {
	t := bytes.TrimSpace(text)
	if len(t) == 0 {
		return map[string]any{}
	}
	if t[0] == '{' {
		if m, ok := decodeObject(t); ok {
			return m
		}
		var m map[string]any
		if json.Unmarshal(t, &m) == nil {
			return m
		}
	}
	return map[string]any{"_raw": string(text)}
}

// contentText joins the text of content: the string, or the text of its
// text parts (nested tool_result content included).
func contentText(c *wireContent) string {
	if !c.IsBlocks {
		return c.Text
	}
	parts := make([]string, 0, len(c.Blocks))
	for i := range c.Blocks {
		b := &c.Blocks[i]
		switch b.Type {
		case "text", "input_text", "output_text", "":
			parts = append(parts, b.Text)
		case "refusal":
			parts = append(parts, b.Refusal)
		case "tool_result":
			parts = append(parts, contentText(&b.Content))
		}
	}
	return strings.Join(parts, "\n")
}

// errorText returns the text of a tool message's `error` field (a string or an
// object), or "" when it is absent or null.
func errorText(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" || string(raw) == "false" || string(raw) == `""` {
		return ""
	}
	if raw[0] == '"' {
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return s
		}
	}
	return string(raw)
}

// turnMeta merges pipeline metadata given on the message itself and under its
// `metadata` key; nil when neither holds anything.
func turnMeta(direct, nested *trajectory.TurnMeta) *trajectory.TurnMeta {
	var m trajectory.TurnMeta
	for _, src := range []*trajectory.TurnMeta{nested, direct} {
		if src == nil {
			continue
		}
		if src.RewardModelScore != nil {
			m.RewardModelScore = src.RewardModelScore
		}
		if src.Reward != nil {
			m.Reward = src.Reward
		}
		if src.SafetyClassifier != nil {
			m.SafetyClassifier = src.SafetyClassifier
		}
		if src.ContextWindow != 0 {
			m.ContextWindow = src.ContextWindow
		}
		if src.Usage != nil {
			m.Usage = src.Usage
		}
		if src.Truncated {
			m.Truncated = true
		}
	}
	if m.RewardModelScore == nil && m.Reward == nil && m.SafetyClassifier == nil &&
		m.ContextWindow == 0 && m.Usage == nil && !m.Truncated {
		return nil
	}
	out := m // (only what is returned is allocated)
	return &out
}
