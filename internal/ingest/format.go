package ingest

import (
	"bytes"
	"fmt"
	json "github.com/goccy/go-json"
	"sync"

	"github.com/faultline-dev/faultline/internal/trajectory"
)

// Format is one input format: how to recognise a decoded record as this format
// and how to turn it into trajectories.
type Format struct {
	// Name is the stable format name used by --format and in output.
	Name string
	// Doc is a one-line description for --help.
	Doc string
	// Detect reports whether a record is of this format.
	Detect func(*wireRecord) bool
	// Convert turns the record into one or more trajectories. ids has the
	// record's id (or its source) already resolved.
	Convert func(rec *wireRecord, id string) ([]trajectory.Trajectory, error)
}

// Registry holds the known formats in detection order.
type Registry struct {
	formats []Format
	byName  map[string]*Format
	// generalOnly turns the hand decoder of the common record shape off, for
	// the tests that compare it with the general decoder.
	generalOnly bool
	// wireMessages holds message slices (*[]wireMessage) of records done
	// with, for the hand decoder to reuse.
	wireMessages sync.Pool
}

// NewRegistry returns a registry of the given formats; earlier formats win
// detection ties.
func NewRegistry(formats ...Format) *Registry {
	r := &Registry{formats: formats, byName: make(map[string]*Format, len(formats))}
	for i := range r.formats {
		r.byName[r.formats[i].Name] = &r.formats[i]
	}
	return r
}

// DefaultRegistry returns the registry of every built-in format.
func DefaultRegistry() *Registry {
	return NewRegistry(
		Format{Name: FormatOTel, Doc: "OpenTelemetry GenAI spans as OTLP JSON (top-level resourceSpans)",
			Detect: func(r *wireRecord) bool { return r.ResourceSpans != nil },
			Convert: func(r *wireRecord, id string) ([]trajectory.Trajectory, error) {
				return nil, fmt.Errorf("OTLP records are grouped across the file by the reader")
			}},
		Format{Name: FormatAnthropic, Doc: "Anthropic Messages: system + messages with content blocks",
			Detect:  func(r *wireRecord) bool { return r.Messages != nil && looksAnthropic(r) },
			Convert: messagesConverter(FormatAnthropic)},
		Format{Name: FormatOpenAI, Doc: "OpenAI chat: messages with tool_calls / function_call",
			Detect:  func(r *wireRecord) bool { return r.Messages != nil },
			Convert: messagesConverter(FormatOpenAI)},
		Format{Name: FormatShareGPT, Doc: "ShareGPT: conversations of {from, value}",
			Detect:  func(r *wireRecord) bool { return r.Conversations != nil },
			Convert: convertShareGPTRecord},
		Format{Name: FormatHH, Doc: "HH-RLHF: transcript, or chosen/rejected Human:/Assistant: transcripts",
			Detect:  func(r *wireRecord) bool { return r.Transcript != nil || r.Chosen != nil || r.Rejected != nil },
			Convert: convertHHRecord},
	)
}

// Format names.
const (
	FormatOpenAI    = "openai"
	FormatAnthropic = "anthropic"
	FormatShareGPT  = "sharegpt"
	FormatHH        = "hh-rlhf"
	FormatOTel      = "otel"
)

// Names returns the format names in detection order.
func (r *Registry) Names() []string {
	names := make([]string, len(r.formats))
	for i, f := range r.formats {
		names[i] = f.Name
	}
	return names
}

// Lookup returns the named format.
func (r *Registry) Lookup(name string) (*Format, bool) {
	f, ok := r.byName[name]
	return f, ok
}

// detect returns the format of rec, or nil when rec is not a trajectory.
func (r *Registry) detect(rec *wireRecord) *Format {
	for i := range r.formats {
		if r.formats[i].Detect(rec) {
			return &r.formats[i]
		}
	}
	return nil
}

func looksAnthropic(r *wireRecord) bool {
	if r.System.IsBlocks || r.System.Text != "" {
		return true
	}
	for i := range r.Messages {
		for _, b := range r.Messages[i].Content.Blocks {
			switch b.Type {
			case "tool_use", "tool_result", "thinking", "redacted_thinking", "server_tool_use":
				return true
			}
		}
	}
	return false
}

func messagesConverter(name string) func(*wireRecord, string) ([]trajectory.Trajectory, error) {
	return func(rec *wireRecord, id string) ([]trajectory.Trajectory, error) {
		msgs, err := convertMessages(rec)
		if err != nil {
			return nil, err
		}
		return []trajectory.Trajectory{newTrajectory(rec, id, name, msgs)}, nil
	}
}

func convertShareGPTRecord(rec *wireRecord, id string) ([]trajectory.Trajectory, error) {
	msgs, err := convertShareGPT(rec)
	if err != nil {
		return nil, err
	}
	return []trajectory.Trajectory{newTrajectory(rec, id, FormatShareGPT, msgs)}, nil
}

func convertHHRecord(rec *wireRecord, id string) ([]trajectory.Trajectory, error) {
	var out []trajectory.Trajectory
	add := func(field string, s *string, suffix string) error {
		if s == nil {
			return nil
		}
		msgs, err := parseHH(*s)
		if err != nil {
			return fmt.Errorf("%s: %w", field, err)
		}
		out = append(out, newTrajectory(rec, id+suffix, FormatHH, msgs))
		return nil
	}
	if err := add("transcript", rec.Transcript, ""); err != nil {
		return nil, err
	}
	if err := add("chosen", rec.Chosen, "/chosen"); err != nil {
		return nil, err
	}
	if err := add("rejected", rec.Rejected, "/rejected"); err != nil {
		return nil, err
	}
	return out, nil
}

func newTrajectory(rec *wireRecord, id, format string, msgs []trajectory.Message) trajectory.Trajectory {
	t := trajectory.Trajectory{ID: id, Format: format, Messages: msgs}
	t.Meta.Model = rec.Model
	var nested *trajectory.TurnMeta
	if m := rec.Metadata; m != nil {
		if t.Meta.Model == "" {
			t.Meta.Model = m.Model
		}
		t.Meta.Objective = m.Objective
		nested = &m.TurnMeta
	}
	t.Meta.Turn = turnMeta(&rec.TurnMeta, nested)
	for _, tool := range rec.Tools {
		name := tool.Name
		if name == "" {
			name = tool.Function.Name
		}
		if name != "" {
			t.Meta.Tools = append(t.Meta.Tools, name)
		}
	}
	return t
}

// recordID returns the record's `id`, else `metadata.id`, else "".
func recordID(rec *wireRecord) string {
	if s := idString(rec.ID); s != "" {
		return s
	}
	if rec.Metadata != nil {
		return idString(rec.Metadata.ID)
	}
	return ""
}

func idString(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	switch raw[0] {
	case '"':
		var buf [64]byte
		if text, end, ok := appendUnquoted(buf[:0], raw, 0); ok && end == len(raw) {
			return string(text)
		}
		var v string
		if json.Unmarshal(raw, &v) == nil {
			return v
		}
		return ""
	case '{', '[':
		return ""
	}
	return string(raw)
}

// finish links tool results to the calls they answer and validates roles.
// A tool result without a tool_call_id answers the oldest unanswered call; a
// result's Name is set from its call when the format did not give one.
func finish(t *trajectory.Trajectory) error {
	if len(t.Messages) == 0 {
		return fmt.Errorf("conversation has no messages")
	}
	type pending struct{ id, name string }
	var open []pending
	byID := map[string]string{}
	for i := range t.Messages {
		m := &t.Messages[i]
		switch m.Role {
		case trajectory.RoleAssistant:
			for _, c := range m.ToolCalls {
				open = append(open, pending{c.ID, c.Name})
				if c.ID != "" {
					byID[c.ID] = c.Name
				}
			}
		case trajectory.RoleTool:
			if m.ToolCallID != "" {
				if name, ok := byID[m.ToolCallID]; ok && m.Name == "" {
					m.Name = name
				}
				for j, p := range open {
					if p.id == m.ToolCallID {
						open = append(open[:j], open[j+1:]...)
						break
					}
				}
				continue
			}
			if len(open) > 0 {
				if m.Name == "" {
					m.Name = open[0].name
				}
				m.ToolCallID = open[0].id
				open = open[1:]
			}
		}
	}
	return nil
}
