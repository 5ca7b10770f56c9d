package ingest

import (
	"fmt"
	json "github.com/goccy/go-json"
	"strings"

	"github.com/faultline-dev/faultline/internal/trajectory"
)

// convertShareGPT turns `conversations` of {from, value} into the model. A
// function_call turn holds a JSON {name, arguments} and is attached to the
// assistant message it follows (or starts one); an observation is a tool result.
func convertShareGPT(rec *wireRecord) ([]trajectory.Message, error) {
	out := make([]trajectory.Message, 0, len(rec.Conversations))
	for i := range rec.Conversations {
		t := &rec.Conversations[i]
		switch strings.ToLower(t.From) {
		case "system":
			out = append(out, trajectory.Message{Role: trajectory.RoleSystem, Content: t.Value})
		case "human", "user":
			out = append(out, trajectory.Message{Role: trajectory.RoleUser, Content: t.Value})
		case "gpt", "assistant", "chatgpt", "bing", "bard", "model":
			out = append(out, trajectory.Message{Role: trajectory.RoleAssistant, Content: t.Value})
		case "function_call", "tool_call":
			call, err := shareGPTCall(t.Value)
			if err != nil {
				return nil, fmt.Errorf("conversations[%d]: %w", i, err)
			}
			if n := len(out); n > 0 && out[n-1].Role == trajectory.RoleAssistant {
				out[n-1].ToolCalls = append(out[n-1].ToolCalls, call)
			} else {
				out = append(out, trajectory.Message{Role: trajectory.RoleAssistant, ToolCalls: []trajectory.ToolCall{call}})
			}
		case "observation", "function_response", "tool", "function":
			out = append(out, trajectory.Message{Role: trajectory.RoleTool, Content: t.Value})
		case "":
			return nil, fmt.Errorf("conversations[%d]: missing \"from\"", i)
		default:
			return nil, fmt.Errorf("conversations[%d]: unknown speaker %q", i, t.From)
		}
	}
	return out, nil
}

func shareGPTCall(value string) (trajectory.ToolCall, error) {
	var w struct {
		Name      string          `json:"name"`
		Arguments json.RawMessage `json:"arguments"`
		Args      json.RawMessage `json:"args"`
	}
	if err := json.Unmarshal([]byte(value), &w); err != nil {
		return trajectory.ToolCall{}, fmt.Errorf("function_call value is not a JSON object {name, arguments}: %w", err)
	}
	raw := w.Arguments
	if len(raw) == 0 {
		raw = w.Args
	}
	args, err := parseArguments(raw)
	if err != nil {
		return trajectory.ToolCall{}, fmt.Errorf("function_call %q: %w", w.Name, err)
	}
	return trajectory.ToolCall{Name: w.Name, Arguments: args}, nil
}
