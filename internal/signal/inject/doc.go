// Package inject holds the signals of context-window exploitation: text that
// tries to act as instructions where the model should only see data (tool
// results, retrieved documents) or that tries to override the system prompt
// from a user turn, injected role markers and chat-template tokens, fake
// dialogue shots, padding that pushes the system prompt out of the window, and
// hidden or encoded payloads.
//
// The instruction scorer (Scorer) is shared with the provenance signals, which
// need to know which part of an untrusted text was instruction-like in order
// to taint the entities found there.
package inject

// Stable signal IDs.
const (
	// InstructionInData is instruction-like text in content that should be
	// data, and override attempts in user turns.
	InstructionInData = "instruction_in_data"
	// RoleMarker is chat-template tokens and role markers inside user or tool content.
	RoleMarker = "role_marker"
	// Padding is repetition/padding and token-budget pressure.
	Padding = "padding"
	// HiddenText is invisible, bidirectional-control or tag characters, long
	// encoded blobs and mixed-script words.
	HiddenText = "hidden_text"
	// ManyShot is fake dialogue shots embedded in one turn.
	ManyShot = "many_shot"
	// PromptLeakID is an assistant turn that reveals its (confidential)
	// system prompt: secrets or verbatim instructions.
	PromptLeakID = "prompt_leak"
)

// ModelName is the trained model the instruction scorer uses.
const ModelName = "injection"
