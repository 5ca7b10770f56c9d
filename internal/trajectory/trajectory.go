// Package trajectory is the one model of a conversation or agent run that every
// input format is converted into and every analysis stage reads. Keeping it
// format-free is what makes scores identical whichever log format a conversation
// arrived in.
package trajectory

// Role is the speaker of a message.
type Role string

// The four roles of the model. Every input format maps its own speaker names onto these.
const (
	RoleSystem    Role = "system"
	RoleUser      Role = "user"
	RoleAssistant Role = "assistant"
	RoleTool      Role = "tool"
)

// Valid reports whether r is one of the four roles.
func (r Role) Valid() bool {
	switch r {
	case RoleSystem, RoleUser, RoleAssistant, RoleTool:
		return true
	}
	return false
}

// Trajectory is an ordered conversation: a chat transcript or an agent run.
// Turn indexes used everywhere in faultline are indexes into Messages.
type Trajectory struct {
	// ID is the record's own id (`id`, else `metadata.id`), else Source.
	ID string `json:"id"`
	// Source is where the record was read, as "file:line".
	Source string `json:"source"`
	// Format is the input format the record was decoded from.
	Format string `json:"format,omitempty"`
	// Messages in conversation order.
	Messages []Message `json:"messages"`
	// Meta is trajectory-level metadata; per-turn metadata lives on each Message.
	Meta Meta `json:"meta,omitzero"`
}

// Message is one turn. Tool results are messages of RoleTool; the tool calls an
// assistant issues are attached to the assistant message that issued them.
type Message struct {
	Role Role `json:"role"`
	// Name is the optional speaker or function name given by the format.
	Name string `json:"name,omitempty"`
	// Content is the visible text of the turn, text parts joined by "\n".
	Content string `json:"content"`
	// Reasoning is model reasoning shown in the log (Anthropic `thinking`,
	// OpenTelemetry `reasoning` parts). It is never mixed into Content.
	Reasoning string `json:"reasoning,omitempty"`
	// ToolCalls are the calls an assistant message issues.
	ToolCalls []ToolCall `json:"tool_calls,omitempty"`
	// ToolCallID links a tool result to the call it answers.
	ToolCallID string `json:"tool_call_id,omitempty"`
	// IsError marks a tool result that reports a failure of the call.
	IsError bool `json:"is_error,omitempty"`
	// Meta is optional per-turn metadata emitted by training and serving pipelines.
	Meta *TurnMeta `json:"meta,omitempty"`
}

// ToolCall is one function call issued by the assistant.
type ToolCall struct {
	ID   string `json:"id,omitempty"`
	Name string `json:"name"`
	// Arguments are the parsed arguments. Formats that encode them as a JSON
	// string (OpenAI) are parsed; an argument string that is not a JSON object is
	// kept whole under the key "_raw".
	Arguments map[string]any `json:"arguments"`
}

// Meta is trajectory-level metadata.
type Meta struct {
	// Model is the model that produced the assistant turns, when the log says.
	Model string `json:"model,omitempty"`
	// Objective is the stated objective of the conversation or task, when the log says.
	Objective string `json:"objective,omitempty"`
	// Tools are the names of the tools declared to the model, when the log says.
	Tools []string `json:"tools,omitempty"`
	// Turn holds pipeline metadata given for the trajectory as a whole; it
	// applies to every turn that has none of its own.
	Turn *TurnMeta `json:"turn,omitempty"`
}

// TurnMeta is metadata that real training and serving pipelines attach to a
// turn. All fields are optional; analysis states which missing field would
// have raised its confidence.
type TurnMeta struct {
	// RewardModelScore is the scalar reward-model score of the turn.
	RewardModelScore *float64 `json:"reward_model_score,omitempty"`
	// Reward holds named reward terms, such as "helpfulness" and "safety".
	Reward map[string]float64 `json:"reward,omitempty"`
	// SafetyClassifier is the outcome of a safety classifier run on the turn.
	SafetyClassifier *SafetyClassifier `json:"safety_classifier,omitempty"`
	// ContextWindow is the model's context window in tokens.
	ContextWindow int `json:"context_window,omitempty"`
	// Usage holds token counts reported by the serving API.
	Usage *Usage `json:"usage,omitempty"`
	// Truncated is true when the serving stack truncated the context.
	Truncated bool `json:"truncated,omitempty"`
}

// SafetyClassifier is the outcome of a safety classifier in the pipeline.
type SafetyClassifier struct {
	Name    string   `json:"name,omitempty"`
	Flagged bool     `json:"flagged"`
	Score   *float64 `json:"score,omitempty"`
}

// Usage holds token counts. Both the OpenAI (prompt/completion) and the
// Anthropic (input/output) spellings are accepted.
type Usage struct {
	PromptTokens     int `json:"prompt_tokens,omitempty"`
	CompletionTokens int `json:"completion_tokens,omitempty"`
	TotalTokens      int `json:"total_tokens,omitempty"`
	InputTokens      int `json:"input_tokens,omitempty"`
	OutputTokens     int `json:"output_tokens,omitempty"`
}

// TurnMetaAt returns the metadata that applies to message i: its own, else the
// trajectory's, else nil.
func (t *Trajectory) TurnMetaAt(i int) *TurnMeta {
	if i >= 0 && i < len(t.Messages) && t.Messages[i].Meta != nil {
		return t.Messages[i].Meta
	}
	return t.Meta.Turn
}

// Empty reports whether m carries nothing: no text, no reasoning, no tool calls.
func (m *Message) Empty() bool {
	return m.Content == "" && m.Reasoning == "" && len(m.ToolCalls) == 0
}
