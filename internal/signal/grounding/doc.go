// Package grounding holds the epistemic signals: how much of an assistant
// response is supported by the context the model was given (system prompt
// knowledge, user turns, tool results, documents), which references, quotes
// and numbers do not occur in that context, how confident the response
// sounds, whether a tool error was answered as if nothing had failed, and
// whether the assistant contradicts what it said earlier.
//
// The five trackers of one trajectory share one state (see shared): each
// message is tokenized once, and one incremental index (hashed words and
// word pairs flagged context/knowledge, URLs) of the turns seen so far
// serves them all, so that measuring turn N costs O(size of turn N) and
// history is never re-scanned.
//
// What counts: knowledge is what the model was given to answer from (the
// non-instruction sentences of a system prompt, tool results, user turns
// that are documents); instructions and personas are not knowledge. Claims
// are what an answer asserts: a message that issues tool calls acts, and
// plans, questions, offers, refusals and reasoning blocks are not claims.
// Tool names and arguments join the context (an answer may report the
// assistant's own actions).
package grounding

// Stable signal IDs.
const (
	// UngroundedID is the share of a response's content not found in its context.
	UngroundedID = "ungrounded"
	// FabricatedReferenceID scores URLs, citations, section numbers, attributed
	// quotes and numbers of a response that do not occur in its context.
	FabricatedReferenceID = "fabricated_reference"
	// CertaintyID is confident versus hedged language (0.5 = neutral).
	CertaintyID = "certainty"
	// ToolErrorIgnoredID scores a confident answer after a failed tool call.
	ToolErrorIgnoredID = "tool_error_ignored"
	// SelfContradictionID scores a response that contradicts an earlier one.
	SelfContradictionID = "self_contradiction"
)
