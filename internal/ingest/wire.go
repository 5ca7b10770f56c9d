package ingest

import (
	"bytes"
	"fmt"
	json "github.com/goccy/go-json"
	"strconv"
	"unicode/utf8"

	"github.com/faultline-dev/faultline/internal/trajectory"
)

// wireRecord is the union of the top-level fields of every JSON record format.
// Decoding into one typed struct costs a single pass over the record; the
// format registry then decides from the fields present which converter applies.
type wireRecord struct {
	ID       json.RawMessage `json:"id"`
	Model    string          `json:"model"`
	Metadata *wireRecordMeta `json:"metadata"`
	Tools    []wireTool      `json:"tools"`

	// OpenAI and Anthropic.
	Messages []wireMessage `json:"messages"`
	System   wireContent   `json:"system"`
	// ShareGPT.
	Conversations []wireShareGPTTurn `json:"conversations"`
	// HH-RLHF.
	Transcript *string `json:"transcript"`
	Chosen     *string `json:"chosen"`
	Rejected   *string `json:"rejected"`
	// OpenTelemetry OTLP JSON.
	ResourceSpans json.RawMessage `json:"resourceSpans"`

	trajectory.TurnMeta
}

type wireRecordMeta struct {
	ID        json.RawMessage `json:"id"`
	Model     string          `json:"model"`
	Objective string          `json:"objective"`
	trajectory.TurnMeta
}

type wireTool struct {
	Name     string `json:"name"`
	Function struct {
		Name string `json:"name"`
	} `json:"function"`
}

// wireMessage is a message of either the OpenAI chat or the Anthropic Messages
// format; the two share their outer shape and differ in content blocks, which
// are all understood here.
type wireMessage struct {
	Role             string               `json:"role"`
	Name             string               `json:"name"`
	Content          wireContent          `json:"content"`
	ToolCalls        []wireToolCall       `json:"tool_calls"`
	FunctionCall     *wireFunction        `json:"function_call"`
	ToolCallID       string               `json:"tool_call_id"`
	IsError          bool                 `json:"is_error"`
	Error            json.RawMessage      `json:"error"`
	ReasoningContent string               `json:"reasoning_content"`
	Metadata         *trajectory.TurnMeta `json:"metadata"`
	trajectory.TurnMeta
}

type wireToolCall struct {
	ID       string       `json:"id"`
	Type     string       `json:"type"`
	Function wireFunction `json:"function"`
}

type wireFunction struct {
	Name      string          `json:"name"`
	Arguments json.RawMessage `json:"arguments"`
}

type wireShareGPTTurn struct {
	From  string `json:"from"`
	Value string `json:"value"`
}

// wireContent is message content: a string, null, or an array of typed parts
// (OpenAI content parts or Anthropic content blocks).
type wireContent struct {
	Text   string
	Blocks []wireBlock
	// IsBlocks is true when the content was an array.
	IsBlocks bool
}

// UnmarshalJSON accepts a string, null or an array of blocks.
func (c *wireContent) UnmarshalJSON(b []byte) error {
	b = bytes.TrimLeft(b, " \t\r\n")
	if len(b) == 0 {
		return nil
	}
	switch b[0] {
	case 'n':
		return nil
	case '"':
		s, err := unquote(b)
		if err != nil {
			return err
		}
		c.Text = s
		return nil
	case '[':
		c.IsBlocks = true
		return json.Unmarshal(b, &c.Blocks)
	}
	return fmt.Errorf("content must be a string, null or an array of parts, got %s", kindOf(b))
}

// unquote decodes a JSON string literal, taking the fast path when it has no escapes.
func unquote(b []byte) (string, error) {
	if len(b) >= 2 && bytes.IndexByte(b[1:len(b)-1], '\\') < 0 && validPlain(b[1:len(b)-1]) {
		return string(b[1 : len(b)-1]), nil
	}
	var s string
	err := json.Unmarshal(b, &s)
	return s, err
}

// validPlain reports whether the bytes between the quotes of an escape-free
// JSON string can be used as they are: valid UTF-8 with no control characters.
func validPlain(b []byte) bool {
	for _, c := range b {
		if c < 0x20 {
			return false
		}
	}
	return utf8.Valid(b)
}

func kindOf(b []byte) string {
	switch b[0] {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	}
	if _, err := strconv.ParseFloat(string(b), 64); err == nil {
		return "a number"
	}
	return "invalid JSON"
}

// wireBlock is one content part or block. Fields of every known type are here;
// Type says which apply.
type wireBlock struct {
	Type     string `json:"type"`
	Text     string `json:"text"`
	Refusal  string `json:"refusal"`
	Thinking string `json:"thinking"`
	// tool_use
	ID    string          `json:"id"`
	Name  string          `json:"name"`
	Input json.RawMessage `json:"input"`
	// tool_result
	ToolUseID string      `json:"tool_use_id"`
	Content   wireContent `json:"content"`
	IsError   bool        `json:"is_error"`
}
