// Package ingesttest generates synthetic logs for benchmarks and load tests,
// so that speed is measured on the same input everywhere.
package ingesttest

import (
	"fmt"
	"strings"
)

// OpenAIJSONL returns n OpenAI chat JSONL records shaped like agent logs: a
// system prompt, user turns, assistant turns with tool calls whose arguments
// are JSON strings, and tool results; about 4 KB a record, with escapes.
func OpenAIJSONL(n int) []byte {
	var b strings.Builder
	para := strings.Repeat(`The quarterly report lists revenue, costs and a note on \"risk\" factors.\n`, 6)
	for i := range n {
		fmt.Fprintf(&b, `{"id": "rec-%d", "model": "gpt-4o", "messages": [`, i)
		b.WriteString(`{"role": "system", "content": "You are a finance agent. Use the tools. Never send money without confirmation."}`)
		for turn := range 3 {
			fmt.Fprintf(&b, `, {"role": "user", "content": "Step %d: %s"}`, turn, para)
			fmt.Fprintf(&b, `, {"role": "assistant", "content": null, "tool_calls": [{"id": "call_%d", "type": "function", "function": {"name": "read_file", "arguments": "{\"path\": \"report-%d.txt\", \"lines\": [1, 200]}"}}]}`, turn, turn)
			fmt.Fprintf(&b, `, {"role": "tool", "tool_call_id": "call_%d", "content": "%s"}`, turn, para)
			fmt.Fprintf(&b, `, {"role": "assistant", "content": "Summary %d: %s"}`, turn, para[:200])
		}
		b.WriteString("]}\n")
	}
	return []byte(b.String())
}
