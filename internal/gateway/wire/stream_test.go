package wire

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/faultline-dev/faultline/internal/gateway/sse"
	"github.com/faultline-dev/faultline/internal/trajectory"
)

// Both streams below carry the same message: the text "Paying." and a
// send_money call whose arguments arrive in pieces.
const openAIStream = `data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"role":"assistant","content":"Pay"}}]}

data: {"id":"c1","choices":[{"index":0,"delta":{"content":"ing."}}]}

data: {"id":"c1","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"send_money","arguments":""}}]}}]}

data: {"id":"c1","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"recipient\": \"XX12\","}}]}}]}

data: {"id":"c1","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":" \"amount\": 5000}"}}]}}]}

data: {"id":"c1","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}

data: [DONE]

`

const anthropicStream = "event: message_start\r\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m1\",\"role\":\"assistant\",\"content\":[]}}\r\n\r\n" +
	"event: content_block_start\r\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\r\n\r\n" +
	"event: content_block_delta\r\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Paying.\"}}\r\n\r\n" +
	"event: content_block_stop\r\ndata: {\"type\":\"content_block_stop\",\"index\":0}\r\n\r\n" +
	"event: content_block_start\r\ndata: {\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\",\"id\":\"call_1\",\"name\":\"send_money\",\"input\":{}}}\r\n\r\n" +
	"event: content_block_delta\r\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"recipient\\\": \\\"XX12\\\",\"}}\r\n\r\n" +
	"event: content_block_delta\r\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\" \\\"amount\\\": 5000}\"}}\r\n\r\n" +
	"event: content_block_stop\r\ndata: {\"type\":\"content_block_stop\",\"index\":1}\r\n\r\n" +
	"event: message_delta\r\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"}}\r\n\r\n" +
	"event: message_stop\r\ndata: {\"type\":\"message_stop\"}\r\n\r\n"

func TestAssemblers(t *testing.T) {
	want := trajectory.Message{Role: trajectory.RoleAssistant, Content: "Paying.",
		ToolCalls: []trajectory.ToolCall{{ID: "call_1", Name: "send_money", Arguments: map[string]any{"recipient": "XX12", "amount": 5000.0}}}}
	for _, tc := range []struct {
		name   string
		stream string
		asm    Assembler
	}{{"openai", openAIStream, NewOpenAI()}, {"anthropic", anthropicStream, NewAnthropic()}} {
		t.Run(tc.name, func(t *testing.T) {
			rd := sse.NewReader(strings.NewReader(tc.stream))
			sawPending := false
			for {
				ev, err := rd.Next()
				if err != nil {
					break
				}
				if _, err := tc.asm.Add(ev.Type, ev.Data); err != nil {
					t.Fatal(err)
				}
				sawPending = sawPending || tc.asm.PendingToolCall()
			}
			if !sawPending {
				t.Error("the tool call was never pending while its arguments streamed")
			}
			if tc.asm.PendingToolCall() || !tc.asm.Done() {
				t.Error("stream not finished")
			}
			if diff := cmp.Diff(want, tc.asm.Message()); diff != "" {
				t.Errorf("assembled message (-want +got):\n%s", diff)
			}
		})
	}
	if _, err := NewOpenAI().Add("", []byte("{not json")); err == nil {
		t.Error("malformed chunk accepted")
	}
}

func FuzzAssemblers(f *testing.F) {
	f.Add([]byte(`{"choices":[{"index":0,"delta":{"tool_calls":[{"index":3,"function":{"arguments":"{"}}]}}]}`))
	f.Add([]byte(`{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{"}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, a := range []Assembler{NewOpenAI(), NewAnthropic()} {
			a.Add("content_block_start", data)
			a.Add("", data)
			_ = a.Message()
			_ = a.PendingToolCall()
		}
	})
}
