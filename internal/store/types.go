package store

import (
	"encoding/json"
	"fmt"
	"time"
)

// Scores holds the phenomenon (layer 1) and cause (layer 2) scores of a
// session, keyed by taxonomy ID, exactly as in faultline's scan output
// ("scores" and "causes"). Maps rather than fields because the taxonomy is
// extensible by a user file.
type Scores struct {
	// Phenomena maps policy_erosion, intent_drift, reward_hacking and
	// epistemic_failure (plus user-defined IDs) to a score in [0,1].
	Phenomena map[string]float64 `json:"scores"`
	// Causes maps policy_misgeneralization, preference_model_blind_spot,
	// reward_shaping_side_effect and context_window_exploitation (plus
	// user-defined IDs) to a confidence in [0,1].
	Causes map[string]float64 `json:"causes"`
}

// Session is the stored state of one monitored conversation.
type Session struct {
	// ID is the gateway's session key (header, metadata.session_id, user or prefix hash).
	ID string `json:"id"`
	// CreatedAt is set on the first write and never changes.
	CreatedAt time.Time `json:"created_at"`
	// UpdatedAt is the time of the last write.
	UpdatedAt time.Time `json:"updated_at"`
	// Closed is true once the session was terminated; later requests are refused.
	Closed bool `json:"closed"`
	// Turns is the number of messages analyzed so far.
	Turns int `json:"turns"`
	// Scores are the current scores.
	Scores Scores `json:"current"`
	// MaxScores are the maximum scores seen over the session.
	MaxScores Scores `json:"max"`
	// Trajectory is the conversation in faultline's scan input format: an
	// OpenAI-style {"id": ..., "messages": [...]} JSON object. Empty when unknown.
	Trajectory json.RawMessage `json:"trajectory,omitempty"`
}

// Action is what the escalation policy decided. Higher actions win.
type Action string

// Actions, lowest first.
const (
	ActionAllow     Action = "allow"
	ActionAnnotate  Action = "annotate"
	ActionWarn      Action = "warn"
	ActionReview    Action = "review"
	ActionBlock     Action = "block"
	ActionTerminate Action = "terminate"
)

// Rank orders actions: allow 1 ... terminate 6, unknown 0.
func (a Action) Rank() int {
	switch a {
	case ActionAllow:
		return 1
	case ActionAnnotate:
		return 2
	case ActionWarn:
		return 3
	case ActionReview:
		return 4
	case ActionBlock:
		return 5
	case ActionTerminate:
		return 6
	}
	return 0
}

// Valid reports whether a is one of the defined actions.
func (a Action) Valid() bool { return a.Rank() > 0 }

// Decision is one decision of the escalation policy on a session.
type Decision struct {
	// ID is unique; assigned by the store when empty.
	ID string `json:"id"`
	// SessionID names the session decided on.
	SessionID string `json:"session_id"`
	// Time of the decision; set by the store when zero.
	Time time.Time `json:"time"`
	// Action is the winning action.
	Action Action `json:"action"`
	// Rules are the names of the policy rules that fired.
	Rules []string `json:"rules"`
	// Turn is the 0-based message index the decision was taken at.
	Turn int `json:"turn"`
	// Detail is free-form JSON (the policy inputs, the tool call, ...). Optional.
	Detail json.RawMessage `json:"detail,omitempty"`
}

// Incident is a finding at warn or above, persisted with its evidence.
type Incident struct {
	// ID is unique; assigned by the store when empty. It is the id of the
	// exported record.
	ID string `json:"id"`
	// SessionID names the session the incident happened in.
	SessionID string `json:"session_id"`
	// Time the incident was recorded; set by the store when zero.
	Time time.Time `json:"time"`
	// Phenomenon is a layer-1 taxonomy ID.
	Phenomenon string `json:"phenomenon"`
	// Score in [0,1].
	Score float64 `json:"score"`
	// Severity is low, medium, high or critical.
	Severity string `json:"severity"`
	// FirstTurn is the 0-based index of the first message where the failure is observable.
	FirstTurn int `json:"first_turn"`
	// Turn is the 0-based index of the last message analyzed when the incident
	// was raised; the export includes the trajectory up to and including it.
	// A negative Turn exports the whole stored trajectory.
	Turn int `json:"turn"`
	// Finding is the finding as JSON (faultline's finding format, with evidence).
	Finding json.RawMessage `json:"finding,omitempty"`
	// Action is the action of the decision the incident led to. Optional.
	Action Action `json:"action,omitempty"`
	// DecisionID links the decision the incident led to. Optional.
	DecisionID string `json:"decision_id,omitempty"`
}

// ReviewStatus is the state of a review: pending, then approved or denied.
type ReviewStatus string

// Review states. Only pending -> approved and pending -> denied are allowed.
const (
	ReviewPending  ReviewStatus = "pending"
	ReviewApproved ReviewStatus = "approved"
	ReviewDenied   ReviewStatus = "denied"
)

// Valid reports whether s is a defined status.
func (s ReviewStatus) Valid() bool {
	return s == ReviewPending || s == ReviewApproved || s == ReviewDenied
}

// Review is a tool call withheld until a human approves or denies it.
type Review struct {
	// ID is unique; assigned by the store when empty.
	ID string `json:"id"`
	// SessionID names the session the tool call belongs to.
	SessionID string `json:"session_id"`
	// CreatedAt is set by the store when zero.
	CreatedAt time.Time `json:"created_at"`
	// Status is pending until decided.
	Status ReviewStatus `json:"status"`
	// ToolCall is the withheld tool call as JSON.
	ToolCall json.RawMessage `json:"tool_call,omitempty"`
	// ToolKey identifies the call across re-issues (the gateway's digest of
	// its tool name and arguments); ToolCallApproved looks approvals up by
	// it. Optional.
	ToolKey string `json:"tool_key,omitempty"`
	// DecidedAt is zero while pending.
	DecidedAt time.Time `json:"decided_at,omitzero"`
	// Reason is what the decider wrote.
	Reason string `json:"reason,omitempty"`
}

// Validate checks the fields a back end relies on.
func (s *Session) Validate() error {
	if s.ID == "" {
		return fmt.Errorf("session: empty id: %w", ErrInvalid)
	}
	if s.Turns < 0 {
		return fmt.Errorf("session %q: negative turns %d: %w", s.ID, s.Turns, ErrInvalid)
	}
	return validJSON("session "+s.ID+" trajectory", s.Trajectory)
}

// Validate checks the fields a back end relies on.
func (d *Decision) Validate() error {
	if d.SessionID == "" {
		return fmt.Errorf("decision: empty session id: %w", ErrInvalid)
	}
	if !d.Action.Valid() {
		return fmt.Errorf("decision: unknown action %q: %w", d.Action, ErrInvalid)
	}
	return validJSON("decision detail", d.Detail)
}

// Validate checks the fields a back end relies on.
func (in *Incident) Validate() error {
	if in.SessionID == "" {
		return fmt.Errorf("incident: empty session id: %w", ErrInvalid)
	}
	if in.Phenomenon == "" {
		return fmt.Errorf("incident: empty phenomenon: %w", ErrInvalid)
	}
	if in.Action != "" && !in.Action.Valid() {
		return fmt.Errorf("incident: unknown action %q: %w", in.Action, ErrInvalid)
	}
	return validJSON("incident finding", in.Finding)
}

// Validate checks the fields a back end relies on.
func (r *Review) Validate() error {
	if r.SessionID == "" {
		return fmt.Errorf("review: empty session id: %w", ErrInvalid)
	}
	return validJSON("review tool call", r.ToolCall)
}

func validJSON(what string, raw json.RawMessage) error {
	if len(raw) > 0 && !json.Valid(raw) {
		return fmt.Errorf("%s: malformed JSON: %w", what, ErrInvalid)
	}
	return nil
}
