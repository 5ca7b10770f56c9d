// Package gateway is faultline's live safeguard: an HTTP proxy that teams put
// in front of an OpenAI-compatible (/v1/chat/completions) or Anthropic
// (/v1/messages) endpoint. Every exchange is analyzed incrementally with the
// same detectors as `faultline scan` (internal/analysis), judged by the CEL
// escalation policy (internal/policy), and persisted to the incident store
// (internal/store) before the client sees the answer.
//
// Requests and responses pass through byte-for-byte unless a decision changes
// them. Streamed responses are forwarded event by event as they arrive,
// except tool calls: from the first tool-call delta on, events are held until
// the call is complete and judged (the pre-action gate), then forwarded or
// replaced by an assistant message (review) or a refusal (block).
//
// Conversations are grouped into sessions (X-Faultline-Session, else
// metadata.session_id or user, else a hash of the system prompt and first
// user message), each with its own lock, so that clients resending the whole
// history are analyzed only on the messages not yet seen.
package gateway
