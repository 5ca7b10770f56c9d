// Package wire holds the small, hand-written parts of the OpenAI and
// Anthropic wire formats the gateway needs: assembling a streamed response
// into one assistant message (content, reasoning and tool calls with their
// argument deltas joined) so that it can be analyzed and judged. Requests and
// responses themselves pass through the gateway as raw bytes; nothing here
// re-encodes them, so unknown fields survive.
package wire

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/faultline-dev/faultline/internal/trajectory"
)

// call is a tool call being assembled from deltas.
type call struct {
	id, name string
	args     strings.Builder
	done     bool
}

// Assembler accumulates a streamed response.
type Assembler interface {
	// Add takes the data of one SSE event (and its event type, for
	// Anthropic). It reports whether the event carried a tool-call delta.
	Add(eventType string, data []byte) (toolDelta bool, err error)
	// Done reports whether the stream said it is finished.
	Done() bool
	// Message returns the assistant message assembled so far.
	Message() trajectory.Message
	// PendingToolCall reports whether a tool call has started but its
	// arguments are not yet known to be complete.
	PendingToolCall() bool
}

// OpenAI assembles chat.completion.chunk events.
type OpenAI struct {
	content, reasoning strings.Builder
	calls              map[int]*call
	finish             string
	done               bool
}

// NewOpenAI returns an empty OpenAI stream assembler.
func NewOpenAI() *OpenAI { return &OpenAI{calls: map[int]*call{}} }

type openAIChunk struct {
	Choices []struct {
		Index int `json:"index"`
		Delta struct {
			Content          *string `json:"content"`
			ReasoningContent *string `json:"reasoning_content"`
			Refusal          *string `json:"refusal"`
			ToolCalls        []struct {
				Index    int    `json:"index"`
				ID       string `json:"id"`
				Function struct {
					Name      string `json:"name"`
					Arguments string `json:"arguments"`
				} `json:"function"`
			} `json:"tool_calls"`
		} `json:"delta"`
		FinishReason *string `json:"finish_reason"`
	} `json:"choices"`
}

// Add implements Assembler.
func (s *OpenAI) Add(_ string, data []byte) (bool, error) {
	data = bytes.TrimSpace(data)
	if string(data) == "[DONE]" {
		s.done = true
		for _, c := range s.calls {
			c.done = true
		}
		return false, nil
	}
	var ch openAIChunk
	if err := json.Unmarshal(data, &ch); err != nil {
		return false, fmt.Errorf("openai stream chunk: %w", err)
	}
	toolDelta := false
	for _, choice := range ch.Choices {
		if choice.Index != 0 {
			continue // n > 1: only the first choice is analyzed
		}
		d := choice.Delta
		if d.Content != nil {
			s.content.WriteString(*d.Content)
		}
		if d.Refusal != nil {
			s.content.WriteString(*d.Refusal)
		}
		if d.ReasoningContent != nil {
			s.reasoning.WriteString(*d.ReasoningContent)
		}
		for _, tc := range d.ToolCalls {
			toolDelta = true
			c := s.calls[tc.Index]
			if c == nil {
				c = &call{}
				s.calls[tc.Index] = c
			}
			if tc.ID != "" {
				c.id = tc.ID
			}
			c.name += tc.Function.Name
			c.args.WriteString(tc.Function.Arguments)
		}
		if choice.FinishReason != nil && *choice.FinishReason != "" {
			s.finish = *choice.FinishReason
			for _, c := range s.calls {
				c.done = true
			}
		}
	}
	return toolDelta, nil
}

// Done implements Assembler.
func (s *OpenAI) Done() bool { return s.done || s.finish != "" }

// PendingToolCall implements Assembler.
func (s *OpenAI) PendingToolCall() bool {
	for _, c := range s.calls {
		if !c.done {
			return true
		}
	}
	return false
}

// Message implements Assembler.
func (s *OpenAI) Message() trajectory.Message {
	m := trajectory.Message{Role: trajectory.RoleAssistant, Content: s.content.String(), Reasoning: s.reasoning.String()}
	m.ToolCalls = assembleCalls(s.calls)
	return m
}

func assembleCalls(calls map[int]*call) []trajectory.ToolCall {
	if len(calls) == 0 {
		return nil
	}
	idx := make([]int, 0, len(calls))
	for i := range calls {
		idx = append(idx, i)
	}
	sort.Ints(idx)
	out := make([]trajectory.ToolCall, 0, len(calls))
	for _, i := range idx {
		c := calls[i]
		out = append(out, trajectory.ToolCall{ID: c.id, Name: c.name, Arguments: ParseArguments(c.args.String())})
	}
	return out
}

// ParseArguments parses a tool call's argument string; a string that is not a
// JSON object is kept whole under "_raw".
func ParseArguments(s string) map[string]any {
	t := strings.TrimSpace(s)
	if t == "" {
		return map[string]any{}
	}
	var m map[string]any
	if t[0] == '{' && json.Unmarshal([]byte(t), &m) == nil {
		return m
	}
	return map[string]any{"_raw": s}
}

// Anthropic assembles Messages API stream events.
type Anthropic struct {
	text, thinking strings.Builder
	calls          map[int]*call
	blocks         map[int]string // block index -> type
	done           bool
}

// NewAnthropic returns an empty Anthropic stream assembler.
func NewAnthropic() *Anthropic { return &Anthropic{calls: map[int]*call{}, blocks: map[int]string{}} }

type anthropicEvent struct {
	Type         string `json:"type"`
	Index        int    `json:"index"`
	ContentBlock struct {
		Type  string          `json:"type"`
		ID    string          `json:"id"`
		Name  string          `json:"name"`
		Text  string          `json:"text"`
		Input json.RawMessage `json:"input"`
	} `json:"content_block"`
	Delta struct {
		Type        string `json:"type"`
		Text        string `json:"text"`
		PartialJSON string `json:"partial_json"`
		Thinking    string `json:"thinking"`
	} `json:"delta"`
}

// Add implements Assembler.
func (s *Anthropic) Add(eventType string, data []byte) (bool, error) {
	var ev anthropicEvent
	if err := json.Unmarshal(data, &ev); err != nil {
		return false, fmt.Errorf("anthropic stream event: %w", err)
	}
	if ev.Type == "" {
		ev.Type = eventType
	}
	switch ev.Type {
	case "content_block_start":
		s.blocks[ev.Index] = ev.ContentBlock.Type
		switch ev.ContentBlock.Type {
		case "tool_use", "server_tool_use":
			c := &call{id: ev.ContentBlock.ID, name: ev.ContentBlock.Name}
			if in := bytes.TrimSpace(ev.ContentBlock.Input); len(in) > 0 && string(in) != "{}" && string(in) != "null" {
				c.args.Write(in)
			}
			s.calls[ev.Index] = c
			return true, nil
		case "text":
			s.text.WriteString(ev.ContentBlock.Text)
		}
	case "content_block_delta":
		switch ev.Delta.Type {
		case "text_delta":
			s.text.WriteString(ev.Delta.Text)
		case "thinking_delta":
			s.thinking.WriteString(ev.Delta.Thinking)
		case "input_json_delta":
			if c := s.calls[ev.Index]; c != nil {
				c.args.WriteString(ev.Delta.PartialJSON)
			}
			return true, nil
		}
	case "content_block_stop":
		if c := s.calls[ev.Index]; c != nil {
			c.done = true
			return true, nil
		}
	case "message_stop":
		s.done = true
	}
	return false, nil
}

// Done implements Assembler.
func (s *Anthropic) Done() bool { return s.done }

// PendingToolCall implements Assembler.
func (s *Anthropic) PendingToolCall() bool {
	for _, c := range s.calls {
		if !c.done {
			return true
		}
	}
	return false
}

// Message implements Assembler.
func (s *Anthropic) Message() trajectory.Message {
	return trajectory.Message{Role: trajectory.RoleAssistant, Content: s.text.String(), Reasoning: s.thinking.String(),
		ToolCalls: assembleCalls(s.calls)}
}
