package ingest

// The common shape of a chat or agent log record (OpenAI chat: id, model and
// messages of role, content string, tool_calls, tool_call_id) is decoded here
// by hand: the general decoder goes through reflection, a method call per
// content and a copy of every string it unescapes, which made decoding a tenth
// of a scan. Anything else, including any key of a field this decoder does not
// fill (pipeline metadata, tools, content blocks, the other formats), sends the record
// to the general decoder, so this one only has to be right for what it
// accepts; FuzzFastRecord checks that it gives the same trajectories.

// decodeFastRecord decodes data, a JSON object with no surrounding
// whitespace, when it has the common shape, and reports whether it did. The
// messages are appended to msgs[:0], whose elements need not be zero.
func decodeFastRecord(data []byte, msgs []wireMessage) (*wireRecord, bool) {
	s := &jsonScanner{b: data, arena: make([]byte, 0, len(data))}
	rec := new(wireRecord)
	if !s.record(rec, msgs) || s.i != len(data) {
		return nil, false
	}
	return rec, true
}

// record decodes the top level of a record.
func (s *jsonScanner) record(rec *wireRecord, msgs []wireMessage) bool {
	var seen fieldSet
	return s.fields(func(key []byte) bool {
		switch string(key) {
		case "id":
			return seen.first(0) && s.raw(&rec.ID)
		case "model":
			return seen.first(1) && s.optString(&rec.Model)
		case "messages":
			return seen.first(2) && s.messages(rec, msgs)
		case "metadata":
			return seen.first(3) && s.recordMeta(rec)
		}
		return !isRecordKey(key) && s.skip(0)
	})
}

// recordMeta reads the record's metadata: its id, model and objective;
// pipeline metadata is left to the general decoder.
func (s *jsonScanner) recordMeta(rec *wireRecord) bool {
	if s.peek() == 'n' {
		return s.literal("null")
	}
	m := new(wireRecordMeta)
	rec.Metadata = m
	var seen fieldSet
	return s.fields(func(key []byte) bool {
		switch string(key) {
		case "id":
			return seen.first(0) && s.raw(&m.ID)
		case "model":
			return seen.first(1) && s.optString(&m.Model)
		case "objective":
			return seen.first(2) && s.optString(&m.Objective)
		}
		return !isRecordMetaKey(key) && s.skip(0)
	})
}

func (s *jsonScanner) messages(rec *wireRecord, msgs []wireMessage) bool {
	// An empty array still makes the record one of messages.
	if msgs == nil {
		msgs = make([]wireMessage, 0, 16)
	}
	rec.Messages = msgs[:0]
	return s.elements(func() bool {
		rec.Messages = append(rec.Messages, wireMessage{})
		return s.message(&rec.Messages[len(rec.Messages)-1])
	})
}

func (s *jsonScanner) message(m *wireMessage) bool {
	var seen fieldSet
	return s.fields(func(key []byte) bool {
		switch string(key) {
		case "role":
			return seen.first(0) && s.optString(&m.Role)
		case "name":
			return seen.first(1) && s.optString(&m.Name)
		case "content":
			// Content parts are left to the general decoder.
			return seen.first(2) && s.optString(&m.Content.Text)
		case "tool_calls":
			return seen.first(3) && s.toolCalls(m)
		case "function_call":
			return seen.first(4) && s.functionCall(m)
		case "tool_call_id":
			return seen.first(5) && s.optString(&m.ToolCallID)
		case "is_error":
			return seen.first(6) && s.optBool(&m.IsError)
		case "error":
			return seen.first(7) && s.raw(&m.Error)
		case "reasoning_content":
			return seen.first(8) && s.optString(&m.ReasoningContent)
		}
		return !isMessageKey(key) && s.skip(0)
	})
}

func (s *jsonScanner) toolCalls(m *wireMessage) bool {
	if s.peek() == 'n' {
		return s.literal("null")
	}
	m.ToolCalls = []wireToolCall{}
	return s.elements(func() bool {
		m.ToolCalls = append(m.ToolCalls, wireToolCall{})
		return s.toolCall(&m.ToolCalls[len(m.ToolCalls)-1])
	})
}

func (s *jsonScanner) toolCall(tc *wireToolCall) bool {
	var seen fieldSet
	return s.fields(func(key []byte) bool {
		switch string(key) {
		case "id":
			return seen.first(0) && s.optString(&tc.ID)
		case "type":
			return seen.first(1) && s.optString(&tc.Type)
		case "function":
			if !seen.first(2) {
				return false
			}
			if s.peek() == 'n' {
				return s.literal("null")
			}
			return s.function(&tc.Function)
		}
		return !isToolCallKey(key) && s.skip(0)
	})
}

func (s *jsonScanner) functionCall(m *wireMessage) bool {
	if s.peek() == 'n' {
		return s.literal("null")
	}
	m.FunctionCall = new(wireFunction)
	return s.function(m.FunctionCall)
}

func (s *jsonScanner) function(f *wireFunction) bool {
	var seen fieldSet
	return s.fields(func(key []byte) bool {
		switch string(key) {
		case "name":
			return seen.first(0) && s.optString(&f.Name)
		case "arguments":
			return seen.first(1) && s.raw(&f.Arguments)
		}
		return !isFunctionKey(key) && s.skip(0)
	})
}

// fieldSet is the fields of an object read so far: a key given twice is left
// to the general decoder.
type fieldSet uint16

// first marks field i read and reports whether it was not before.
func (f *fieldSet) first(i int) bool {
	bit := fieldSet(1) << i
	if *f&bit != 0 {
		return false
	}
	*f |= bit
	return true
}

// The is*Key functions report whether a key names a field of the wire type
// whatever its case, as the general decoder matches keys: such a key the fast
// decoder does not read itself must not be skipped. TestFastKeys checks the
// lists against the struct tags.

func isRecordKey(key []byte) bool {
	var buf [24]byte
	switch string(lowerKey(&buf, key)) {
	case "id", "model", "metadata", "tools", "messages", "system", "conversations",
		"transcript", "chosen", "rejected", "resourcespans":
		return true
	}
	return isTurnMetaKey(key)
}

func isRecordMetaKey(key []byte) bool {
	var buf [24]byte
	switch string(lowerKey(&buf, key)) {
	case "id", "model", "objective":
		return true
	}
	return isTurnMetaKey(key)
}

func isMessageKey(key []byte) bool {
	var buf [24]byte
	switch string(lowerKey(&buf, key)) {
	case "role", "name", "content", "tool_calls", "function_call", "tool_call_id",
		"is_error", "error", "reasoning_content", "metadata":
		return true
	}
	return isTurnMetaKey(key)
}

func isTurnMetaKey(key []byte) bool {
	var buf [24]byte
	switch string(lowerKey(&buf, key)) {
	case "reward_model_score", "reward", "safety_classifier", "context_window", "usage", "truncated":
		return true
	}
	return false
}

func isToolCallKey(key []byte) bool {
	var buf [24]byte
	switch string(lowerKey(&buf, key)) {
	case "id", "type", "function":
		return true
	}
	return false
}

func isFunctionKey(key []byte) bool {
	var buf [24]byte
	switch string(lowerKey(&buf, key)) {
	case "name", "arguments":
		return true
	}
	return false
}

// lowerKey returns an ASCII key in lower case, in buf; a key longer than any
// field name comes back empty (no field).
func lowerKey(buf *[24]byte, key []byte) []byte {
	if len(key) > len(buf) {
		return nil
	}
	for i, c := range key {
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return buf[:len(key)]
}
