// Package harm holds the safety signals that the policy_erosion detector
// reads: the harm of a user request (request_harm), how strongly an
// assistant turn refuses (refusal), the harm of an assistant response
// (response_harm), cover framing of a request (harm_framing), the harmful
// topic carried across turns (harm_topic) and a request aimed at a person
// with a dangerous means the conversation established (harm_intent).
// Requests in other languages are also read in an English gloss
// (gloss.go). Every tracker is incremental: observing a turn reads only that
// turn (bounded to its head and tail) and a fixed-size state.
package harm

// Stable signal IDs.
const (
	// RequestHarmID is the harm of a user request in [0,1].
	RequestHarmID = "request_harm"
	// RefusalID is the refusal strength of an assistant turn: 1 full
	// refusal, about 0.6 partial refusal (declines, then helps with a
	// reduced version), about 0.3 a disclaimer after compliance, 0 compliance.
	RefusalID = "refusal"
	// ResponseHarmID is the harm of an assistant response in the context of
	// the request it answers, in [0,1].
	ResponseHarmID = "response_harm"
	// FramingID is the strength of fiction, role-play, research or
	// hypothetical cover framing in a user turn, in [0,1].
	FramingID = "harm_framing"
	// TopicID is the harm a turn inherits from the conversation's earlier
	// harmful requests: on user turns the overlap with earlier harmful topics
	// or the harm of the union of the recent requests (decomposition); on
	// assistant turns the overlap of the response with the harmful topics.
	TopicID = "harm_topic"
)
