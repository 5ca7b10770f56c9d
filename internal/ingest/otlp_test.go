package ingest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/faultline-dev/faultline/internal/trajectory"
)

// otlpFixtureDir holds the OTLP JSON fixtures: collector file-exporter style,
// one payload per line.
const otlpFixtureDir = "testdata/otel"

// otlpAddFile adds every payload (line) of a fixture to g, with the source
// "<file>:<line>" as the Reader gives it.
func otlpAddFile(t testing.TB, g *otlpGrouper, name string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(otlpFixtureDir, name))
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<24)
	for line := 1; sc.Scan(); line++ {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var top struct {
			ResourceSpans json.RawMessage `json:"resourceSpans"`
		}
		if err := json.Unmarshal(sc.Bytes(), &top); err != nil {
			t.Fatalf("%s:%d: %v", name, line, err)
		}
		if err := g.add(top.ResourceSpans, fmt.Sprintf("%s:%d", name, line)); err != nil {
			t.Fatalf("%s:%d: add: %v", name, line, err)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
}

// otlpShape is the outline of a trajectory checked besides the golden file:
// its id, source and the roles of its messages.
type otlpShape struct {
	id, source string
	roles      string // first letters of the roles: s, u, a, t
}

// shapeOf returns the outline of tr.
func shapeOf(tr *trajectory.Trajectory) otlpShape {
	var b strings.Builder
	for _, m := range tr.Messages {
		b.WriteByte(string(m.Role)[0])
	}
	return otlpShape{id: tr.ID, source: tr.Source, roles: b.String()}
}

func TestOTLPFixtures(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files []string
		want  []otlpShape
	}{
		{"multiturn_chat", []string{"multiturn_chat.json"}, []otlpShape{
			{"conv_lisbon_7f3a", "multiturn_chat.json:1", "suaua"}}},
		{"agent_tool_call", []string{"agent_tool_call.json"}, []otlpShape{
			{"sess_91c2", "agent_tool_call.json:1", "suata"}}},
		{"interleaved", []string{"interleaved.json"}, []otlpShape{
			{"conv-A", "interleaved.json:1", "uaua"},
			{"conv-B", "interleaved.json:1", "uaua"}}},
		{"split_payloads", []string{"split_payloads.json"}, []otlpShape{
			{"thread_leap", "split_payloads.json:1", "uaua"}}},
		{"legacy_attributes", []string{"legacy_attributes.json"}, []otlpShape{
			{"6e0c63257de34c926f9efcd03899b8cc", "legacy_attributes.json:1", "suaua"},
			{"7e1d74368ef45da37fa0fde149aac9dd", "legacy_attributes.json:1", "uata"},
			{"8f2e85479f056eb48fb1ef025abbdaee", "legacy_attributes.json:1", "ua"}}},
		{"legacy_events", []string{"legacy_events.json"}, []otlpShape{
			{"calc-42", "legacy_events.json:1", "suata"}}},
		{"trace_grouping", []string{"trace_grouping.json"}, []otlpShape{
			{"000000000000000000000000000000ff", "trace_grouping.json:1", "uaua"},
			{"e4c2f0a8b6d4e2f0a1b3c5d7e9f1a3b5", "trace_grouping.json:1", "ua"}}},
		{"out_of_order", []string{"out_of_order.json"}, []otlpShape{
			{"count", "out_of_order.json:1", "uauaua"}}},
		{"agent_turns", []string{"agent_turns.json"}, []otlpShape{
			{"plan-session-3", "agent_turns.json:1", "uauaua"}}},
		{"no_genai", []string{"no_genai.json"}, nil},
		// Files are independent inputs: a conversation id that occurs in
		// both is one conversation whose source is the first payload.
		{"two_files", []string{"no_genai.json", "split_payloads.json", "multiturn_chat.json"}, []otlpShape{
			{"thread_leap", "split_payloads.json:1", "uaua"},
			{"conv_lisbon_7f3a", "multiturn_chat.json:1", "suaua"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := newOTLPGrouper()
			for _, f := range tc.files {
				otlpAddFile(t, g, f)
			}
			trajs := g.trajectories()
			var shapes []otlpShape
			for i := range trajs {
				shapes = append(shapes, shapeOf(&trajs[i]))
				if trajs[i].Format != FormatOTel {
					t.Errorf("%s: format %q", trajs[i].ID, trajs[i].Format)
				}
			}
			if !slices.Equal(shapes, tc.want) {
				t.Errorf("trajectories:\n got %v\nwant %v", shapes, tc.want)
			}
			if again := g.trajectories(); !reflect.DeepEqual(again, trajs) {
				t.Errorf("a second call to trajectories returned something else")
			}
			if len(tc.files) == 1 {
				got, err := json.MarshalIndent(trajs, "", "  ")
				if err != nil {
					t.Fatal(err)
				}
				golden(t, filepath.Join(otlpFixtureDir, tc.files[0]+".golden.json"), append(got, '\n'))
			}
		})
	}
}

// TestOTLPDetails pins down single decisions that the golden files only show.
func TestOTLPDetails(t *testing.T) {
	get := func(t *testing.T, file string) []trajectory.Trajectory {
		g := newOTLPGrouper()
		otlpAddFile(t, g, file)
		return g.trajectories()
	}
	t.Run("agent", func(t *testing.T) {
		tr := get(t, "agent_tool_call.json")[0]
		if tr.Meta.Model != "gpt-4.1-2025-04-14" {
			t.Errorf("model %q, want the response model", tr.Meta.Model)
		}
		if !slices.Equal(tr.Meta.Tools, []string{"get_order_status"}) {
			t.Errorf("tools %v", tr.Meta.Tools)
		}
		call := tr.Messages[2].ToolCalls
		if len(call) != 1 || call[0].ID != "call_8Hq2" || call[0].Arguments["order_id"] != "A-1042" {
			t.Errorf("tool call %+v", call)
		}
		tool := tr.Messages[3]
		if tool.ToolCallID != "call_8Hq2" || tool.Name != "get_order_status" ||
			tool.Content != `{"status":"shipped","carrier":"UPS","eta":"2026-01-03"}` {
			t.Errorf("tool result %+v", tool)
		}
		final := tr.Messages[4]
		if final.Reasoning == "" || strings.Contains(final.Content, "tool says") {
			t.Errorf("reasoning not kept apart: %+v", final)
		}
	})
	t.Run("usage", func(t *testing.T) {
		tr := get(t, "multiturn_chat.json")[0]
		u := tr.Messages[4].Meta
		if u == nil || u.Usage == nil || u.Usage.InputTokens != 62 || u.Usage.OutputTokens != 19 {
			t.Errorf("usage of the last answer: %+v", u)
		}
		if tr.Messages[2].Meta == nil || tr.Messages[2].Meta.Usage.InputTokens != 31 {
			t.Errorf("the first answer lost its usage when the history was resent")
		}
	})
	t.Run("events", func(t *testing.T) {
		tr := get(t, "legacy_events.json")[0]
		if c := tr.Messages[2].ToolCalls; len(c) != 1 || c[0].Name != "multiply" || c[0].Arguments["a"] != float64(17) {
			t.Errorf("choice tool call %+v", c)
		}
		if m := tr.Messages[3]; m.ToolCallID != "call_mul" || m.Content != "391" {
			t.Errorf("tool message %+v", m)
		}
	})
}

func TestOTLPErrors(t *testing.T) {
	span := func(attrs string) string {
		return `[{"scopeSpans":[{"spans":[{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174",` +
			`"name":"chat","startTimeUnixNano":"1","attributes":[` + attrs + `]}]}]}]`
	}
	str := func(k, v string) string {
		b, _ := json.Marshal(map[string]any{"key": k, "value": map[string]any{"stringValue": v}})
		return string(b)
	}
	for _, tc := range []struct {
		name, payload, want string
	}{
		{"not JSON", `[{"scopeSpans": `, "resourceSpans: invalid JSON at byte"},
		{"object", `{"scopeSpans": []}`, "resourceSpans must be an array, got an object"},
		{"string", `"x"`, "resourceSpans must be an array, got a string"},
		{"not objects", `[1, 2]`, "invalid OTLP JSON"},
		{"bad trace id", `[{"scopeSpans":[{"spans":[{"traceId":"zz"}]}]}]`, "invalid OTLP JSON"},
		{"base64 trace id", `[{"scopeSpans":[{"spans":[{"traceId":"W47/95gDgQPSabYzgT/GDA=="}]}]}]`, "invalid OTLP JSON"},
		{"bad timestamp", `[{"scopeSpans":[{"spans":[{"startTimeUnixNano":"soon"}]}]}]`, "invalid OTLP JSON"},
		{"messages not JSON", span(str("gen_ai.input.messages", "hello")),
			`span "chat" (trace 5b8efff798038103d269b633813fc60c, span eee19b7ec3c1b174): gen_ai.input.messages: not JSON`},
		{"messages truncated", span(str("gen_ai.output.messages", `[{"role":"assistant","parts":[`)),
			"gen_ai.output.messages: invalid JSON at byte"},
		{"messages a number", span(str("gen_ai.input.messages", `42`)),
			"gen_ai.input.messages: expected a JSON array of messages, got a number"},
		{"unknown role", span(str("gen_ai.input.messages", `[{"role":"narrator","parts":[]}]`)),
			`gen_ai.input.messages: message 0: unknown role "narrator"`},
		{"missing role", span(str("gen_ai.output.messages", `[{"parts":[{"type":"text","content":"hi"}]}]`)),
			"gen_ai.output.messages: message 0: missing role"},
		{"event tool_calls", `[{"scopeSpans":[{"spans":[{"traceId":"5b8efff798038103d269b633813fc60c","events":[{"name":"gen_ai.assistant.message","attributes":[` +
			str("tool_calls", "[{") + `]}]}]}]}]`, "event 0 gen_ai.assistant.message: tool_calls: invalid JSON"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := newOTLPGrouper()
			otlpAddFile(t, g, "multiturn_chat.json")
			before := g.trajectories()
			err := g.add([]byte(tc.payload), "bad.json:7")
			if err == nil {
				t.Fatalf("no error")
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q, want it to contain %q", err, tc.want)
			}
			if after := g.trajectories(); !reflect.DeepEqual(after, before) {
				t.Errorf("a rejected payload changed the trajectories")
			}
		})
	}
}

func TestOTLPAccepts(t *testing.T) {
	for _, tc := range []struct {
		name, payload string
		want          int
	}{
		{"null", `null`, 0},
		{"empty", `[]`, 0},
		{"no spans", `[{"resource":{},"scopeSpans":[{"scope":{"name":"x"}}]}]`, 0},
		{"snake case", `[{"scope_spans":[{"spans":[{"trace_id":"5b8efff798038103d269b633813fc60c","attributes":[` +
			`{"key":"gen_ai.prompt","value":{"string_value":"hi"}}]}]}]}]`, 1},
		// A span without trace and span ids is grouped by its payload.
		{"no ids", `[{"scopeSpans":[{"spans":[{"attributes":[{"key":"gen_ai.completion","value":{"stringValue":"ok"}}]}]}]}]`, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := newOTLPGrouper()
			if err := g.add([]byte(tc.payload), "in.json:1"); err != nil {
				t.Fatal(err)
			}
			trajs := g.trajectories()
			if len(trajs) != tc.want {
				t.Fatalf("%d trajectories, want %d", len(trajs), tc.want)
			}
			if tc.want > 0 && trajs[0].ID == "" {
				t.Errorf("empty id")
			}
		})
	}
}

// TestOTLPDecodeRecord checks the single-record path of Registry.Decode.
func TestOTLPDecodeRecord(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(otlpFixtureDir, "interleaved.json"))
	if err != nil {
		t.Fatal(err)
	}
	trajs, err := DefaultRegistry().Decode(data, Source{File: "interleaved.json", Line: 1}, "")
	if err != nil {
		t.Fatal(err)
	}
	g := newOTLPGrouper()
	otlpAddFile(t, g, "interleaved.json")
	if want := g.trajectories(); !reflect.DeepEqual(trajs, want) {
		t.Errorf("Decode and the grouper disagree")
	}
}

func TestOTLPMerge(t *testing.T) {
	msg := func(s string) trajectory.Message {
		role := map[byte]trajectory.Role{'u': trajectory.RoleUser, 'a': trajectory.RoleAssistant, 't': trajectory.RoleTool}[s[0]]
		return trajectory.Message{Role: role, Content: s}
	}
	msgs := func(s string) []trajectory.Message {
		var out []trajectory.Message
		for _, f := range strings.Fields(s) {
			out = append(out, msg(f))
		}
		return out
	}
	for _, tc := range []struct{ body, seq, want string }{
		{"", "u1 a1", "u1 a1"},
		{"u1 a1", "u1 a1 u2 a2", "u1 a1 u2 a2"},            // whole history resent
		{"u1 a1 u2 a2", "u1 a1", "u1 a1 u2 a2"},            // older view: nothing new
		{"u1 a1", "u2 a2", "u1 a1 u2 a2"},                  // only the new turn
		{"u1 a1", "a1 t1 a2", "u1 a1 t1 a2"},               // new turn repeating the tail
		{"u1 a1", "u1 a1 u1 a1", "u1 a1 u1 a1"},            // a repeated exchange is kept
		{"u1 a1 u2 a2", "u1 a1 u2 a2x", "u1 a1 u2 a2 a2x"}, // regenerated answer
	} {
		got := otlpMerge(msgs(tc.body), msgs(tc.seq))
		if !reflect.DeepEqual(got, msgs(tc.want)) {
			t.Errorf("merge(%q, %q) = %v, want %q", tc.body, tc.seq, got, tc.want)
		}
	}
}

func FuzzOTLP(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(otlpFixtureDir, "*.json"))
	for _, file := range files {
		if strings.HasSuffix(file, ".golden.json") {
			continue
		}
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		for _, line := range bytes.Split(data, []byte("\n")) {
			var top struct {
				ResourceSpans json.RawMessage `json:"resourceSpans"`
			}
			if json.Unmarshal(line, &top) == nil && top.ResourceSpans != nil {
				f.Add([]byte(top.ResourceSpans))
			}
		}
	}
	f.Add([]byte(`[{"scopeSpans":[{"spans":[{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","parentSpanId":"eee19b7ec3c1b174",` +
		`"attributes":[{"key":"gen_ai.prompt.0.content","value":{"arrayValue":{"values":[{"doubleValue":1e308}]}}}]}]}]}]`))
	// Two spans that are each other's parent, one with a kvlist tool call.
	f.Add([]byte(`[{"scopeSpans":[{"spans":[` +
		`{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"0000000000000001","parentSpanId":"0000000000000002",` +
		`"attributes":[{"key":"gen_ai.completion.0.tool_calls.0.arguments","value":{"kvlistValue":{"values":[{"key":"x","value":{"intValue":"1"}}]}}}]},` +
		`{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"0000000000000002","parentSpanId":"0000000000000001",` +
		`"events":[{"name":"gen_ai.choice","attributes":[{"key":"message","value":{"stringValue":"{\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]}"}}]}]}]}]}]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		g := newOTLPGrouper()
		if g.add(data, "fuzz:1") == nil {
			_ = g.add(data, "fuzz:2")
		}
		// The same bytes as the value of every GenAI attribute, so that the
		// message readers see arbitrary input too, not only the OTLP decoder.
		_ = g.add([]byte(otlpFuzzSpans(string(data))), "fuzz:3")
		trajs := g.trajectories()
		for i := range trajs {
			tr := &trajs[i]
			if tr.Format != FormatOTel || len(tr.Messages) == 0 {
				t.Fatalf("trajectory %d: format %q, %d messages", i, tr.Format, len(tr.Messages))
			}
			for j := range tr.Messages {
				if !tr.Messages[j].Role.Valid() {
					t.Fatalf("trajectory %d message %d: role %q", i, j, tr.Messages[j].Role)
				}
			}
		}
		if _, err := json.Marshal(trajs); err != nil {
			t.Fatalf("trajectories do not marshal: %v", err)
		}
	})
}

// otlpFuzzSpans returns a payload whose spans carry v as the string value of
// each GenAI attribute and event attribute the reader looks at.
func otlpFuzzSpans(v string) string {
	str := func(k string) map[string]any {
		return map[string]any{"key": k, "value": map[string]any{"stringValue": v}}
	}
	var spans []any
	for i, keys := range [][]string{
		{"gen_ai.input.messages", "gen_ai.system_instructions", "gen_ai.tool.definitions"},
		{"gen_ai.output.messages", "gen_ai.conversation.id"},
		{"gen_ai.prompt", "gen_ai.completion"},
		{"gen_ai.prompt.0.content", "gen_ai.completion.0.tool_calls.0.arguments", "gen_ai.usage.input_tokens"},
	} {
		var attrs []any
		for _, k := range keys {
			attrs = append(attrs, str(k))
		}
		spans = append(spans, map[string]any{
			"traceId": "5b8efff798038103d269b633813fc60c", "spanId": fmt.Sprintf("eee19b7ec3c1b1%02x", i),
			"parentSpanId": "eee19b7ec3c1b100", "startTimeUnixNano": fmt.Sprint(i), "attributes": attrs,
		})
	}
	var events []any
	for _, name := range []string{"gen_ai.user.message", "gen_ai.assistant.message", "gen_ai.tool.message", "gen_ai.choice"} {
		events = append(events, map[string]any{"name": name, "attributes": []any{
			str("content"), str("tool_calls"), str("message"), str("id"), str("gen_ai.event.content")}})
	}
	spans = append(spans, map[string]any{"traceId": "5b8efff798038103d269b633813fc60d", "events": events})
	b, err := json.Marshal([]any{map[string]any{"scopeSpans": []any{map[string]any{"spans": spans}}}})
	if err != nil {
		panic(err)
	}
	return string(b)
}
