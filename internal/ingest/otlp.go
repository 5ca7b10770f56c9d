package ingest

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/faultline-dev/faultline/internal/trajectory"
)

// Span attribute names of the OpenTelemetry GenAI semantic conventions, current
// and legacy, that the OTLP reader understands.
const (
	otelAttrConversationID     = "gen_ai.conversation.id"
	otelAttrRequestModel       = "gen_ai.request.model"
	otelAttrResponseModel      = "gen_ai.response.model"
	otelAttrSystemInstructions = "gen_ai.system_instructions"
	otelAttrInputMessages      = "gen_ai.input.messages"
	otelAttrOutputMessages     = "gen_ai.output.messages"
	otelAttrToolDefinitions    = "gen_ai.tool.definitions"
	otelAttrInputTokens        = "gen_ai.usage.input_tokens"
	otelAttrOutputTokens       = "gen_ai.usage.output_tokens"
	otelAttrPromptTokens       = "gen_ai.usage.prompt_tokens"
	otelAttrCompletionTokens   = "gen_ai.usage.completion_tokens"
	// otelAttrPrompt and otelAttrCompletion are the legacy attributes: a JSON
	// array of {role, content} or plain text, or, as a key prefix, the indexed
	// flat form gen_ai.prompt.0.role, gen_ai.prompt.0.content, ...
	otelAttrPrompt     = "gen_ai.prompt"
	otelAttrCompletion = "gen_ai.completion"
	// otelEventChoice is the legacy span event of one model response.
	otelEventChoice = "gen_ai.choice"
)

// otlpMaxDepth bounds walks up the parent chain: real traces are far
// shallower, and it keeps hostile input (parent cycles) linear.
const otlpMaxDepth = 256

// otlpGrouper collects GenAI spans from OTLP JSON payloads and rebuilds one
// trajectory per conversation.
//
// Spans are only collected by add; the rebuild happens in trajectories, so
// spans of one conversation may arrive in any order and in any number of
// payloads. A span without a gen_ai.conversation.id takes the id of its
// nearest ancestor span that has one, else the only conversation id seen in
// its trace, else it is grouped by its trace id.
type otlpGrouper struct {
	// spans are the GenAI spans (spans carrying messages) in arrival order.
	spans []otlpSpan
	// links holds every span seen, GenAI or not, by otlpSpanKey: the
	// parent/child chain is how conversation ids reach child spans and how
	// agent spans wrapping chat spans are recognised.
	links map[string]otlpLink
}

// otlpLink is what the grouper remembers of every span: its parent and its
// own gen_ai.conversation.id.
type otlpLink struct {
	parent string
	conv   string
}

// otlpSpan is one GenAI span reduced to what the rebuild needs.
type otlpSpan struct {
	// key is the span's otlpSpanKey, "" when it has no trace or span id.
	key     string
	traceID string
	conv    string
	source  string
	start   uint64
	// requestModel and responseModel are gen_ai.request.model and gen_ai.response.model.
	requestModel  string
	responseModel string
	tools         []string
	// system is the text of gen_ai.system_instructions; hasSystem tells an
	// empty instruction from none.
	system    string
	hasSystem bool
	input     []trajectory.Message
	output    []trajectory.Message
}

// newOTLPGrouper returns an empty grouper.
func newOTLPGrouper() *otlpGrouper {
	return &otlpGrouper{links: map[string]otlpLink{}}
}

// add decodes one OTLP JSON payload. resourceSpans is the raw JSON value of the
// top-level "resourceSpans" key (an array); source is "file:line" of the record
// it came from. A payload is taken whole or not at all: on error nothing of it
// is kept. A payload without GenAI spans is no error.
func (g *otlpGrouper) add(resourceSpans []byte, source string) error {
	raw := bytes.TrimSpace(resourceSpans)
	if !json.Valid(raw) {
		var v any
		return fmt.Errorf("resourceSpans: %w", otlpJSONError(json.Unmarshal(raw, &v)))
	}
	if raw[0] != '[' && string(raw) != "null" {
		return fmt.Errorf("resourceSpans must be an array, got %s", otlpKind(raw))
	}
	buf := make([]byte, 0, len(raw)+len(`{"resourceSpans":}`))
	buf = append(buf, `{"resourceSpans":`...)
	buf = append(buf, raw...)
	buf = append(buf, '}')
	td, err := otlpUnmarshal(buf)
	if err != nil {
		if strings.Contains(err.Error(), "ID.UnmarshalJSONIter") {
			return fmt.Errorf("invalid OTLP JSON (trace and span ids must be hex strings of 32 and 16 digits): %w", err)
		}
		return fmt.Errorf("invalid OTLP JSON: %w", err)
	}

	var spans []otlpSpan
	links := map[string]otlpLink{}
	rss := td.ResourceSpans()
	for i := range rss.Len() {
		sss := rss.At(i).ScopeSpans()
		for j := range sss.Len() {
			ss := sss.At(j).Spans()
			for k := range ss.Len() {
				sp := ss.At(k)
				s, ok, err := otlpReadSpan(sp)
				if err != nil {
					return fmt.Errorf("span %q (trace %s, span %s): %w",
						sp.Name(), otlpTraceHex(sp.TraceID()), otlpSpanHex(sp.SpanID()), err)
				}
				if s.key != "" {
					l := otlpLink{conv: s.conv}
					if p := sp.ParentSpanID(); !p.IsEmpty() {
						l.parent = s.traceID + "/" + hex.EncodeToString(p[:])
					}
					links[s.key] = l
				}
				if ok {
					s.source = source
					spans = append(spans, s)
				}
			}
		}
	}
	g.spans = append(g.spans, spans...)
	for k, l := range links {
		if old, ok := g.links[k]; ok && l.conv == "" {
			l.conv = old.conv
		}
		g.links[k] = l
	}
	return nil
}

// otlpUnmarshal decodes an OTLP JSON traces document with pdata, which reads
// trace and span ids as the hex strings OTLP JSON uses. A panic in the decoder
// on hostile input becomes an error.
func otlpUnmarshal(buf []byte) (td ptrace.Traces, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("OTLP decoder failed: %v", r)
		}
	}()
	u := ptrace.JSONUnmarshaler{}
	return u.UnmarshalTraces(buf)
}

// trajectories returns one trajectory per conversation, in order of first
// appearance, and resets nothing: it may be called again after more add
// calls. The trajectories share read-only data (tool-call arguments, turn
// metadata) with the grouper.
func (g *otlpGrouper) trajectories() []trajectory.Trajectory {
	if len(g.spans) == 0 {
		return nil
	}
	traceConv := g.traceConversations()
	keys := make([]string, len(g.spans))
	ids := make([]string, len(g.spans))
	byKey := map[string][]int{}
	for i := range g.spans {
		keys[i], ids[i] = g.conversationOf(&g.spans[i], traceConv)
		if k := g.spans[i].key; k != "" {
			byKey[k] = append(byKey[k], i)
		}
	}
	wrapper := g.wrappers(keys, byKey)

	var order []string
	groups := map[string][]int{}
	for i := range g.spans {
		if _, ok := groups[keys[i]]; !ok {
			order = append(order, keys[i])
		}
		groups[keys[i]] = append(groups[keys[i]], i)
	}

	out := make([]trajectory.Trajectory, 0, len(order))
	for _, key := range order {
		idx := groups[key]
		first := idx[0]
		slices.SortStableFunc(idx, func(a, b int) int {
			sa, sb := g.spans[a].start, g.spans[b].start
			switch {
			case sa < sb:
				return -1
			case sa > sb:
				return 1
			}
			return 0
		})
		t := trajectory.Trajectory{ID: ids[first], Source: g.spans[first].source, Format: FormatOTel}
		var system *trajectory.Message
		var body []trajectory.Message
		for _, i := range idx {
			s := &g.spans[i]
			if system == nil && s.hasSystem && s.system != "" {
				system = &trajectory.Message{Role: trajectory.RoleSystem, Content: s.system}
			}
			for _, tool := range s.tools {
				if !slices.Contains(t.Meta.Tools, tool) {
					t.Meta.Tools = append(t.Meta.Tools, tool)
				}
			}
			if wrapper[i] {
				continue
			}
			seq := make([]trajectory.Message, 0, len(s.input)+len(s.output))
			seq = append(append(seq, s.input...), s.output...)
			body = otlpMerge(body, seq)
		}
		if len(body) == 0 {
			// System instructions alone are no conversation.
			continue
		}
		t.Meta.Model = g.model(idx)
		if system != nil && !(len(body) > 0 && body[0].Role == trajectory.RoleSystem && body[0].Content == system.Content) {
			body = append([]trajectory.Message{*system}, body...)
		}
		t.Messages = body
		if err := finish(&t); err != nil {
			continue
		}
		out = append(out, t)
	}
	return out
}

// traceConversations maps each trace id to its conversation id when exactly
// one conversation id occurs among the spans seen of that trace.
func (g *otlpGrouper) traceConversations() map[string]string {
	seen := map[string]string{}
	multi := map[string]bool{}
	for key, l := range g.links {
		if l.conv == "" {
			continue
		}
		trace, _, _ := strings.Cut(key, "/")
		if c, ok := seen[trace]; ok && c != l.conv {
			multi[trace] = true
		}
		seen[trace] = l.conv
	}
	for trace := range multi {
		delete(seen, trace)
	}
	return seen
}

// conversationOf returns the grouping key and the trajectory id of span s: its
// conversation id, else its nearest ancestor's, else the only one of its
// trace, else its trace id, else (no trace id) the payload it came from.
func (g *otlpGrouper) conversationOf(s *otlpSpan, traceConv map[string]string) (key, id string) {
	if s.conv != "" {
		return "c:" + s.conv, s.conv
	}
	parent := g.links[s.key].parent
	for range otlpMaxDepth {
		if parent == "" {
			break
		}
		l, ok := g.links[parent]
		if !ok {
			break
		}
		if l.conv != "" {
			return "c:" + l.conv, l.conv
		}
		parent = l.parent
	}
	if c, ok := traceConv[s.traceID]; ok && s.traceID != "" {
		return "c:" + c, c
	}
	if s.traceID != "" {
		return "t:" + s.traceID, s.traceID
	}
	return "s:" + s.source, s.source
}

// wrappers marks the GenAI spans that are ancestors of another GenAI span of
// the same conversation, such as an invoke_agent span around its chat spans.
// Their messages summarise what the spans inside already hold (the agent's
// input and final output), and a parent starts before its children, so
// merging them in start order would put the final answer before the steps
// that led to it. Their messages are left out; their system instructions,
// model and tools still count.
func (g *otlpGrouper) wrappers(keys []string, byKey map[string][]int) []bool {
	wrapper := make([]bool, len(g.spans))
	for i := range g.spans {
		if g.spans[i].key == "" {
			continue
		}
		parent := g.links[g.spans[i].key].parent
		for range otlpMaxDepth {
			if parent == "" {
				break
			}
			for _, j := range byKey[parent] {
				if keys[j] == keys[i] {
					wrapper[j] = true
				}
			}
			l, ok := g.links[parent]
			if !ok {
				break
			}
			parent = l.parent
		}
	}
	return wrapper
}

// model returns the model of a conversation: the first gen_ai.response.model
// of its spans in time order, else the first gen_ai.request.model.
func (g *otlpGrouper) model(idx []int) string {
	for _, i := range idx {
		if m := g.spans[i].responseModel; m != "" {
			return m
		}
	}
	for _, i := range idx {
		if m := g.spans[i].requestModel; m != "" {
			return m
		}
	}
	return ""
}

// otlpMerge appends to the collected history body the messages of a span's
// input + output that it does not hold yet. A span normally resends the whole
// history, so the part of seq that matches body from the start is skipped and
// the rest appended. A span whose messages share no prefix with the history
// (an agent span that only sends the new turn) has skipped what repeats the
// tail of the history.
func otlpMerge(body, seq []trajectory.Message) []trajectory.Message {
	if len(seq) == 0 {
		return body
	}
	k := 0
	for k < len(body) && k < len(seq) && otlpSameMessage(&body[k], &seq[k]) {
		k++
	}
	if k > 0 || len(body) == 0 {
		return append(body, seq[k:]...)
	}
	for j := min(len(body), len(seq)); j > 0; j-- {
		tail := body[len(body)-j:]
		same := true
		for i := range j {
			if !otlpSameMessage(&tail[i], &seq[i]) {
				same = false
				break
			}
		}
		if same {
			return append(body, seq[j:]...)
		}
	}
	return append(body, seq...)
}

// otlpSameMessage reports whether two messages are the same turn: same role,
// content and tool calls. Ids are compared only when both sides have one, and
// reasoning not at all, since clients often drop both when they resend history.
func otlpSameMessage(a, b *trajectory.Message) bool {
	if a.Role != b.Role || a.Content != b.Content || len(a.ToolCalls) != len(b.ToolCalls) {
		return false
	}
	if a.ToolCallID != "" && b.ToolCallID != "" && a.ToolCallID != b.ToolCallID {
		return false
	}
	for i := range a.ToolCalls {
		ca, cb := &a.ToolCalls[i], &b.ToolCalls[i]
		if ca.Name != cb.Name || (ca.ID != "" && cb.ID != "" && ca.ID != cb.ID) {
			return false
		}
		if !(len(ca.Arguments) == 0 && len(cb.Arguments) == 0) && !reflect.DeepEqual(ca.Arguments, cb.Arguments) {
			return false
		}
	}
	return true
}

// otlpReadSpan extracts what the rebuild needs from a span. ok is false for
// spans that carry no GenAI messages in any convention.
func otlpReadSpan(sp ptrace.Span) (s otlpSpan, ok bool, err error) {
	attrs := sp.Attributes()
	s.traceID = otlpTraceHex(sp.TraceID())
	if id := sp.SpanID(); s.traceID != "" && !id.IsEmpty() {
		s.key = s.traceID + "/" + hex.EncodeToString(id[:])
	}
	s.start = uint64(sp.StartTimestamp())
	s.conv = otlpAttrString(attrs, otelAttrConversationID)
	s.requestModel = otlpAttrString(attrs, otelAttrRequestModel)
	s.responseModel = otlpAttrString(attrs, otelAttrResponseModel)

	events := sp.Events()
	// get finds an attribute on the span, else on its events: newer
	// instrumentations may put the message attributes on an event such as
	// gen_ai.client.inference.operation.details, older ones put gen_ai.prompt
	// on a gen_ai.content.prompt event.
	get := func(key string) (pcommon.Value, bool) {
		if v, ok := attrs.Get(key); ok {
			return v, true
		}
		for i := range events.Len() {
			if v, ok := events.At(i).Attributes().Get(key); ok {
				return v, true
			}
		}
		return pcommon.Value{}, false
	}

	if v, found := get(otelAttrToolDefinitions); found {
		s.tools = otlpToolNames(v)
	}
	if v, found := get(otelAttrSystemInstructions); found {
		s.system, s.hasSystem = otlpSystemText(v), true
	}

	hasIn, hasOut := false, false
	if v, found := get(otelAttrInputMessages); found {
		if s.input, err = otlpMessages(v); err != nil {
			return s, false, fmt.Errorf("%s: %w", otelAttrInputMessages, err)
		}
		hasIn = true
	} else if v, found := get(otelAttrPrompt); found {
		if s.input, err = otlpLegacyMessages(v, "user"); err != nil {
			return s, false, fmt.Errorf("%s: %w", otelAttrPrompt, err)
		}
		hasIn = true
	} else if s.input, hasIn, err = otlpFlatMessages(attrs, otelAttrPrompt+".", "user"); err != nil {
		return s, false, err
	}
	if v, found := get(otelAttrOutputMessages); found {
		if s.output, err = otlpMessages(v); err != nil {
			return s, false, fmt.Errorf("%s: %w", otelAttrOutputMessages, err)
		}
		hasOut = true
	} else if v, found := get(otelAttrCompletion); found {
		if s.output, err = otlpLegacyMessages(v, "assistant"); err != nil {
			return s, false, fmt.Errorf("%s: %w", otelAttrCompletion, err)
		}
		hasOut = true
	} else if s.output, hasOut, err = otlpFlatMessages(attrs, otelAttrCompletion+".", "assistant"); err != nil {
		return s, false, err
	}
	if !hasIn || !hasOut {
		in, out, evIn, evOut, err := otlpEventMessages(events)
		if err != nil {
			return s, false, err
		}
		if !hasIn && evIn {
			s.input, hasIn = in, true
		}
		if !hasOut && evOut {
			s.output, hasOut = out, true
		}
	}
	if meta := otlpUsage(attrs); meta != nil && len(s.output) > 0 {
		s.output[len(s.output)-1].Meta = meta
	}
	return s, hasIn || hasOut || s.hasSystem, nil
}

// otlpTraceHex returns a trace id as lowercase hex, "" when it is empty.
func otlpTraceHex(id pcommon.TraceID) string {
	if id.IsEmpty() {
		return ""
	}
	return hex.EncodeToString(id[:])
}

// otlpSpanHex returns a span id as lowercase hex, "" when it is empty.
func otlpSpanHex(id pcommon.SpanID) string {
	if id.IsEmpty() {
		return ""
	}
	return hex.EncodeToString(id[:])
}

// otlpAttrString returns an attribute as text, "" when it is absent.
func otlpAttrString(attrs pcommon.Map, key string) string {
	if v, ok := attrs.Get(key); ok {
		return v.AsString()
	}
	return ""
}

// otlpValueJSON returns an attribute value as JSON text: a string value is
// taken to hold JSON already (the GenAI conventions encode structured
// attributes as JSON strings); array and kvlist values are rendered.
func otlpValueJSON(v pcommon.Value) []byte {
	if v.Type() == pcommon.ValueTypeStr {
		return []byte(v.Str())
	}
	return []byte(v.AsString())
}

// otlpKind describes the kind of a JSON value for error messages.
func otlpKind(b []byte) string {
	switch b[0] {
	case '"':
		return "a string"
	case 'n':
		return "null"
	case '[':
		return "an array"
	}
	return kindOf(b)
}

// otelMessage is one message of gen_ai.input.messages or gen_ai.output.messages.
type otelMessage struct {
	Role  otlpText   `json:"role"`
	Name  otlpText   `json:"name"`
	Parts []otelPart `json:"parts"`
}

// otelPart is one message part. Fields of every known part type are here; Type
// says which apply.
type otelPart struct {
	Type otlpText `json:"type"`
	// Content is the text of text and reasoning parts.
	Content json.RawMessage `json:"content"`
	// ID, Name and Arguments are those of a tool_call part; ID also links a
	// tool_call_response part to its call.
	ID        otlpText        `json:"id"`
	Name      otlpText        `json:"name"`
	Arguments json.RawMessage `json:"arguments"`
	// Response is the result of a tool_call_response part; Result is its name
	// in early drafts of the conventions.
	Response json.RawMessage `json:"response"`
	Result   json.RawMessage `json:"result"`
}

// otlpText is a JSON scalar read as text: a string as is, null as "", any
// other value as its compact JSON.
type otlpText string

// UnmarshalJSON accepts any JSON value.
func (t *otlpText) UnmarshalJSON(b []byte) error {
	*t = otlpText(otlpRawText(b))
	return nil
}

// otlpRawText returns a raw JSON value as text: a string unquoted, null or
// nothing as "", anything else as compact JSON.
func otlpRawText(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	if raw[0] == '"' {
		if s, err := unquote(raw); err == nil {
			return s
		}
	}
	var buf bytes.Buffer
	if json.Compact(&buf, raw) == nil {
		return buf.String()
	}
	return string(raw)
}

// otlpMessages decodes gen_ai.input.messages or gen_ai.output.messages: a JSON
// array of messages (a single message object is accepted too).
func otlpMessages(v pcommon.Value) ([]trajectory.Message, error) {
	raw := bytes.TrimSpace(otlpValueJSON(v))
	if len(raw) == 0 {
		return nil, fmt.Errorf("empty value, expected a JSON array of messages")
	}
	var msgs []otelMessage
	switch raw[0] {
	case '[':
		if err := json.Unmarshal(raw, &msgs); err != nil {
			return nil, otlpJSONError(err)
		}
	case '{':
		var m otelMessage
		if err := json.Unmarshal(raw, &m); err != nil {
			return nil, otlpJSONError(err)
		}
		msgs = []otelMessage{m}
	case 'n':
		if string(raw) == "null" {
			return nil, nil
		}
		fallthrough
	default:
		var x any
		if err := json.Unmarshal(raw, &x); err != nil {
			return nil, fmt.Errorf("not JSON, expected a JSON array of messages: %w", err)
		}
		return nil, fmt.Errorf("expected a JSON array of messages, got %s", otlpKind(raw))
	}
	out := make([]trajectory.Message, 0, len(msgs))
	for i := range msgs {
		var err error
		if out, err = appendOTelMessage(out, &msgs[i]); err != nil {
			return nil, fmt.Errorf("message %d: %w", i, err)
		}
	}
	return out, nil
}

// otlpJSONError says where in an attribute's JSON a decoding error happened.
func otlpJSONError(err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("invalid JSON at byte %d: %w", se.Offset, err)
	}
	return fmt.Errorf("invalid messages: %w", err)
}

// appendOTelMessage converts one GenAI message. Runs of text, reasoning and
// tool_call parts form one message of the sender's role; each
// tool_call_response part becomes a tool message of its own, in part order.
func appendOTelMessage(out []trajectory.Message, m *otelMessage) ([]trajectory.Message, error) {
	role, ok := mapRole(string(m.Role))
	if !ok {
		if m.Role == "" {
			return nil, fmt.Errorf("missing role")
		}
		return nil, fmt.Errorf("unknown role %q", m.Role)
	}
	name := string(m.Name)
	cur := trajectory.Message{Role: role, Name: name}
	var text, reasoning []string
	started := len(m.Parts) == 0 // a message without parts is still a turn
	flush := func() {
		if !started {
			return
		}
		cur.Content = strings.Join(text, "\n")
		cur.Reasoning = strings.Join(reasoning, "\n")
		out = append(out, cur)
		cur = trajectory.Message{Role: role, Name: name}
		text, reasoning, started = text[:0], reasoning[:0], false
	}
	for i := range m.Parts {
		p := &m.Parts[i]
		switch p.Type {
		case "text", "":
			text = append(text, otlpRawText(p.Content))
			started = true
		case "reasoning":
			reasoning = append(reasoning, otlpRawText(p.Content))
			started = true
		case "tool_call":
			cur.ToolCalls = append(cur.ToolCalls, trajectory.ToolCall{
				ID: string(p.ID), Name: string(p.Name), Arguments: otlpArguments(p.Arguments)})
			started = true
		case "tool_call_response":
			flush()
			resp := p.Response
			if len(resp) == 0 {
				resp = p.Result
			}
			out = append(out, trajectory.Message{
				Role:       trajectory.RoleTool,
				Content:    otlpRawText(resp),
				ToolCallID: string(p.ID),
			})
		default:
			// blob, file, uri and other media: no text, but the turn exists.
			started = true
		}
	}
	flush()
	return out, nil
}

// otlpArguments returns tool-call arguments given as a JSON object or as a
// JSON string holding one. Anything else (malformed arguments are evidence)
// is kept whole under "_raw".
func otlpArguments(raw json.RawMessage) map[string]any {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return map[string]any{}
	}
	switch raw[0] {
	case '{':
		var m map[string]any
		if json.Unmarshal(raw, &m) == nil {
			return m
		}
	case '"':
		if s, err := unquote(raw); err == nil {
			return parseArgumentString(s)
		}
	}
	return map[string]any{"_raw": otlpRawText(raw)}
}

// otlpSystemText returns the text of gen_ai.system_instructions: a JSON array
// of parts whose text parts are joined with "\n". A single part, a JSON string
// and plain text are accepted too.
func otlpSystemText(v pcommon.Value) string {
	raw := bytes.TrimSpace(otlpValueJSON(v))
	if len(raw) == 0 {
		return ""
	}
	var parts []otelPart
	switch {
	case raw[0] == '[' && json.Unmarshal(raw, &parts) == nil:
	case raw[0] == '{':
		var p otelPart
		if json.Unmarshal(raw, &p) != nil {
			return v.AsString()
		}
		parts = []otelPart{p}
	case raw[0] == '"':
		if s, err := unquote(raw); err == nil {
			return s
		}
		return v.AsString()
	default:
		return v.AsString()
	}
	text := make([]string, 0, len(parts))
	for i := range parts {
		if parts[i].Type == "text" || parts[i].Type == "" {
			text = append(text, otlpRawText(parts[i].Content))
		}
	}
	return strings.Join(text, "\n")
}

// otlpToolNames returns the tool names of gen_ai.tool.definitions, a JSON
// array of {name} or {type: function, function: {name}}. It is metadata: a
// value it cannot read yields no names.
func otlpToolNames(v pcommon.Value) []string {
	var defs []struct {
		Name     otlpText `json:"name"`
		Function struct {
			Name otlpText `json:"name"`
		} `json:"function"`
	}
	if json.Unmarshal(otlpValueJSON(v), &defs) != nil {
		return nil
	}
	var names []string
	for _, d := range defs {
		name := d.Name
		if name == "" {
			name = d.Function.Name
		}
		if name != "" && !slices.Contains(names, string(name)) {
			names = append(names, string(name))
		}
	}
	return names
}

// otlpUsage returns the token counts of a span as turn metadata for its
// response, nil when it reports none.
func otlpUsage(attrs pcommon.Map) *trajectory.TurnMeta {
	var u trajectory.Usage
	set := false
	for _, f := range []struct {
		key string
		dst *int
	}{
		{otelAttrInputTokens, &u.InputTokens},
		{otelAttrOutputTokens, &u.OutputTokens},
		{otelAttrPromptTokens, &u.PromptTokens},
		{otelAttrCompletionTokens, &u.CompletionTokens},
	} {
		if v, ok := attrs.Get(f.key); ok {
			if n, ok := otlpInt(v); ok {
				*f.dst = n
				set = true
			}
		}
	}
	if !set {
		return nil
	}
	return &trajectory.TurnMeta{Usage: &u}
}

// otlpInt reads a non-negative integer attribute given as an int, a whole
// double or a decimal string.
func otlpInt(v pcommon.Value) (int, bool) {
	switch v.Type() {
	case pcommon.ValueTypeInt:
		if n := v.Int(); n >= 0 && n <= math.MaxInt32 {
			return int(n), true
		}
	case pcommon.ValueTypeDouble:
		if d := v.Double(); d >= 0 && d <= math.MaxInt32 && d == math.Trunc(d) {
			return int(d), true
		}
	case pcommon.ValueTypeStr:
		if n, err := strconv.Atoi(strings.TrimSpace(v.Str())); err == nil && n >= 0 && n <= math.MaxInt32 {
			return n, true
		}
	}
	return 0, false
}

// otlpLegacyMessages reads the legacy gen_ai.prompt or gen_ai.completion
// attribute: a JSON array of {role, content, tool_calls} messages (or one such
// object), else plain text, which becomes one message of defaultRole.
func otlpLegacyMessages(v pcommon.Value, defaultRole string) ([]trajectory.Message, error) {
	raw := bytes.TrimSpace(otlpValueJSON(v))
	if wms, ok := otlpWireMessages(raw); ok {
		var out []trajectory.Message
		for i := range wms {
			var err error
			if out, err = appendWireMessage(out, &wms[i]); err != nil {
				return nil, fmt.Errorf("message %d: %w", i, err)
			}
		}
		return out, nil
	}
	text := v.AsString()
	if v.Type() == pcommon.ValueTypeStr && len(raw) > 0 && raw[0] == '"' {
		if s, err := unquote(raw); err == nil {
			text = s
		}
	}
	if text == "" {
		return nil, nil
	}
	role, _ := mapRole(defaultRole)
	return []trajectory.Message{{Role: role, Content: text}}, nil
}

// otlpWireMessages decodes raw as OpenAI-style messages when it is a JSON
// array of objects (or one object) that all have a role; ok is false for any
// other value, which is then read as text.
func otlpWireMessages(raw []byte) (wms []wireMessage, ok bool) {
	if len(raw) == 0 {
		return nil, false
	}
	switch raw[0] {
	case '[':
		if json.Unmarshal(raw, &wms) != nil {
			return nil, false
		}
	case '{':
		var m wireMessage
		if json.Unmarshal(raw, &m) != nil {
			return nil, false
		}
		wms = []wireMessage{m}
	default:
		return nil, false
	}
	for i := range wms {
		if wms[i].Role == "" {
			return nil, false
		}
	}
	return wms, true
}

// otlpFlat is one message of the indexed flat form, gathered from the
// attributes <prefix>N.role, <prefix>N.content, <prefix>N.tool_calls.K.name, ...
type otlpFlat struct {
	role, name, toolCallID string
	content                pcommon.Value
	hasContent             bool
	calls                  map[int]*otlpFlatCall
}

// otlpFlatCall is one tool call of a flat-form message.
type otlpFlatCall struct {
	id, name  string
	arguments pcommon.Value
	hasArgs   bool
}

// otlpFlatMessages reads the indexed flat form of the legacy attributes
// (prefix is "gen_ai.prompt." or "gen_ai.completion."). found is false when no
// attribute has the prefix.
func otlpFlatMessages(attrs pcommon.Map, prefix, defaultRole string) (out []trajectory.Message, found bool, err error) {
	msgs := map[int]*otlpFlat{}
	for key, v := range attrs.All() {
		rest, ok := strings.CutPrefix(key, prefix)
		if !ok {
			continue
		}
		idx, field, _ := strings.Cut(rest, ".")
		n, err := strconv.Atoi(idx)
		if err != nil || n < 0 {
			continue
		}
		m := msgs[n]
		if m == nil {
			m = &otlpFlat{calls: map[int]*otlpFlatCall{}}
			msgs[n] = m
		}
		switch field {
		case "role":
			m.role = v.AsString()
		case "content":
			m.content, m.hasContent = v, true
		case "name":
			m.name = v.AsString()
		case "tool_call_id":
			m.toolCallID = v.AsString()
		default:
			sub, ok := strings.CutPrefix(field, "tool_calls.")
			if !ok {
				continue
			}
			cidx, cfield, _ := strings.Cut(sub, ".")
			cn, err := strconv.Atoi(cidx)
			if err != nil || cn < 0 {
				continue
			}
			c := m.calls[cn]
			if c == nil {
				c = &otlpFlatCall{}
				m.calls[cn] = c
			}
			switch cfield {
			case "id":
				c.id = v.AsString()
			case "name":
				c.name = v.AsString()
			case "arguments":
				c.arguments, c.hasArgs = v, true
			}
		}
	}
	if len(msgs) == 0 {
		return nil, false, nil
	}
	for _, n := range slices.Sorted(maps.Keys(msgs)) {
		m := msgs[n]
		w := wireMessage{Role: m.role, Name: m.name, ToolCallID: m.toolCallID}
		if w.Role == "" {
			w.Role = defaultRole
		}
		if m.hasContent {
			w.Content = otlpFlatContent(m.content)
		}
		for _, cn := range slices.Sorted(maps.Keys(m.calls)) {
			c := m.calls[cn]
			tc := wireToolCall{ID: c.id, Type: "function", Function: wireFunction{Name: c.name}}
			if c.hasArgs {
				tc.Function.Arguments = otlpArgumentsJSON(c.arguments)
			}
			w.ToolCalls = append(w.ToolCalls, tc)
		}
		if out, err = appendWireMessage(out, &w); err != nil {
			return nil, true, fmt.Errorf("%s%d: %w", prefix, n, err)
		}
	}
	return out, true, nil
}

// otlpFlatContent reads the content of a flat-form or event message: text, or
// content parts ([{type: text, text}] and the like) given as an array value or
// as a JSON string holding one.
func otlpFlatContent(v pcommon.Value) wireContent {
	raw := bytes.TrimSpace(otlpValueJSON(v))
	if len(raw) > 0 && raw[0] == '[' {
		var blocks []wireBlock
		if json.Unmarshal(raw, &blocks) == nil && len(blocks) > 0 {
			typed := true
			for i := range blocks {
				if blocks[i].Type == "" {
					typed = false
					break
				}
			}
			if typed {
				return wireContent{Blocks: blocks, IsBlocks: true}
			}
		}
	}
	return wireContent{Text: v.AsString()}
}

// otlpArgumentsJSON returns tool-call arguments as raw JSON for
// parseArguments: a string value becomes a JSON string (parsed there), a
// kvlist value its JSON object.
func otlpArgumentsJSON(v pcommon.Value) json.RawMessage {
	if v.Type() == pcommon.ValueTypeMap {
		return json.RawMessage(v.AsString())
	}
	b, err := json.Marshal(v.AsString())
	if err != nil {
		return nil
	}
	return b
}

// otlpEventRole returns the role of a legacy GenAI message event, "" for
// other events.
func otlpEventRole(name string) string {
	switch name {
	case "gen_ai.system.message":
		return "system"
	case "gen_ai.user.message":
		return "user"
	case "gen_ai.assistant.message":
		return "assistant"
	case "gen_ai.tool.message":
		return "tool"
	}
	return ""
}

// otlpEventBody is the body of a legacy GenAI event, gathered from its
// attributes.
type otlpEventBody struct {
	Role      otlpText       `json:"role"`
	Content   wireContent    `json:"content"`
	ToolCalls []wireToolCall `json:"tool_calls"`
	ID        otlpText       `json:"id"`
	Message   *wireMessage   `json:"message"`
}

// otlpEventMessages reads the legacy message events of a span: the
// gen_ai.{system,user,assistant,tool}.message events are its input, the
// gen_ai.choice events its output. foundIn and foundOut say whether any such
// event occurred.
func otlpEventMessages(events ptrace.SpanEventSlice) (in, out []trajectory.Message, foundIn, foundOut bool, err error) {
	for i := range events.Len() {
		ev := events.At(i)
		name := ev.Name()
		role := otlpEventRole(name)
		if role == "" && name != otelEventChoice {
			continue
		}
		body, err := otlpReadEventBody(ev.Attributes())
		if err != nil {
			return nil, nil, false, false, fmt.Errorf("event %d %s: %w", i, name, err)
		}
		var w wireMessage
		if name == otelEventChoice {
			if body.Message != nil {
				w = *body.Message
			} else {
				w = wireMessage{Content: body.Content, ToolCalls: body.ToolCalls}
			}
			if w.Role == "" {
				w.Role = string(body.Role)
			}
			if w.Role == "" {
				w.Role = "assistant"
			}
			if out, err = appendWireMessage(out, &w); err != nil {
				return nil, nil, false, false, fmt.Errorf("event %d %s: %w", i, name, err)
			}
			foundOut = true
			continue
		}
		w = wireMessage{Role: role, Content: body.Content, ToolCalls: body.ToolCalls, ToolCallID: string(body.ID)}
		if r := string(body.Role); r != "" {
			if _, ok := mapRole(r); ok {
				w.Role = r
			}
		}
		if in, err = appendWireMessage(in, &w); err != nil {
			return nil, nil, false, false, fmt.Errorf("event %d %s: %w", i, name, err)
		}
		foundIn = true
	}
	return in, out, foundIn, foundOut, nil
}

// otlpReadEventBody gathers an event body from the event's attributes: a
// whole body given as JSON in gen_ai.event.content or body, overlaid with the
// attributes content, role, tool_calls, id and message.
func otlpReadEventBody(attrs pcommon.Map) (*otlpEventBody, error) {
	body := map[string]any{}
	for _, key := range []string{"gen_ai.event.content", "body"} {
		v, ok := attrs.Get(key)
		if !ok {
			continue
		}
		if v.Type() == pcommon.ValueTypeMap {
			maps.Copy(body, v.Map().AsRaw())
			continue
		}
		var obj map[string]any
		if otlpDecodeJSON(otlpValueJSON(v), &obj) == nil {
			maps.Copy(body, obj)
		}
	}
	for _, key := range []string{"content", "role", "tool_calls", "id", "message"} {
		v, ok := attrs.Get(key)
		if !ok {
			continue
		}
		switch {
		case v.Type() != pcommon.ValueTypeStr:
			body[key] = v.AsRaw()
		case key == "tool_calls" || key == "message":
			var x any
			if err := otlpDecodeJSON([]byte(v.Str()), &x); err != nil {
				return nil, fmt.Errorf("%s: %w", key, err)
			}
			body[key] = x
		default:
			body[key] = v.Str()
		}
	}
	b, err := json.Marshal(body)
	if err != nil {
		return nil, fmt.Errorf("event attributes: %w", err)
	}
	var eb otlpEventBody
	if err := json.Unmarshal(b, &eb); err != nil {
		return nil, fmt.Errorf("event body: %w", err)
	}
	return &eb, nil
}

// otlpDecodeJSON decodes one JSON value keeping numbers exact.
func otlpDecodeJSON(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("invalid JSON: %w", err)
	}
	if dec.More() {
		return fmt.Errorf("invalid JSON: data after the value")
	}
	return nil
}
