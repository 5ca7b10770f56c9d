package policy

import (
	"fmt"
	"reflect"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/ext"

	"github.com/faultline-dev/faultline/internal/analysis"
	"github.com/faultline-dev/faultline/internal/finding"
)

// Input is everything a policy can see at one decision point. The gateway
// fills the parts it knows: Response is zero before the upstream answered and
// ToolCall is zero unless a tool call is being gated. Field names in CEL are
// the json tags (session.max_scores.policy_erosion, tool_call.drift_score).
type Input struct {
	Session  Session  `json:"session"`
	Request  Request  `json:"request"`
	Response Response `json:"response"`
	ToolCall ToolCall `json:"tool_call"`
}

// Session is the state of the monitored conversation (CEL variable session).
type Session struct {
	// ID is the gateway's session identifier.
	ID string `json:"id"`
	// Turns is the number of messages analyzed so far.
	Turns int `json:"turns"`
	// Scores are the phenomenon scores after the latest turn.
	Scores analysis.PhenomenonScores `json:"scores"`
	// MaxScores are the highest phenomenon scores seen in the session.
	MaxScores analysis.PhenomenonScores `json:"max_scores"`
	// Causes are the current layer-2 cause scores.
	Causes analysis.CauseScores `json:"causes"`
	// Findings are the session's current findings. In CEL each element has
	// phenomenon, score, severity, first_turn and detector (and summary,
	// evidence, causes and interventions).
	Findings []finding.Finding `json:"findings"`
}

// Request describes the request being proxied (CEL variable request).
type Request struct {
	// Model is the model the client asked for.
	Model string `json:"model"`
	// Messages is the number of messages in the request.
	Messages int `json:"messages"`
	// HasTools reports whether the request offers tools to the model.
	HasTools bool `json:"has_tools"`
	// Tokens is an estimate of the request's prompt tokens.
	Tokens int `json:"tokens"`
	// Depth is the conversation depth in user turns.
	Depth int `json:"depth"`
	// HasSystemPrompt reports whether the request carries a system prompt:
	// its first system (or developer) message; Anthropic: system.
	HasSystemPrompt bool `json:"has_system_prompt"`
	// SystemPromptHash is the SHA-256 (lower-case hex) of the system prompt
	// with leading and trailing white space removed; "" without one.
	SystemPromptHash string `json:"system_prompt_hash"`
	// SystemPromptsConfigured reports whether the gateway has a registry of
	// allowed system prompts (faultline serve --system-prompts).
	SystemPromptsConfigured bool `json:"system_prompts_configured"`
	// SystemPromptRegistered reports whether the system prompt is in that
	// registry (false without a registry or without a system prompt).
	SystemPromptRegistered bool `json:"system_prompt_registered"`
	// SystemPromptChanged reports whether the system prompt differs from the
	// session's first (registered) one.
	SystemPromptChanged bool `json:"system_prompt_changed"`
	// RoleMarkers counts the chat-template tokens (<|im_start|>, [INST],
	// <<SYS>>, ...) and faked role labels ("Human:", "### System:") in the
	// user and tool content that is new in this request.
	RoleMarkers int `json:"role_markers"`
}

// Response describes the upstream response (CEL variable response).
type Response struct {
	// Text is the assistant text of the response.
	Text string `json:"text"`
	// HasToolCalls reports whether the response contains tool calls.
	HasToolCalls bool `json:"has_tool_calls"`
}

// ToolCall describes one tool call being gated (CEL variable tool_call).
type ToolCall struct {
	// Name is the tool's name.
	Name string `json:"name"`
	// Arguments are the parsed JSON arguments (CEL map(string, dyn)).
	// Indexing a missing key is an evaluation error; use
	// `"key" in tool_call.arguments` or has(tool_call.arguments.key) first.
	Arguments map[string]any `json:"arguments"`
	// Tainted reports whether any argument derives from untrusted content
	// (tool results, retrieved documents) rather than from the user.
	Tainted bool `json:"tainted"`
	// TaintSources names where tainted arguments came from.
	TaintSources []string `json:"taint_sources"`
	// OutOfScope reports whether the call falls outside the user's task.
	OutOfScope bool `json:"out_of_scope"`
	// DriftScore in [0,1] measures how far the call drifts from the task.
	DriftScore float64 `json:"drift_score"`
}

// CEL variable names, one per field of Input.
const (
	varSession  = "session"
	varRequest  = "request"
	varResponse = "response"
	varToolCall = "tool_call"
)

// celTypeName returns the CEL object type name that ext.NativeTypes gives a
// Go struct type (package name, dot, type name).
func celTypeName[T any]() string {
	t := reflect.TypeFor[T]()
	return fmt.Sprintf("policy.%s", t.Name())
}

// newEnv builds the CEL environment with the declared schema. It is built
// per load so that no CEL state is shared between policies.
func newEnv() (*cel.Env, error) {
	env, err := cel.NewEnv(
		ext.NativeTypes(
			reflect.TypeFor[Session](),
			reflect.TypeFor[Request](),
			reflect.TypeFor[Response](),
			reflect.TypeFor[ToolCall](),
			ext.ParseStructTag("json"),
		),
		cel.Variable(varSession, cel.ObjectType(celTypeName[Session]())),
		cel.Variable(varRequest, cel.ObjectType(celTypeName[Request]())),
		cel.Variable(varResponse, cel.ObjectType(celTypeName[Response]())),
		cel.Variable(varToolCall, cel.ObjectType(celTypeName[ToolCall]())),
		cel.OptionalTypes(),
		ext.Strings(),
		cel.ParserExpressionSizeLimit(maxExprRunes),
	)
	if err != nil {
		return nil, fmt.Errorf("build CEL environment: %w", err)
	}
	return env, nil
}

// maxExprRunes bounds the size of one rule condition.
const maxExprRunes = 16 << 10
