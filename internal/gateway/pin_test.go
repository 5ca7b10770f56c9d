package gateway

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestPinSafety(t *testing.T) {
	const sys, rem = "Be safe.", "REMINDER"
	tests := []struct {
		name     string
		a        api
		body     string
		wantKeep string // bytes that must survive unchanged
		check    func(t *testing.T, v map[string]any)
	}{
		{"openai keeps other bytes, reminder before last", apiOpenAI,
			`{"model":"m",  "messages":[{"role":"system","content":"Be safe."},{"role":"user","content":"hi"}],"x":{"b":1,"a":2}}`,
			`"x":{"b":1,"a":2}}`, func(t *testing.T, v map[string]any) {
				ms := v["messages"].([]any)
				if len(ms) != 3 || ms[1].(map[string]any)["content"] != sys+"\n\n"+rem || ms[2].(map[string]any)["content"] != "hi" {
					t.Errorf("messages %v", ms)
				}
			}},
		{"openai re-adds a dropped system prompt", apiOpenAI,
			`{"messages":[{"role":"user","content":"hi"}]}`, "", func(t *testing.T, v map[string]any) {
				ms := v["messages"].([]any)
				if len(ms) != 3 || ms[0].(map[string]any)["content"] != sys {
					t.Errorf("messages %v", ms)
				}
			}},
		{"anthropic appends a text block to the last user turn", apiAnthropic,
			`{"system":"Be safe.","messages":[{"role":"user","content":"hi"}],"max_tokens":5}`, `"max_tokens":5}`,
			func(t *testing.T, v map[string]any) {
				ms := v["messages"].([]any)
				c := ms[0].(map[string]any)["content"].([]any)
				if len(c) != 2 || c[1].(map[string]any)["text"] != rem {
					t.Errorf("content %v", c)
				}
			}},
		{"anthropic restores the system prompt", apiAnthropic,
			`{"system":"other","messages":[{"role":"user","content":[{"type":"text","text":"hi"}]}]}`, "",
			func(t *testing.T, v map[string]any) {
				if !strings.HasPrefix(v["system"].(string), sys) {
					t.Errorf("system %v", v["system"])
				}
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, err := pinSafety(tc.a, []byte(tc.body), sys, true, rem)
			if err != nil {
				t.Fatal(err)
			}
			var v map[string]any
			if err := json.Unmarshal(out, &v); err != nil {
				t.Fatalf("invalid JSON %s: %v", out, err)
			}
			if tc.wantKeep != "" && !strings.Contains(string(out), tc.wantKeep) {
				t.Errorf("lost bytes %q: %s", tc.wantKeep, out)
			}
			tc.check(t, v)
		})
	}
}
