package store

import (
	"context"
	"errors"
)

// Errors returned (wrapped) by every back end; test them with errors.Is.
var (
	// ErrNotFound means no record has the requested ID.
	ErrNotFound = errors.New("not found")
	// ErrSessionClosed means the session was terminated and can no longer be updated.
	ErrSessionClosed = errors.New("session closed")
	// ErrReviewDecided means the review is no longer pending and cannot be decided again.
	ErrReviewDecided = errors.New("review already decided")
	// ErrInvalid means the caller passed a malformed record, filter or cursor.
	ErrInvalid = errors.New("invalid argument")
)

// Sessions stores the state of monitored sessions.
type Sessions interface {
	// PutSession inserts or updates s. CreatedAt is kept from the first write;
	// UpdatedAt is set to now when zero; an empty Trajectory keeps the stored
	// one (so score updates need not resend the conversation). A closed session stays closed: PutSession
	// on it returns ErrSessionClosed, and s.Closed == true closes the session in
	// the same write. s is updated with the stored timestamps.
	PutSession(ctx context.Context, s *Session) error
	// GetSession returns the session with the given ID, or ErrNotFound.
	GetSession(ctx context.Context, id string) (Session, error)
	// CloseSession marks the session closed (terminated). Closing a closed
	// session is a no-op; an unknown ID gives ErrNotFound.
	CloseSession(ctx context.Context, id string) error
	// ListSessions returns sessions ordered by UpdatedAt (then ID) without
	// their trajectories, one page at a time.
	ListSessions(ctx context.Context, f SessionFilter) (SessionPage, error)
}

// Decisions stores the decisions the escalation policy took.
type Decisions interface {
	// AddDecision inserts d, assigning ID (when empty) and Time (when zero).
	AddDecision(ctx context.Context, d *Decision) error
	// ListDecisions returns the decisions of one session, oldest first.
	ListDecisions(ctx context.Context, sessionID string) ([]Decision, error)
}

// Incidents stores findings at warn or above.
type Incidents interface {
	// AddIncident inserts in, assigning ID (when empty) and Time (when zero).
	AddIncident(ctx context.Context, in *Incident) error
	// GetIncident returns the incident with the given ID, or ErrNotFound.
	GetIncident(ctx context.Context, id string) (Incident, error)
	// ListIncidents returns one page of the incidents matching f, ordered by
	// (Time, ID), oldest first unless f.Newest.
	ListIncidents(ctx context.Context, f IncidentFilter) (IncidentPage, error)
}

// Reviews stores tool calls withheld for human approval.
type Reviews interface {
	// CreateReview inserts r as pending, assigning ID (when empty) and
	// CreatedAt (when zero).
	CreateReview(ctx context.Context, r *Review) error
	// GetReview returns the review with the given ID, or ErrNotFound.
	GetReview(ctx context.Context, id string) (Review, error)
	// DecideReview moves a pending review to approved or denied, atomically:
	// of concurrent deciders exactly one wins. A review that is no longer
	// pending gives ErrReviewDecided; an unknown ID gives ErrNotFound.
	DecideReview(ctx context.Context, id string, status ReviewStatus, reason string) (Review, error)
	// ListReviews returns the reviews matching f, oldest first.
	ListReviews(ctx context.Context, f ReviewFilter) ([]Review, error)
	// ToolCallApproved reports whether a review of the session with this
	// non-empty ToolKey was approved, so that an approved call re-issued by
	// the model is let through, also after a restart or by another gateway
	// sharing the store.
	ToolCallApproved(ctx context.Context, sessionID, toolKey string) (bool, error)
}

// Recorder writes everything one gateway decision produces in a single
// transaction (one commit, one fsync): the hot path when an incident happens.
type Recorder interface {
	// Record writes the non-nil parts of rec atomically, assigning IDs and
	// times as the individual Put/Add/Create methods do. It fails with
	// ErrSessionClosed, writing nothing, when rec.Session is set and the stored
	// session is closed.
	Record(ctx context.Context, rec *Record) error
}

// Store is the whole incident store a gateway uses. Implementations are safe
// for concurrent use.
type Store interface {
	Sessions
	Decisions
	Incidents
	Reviews
	Recorder
	// Close releases the connections.
	Close() error
}

// Record is the unit of work of Recorder.Record. Every field is optional.
type Record struct {
	// Session is inserted or updated as by PutSession.
	Session *Session
	// Decision is inserted as by AddDecision.
	Decision *Decision
	// Incidents are inserted as by AddIncident. When Decision is set, an
	// incident with an empty Action takes the decision's action.
	Incidents []*Incident
	// Review is inserted as by CreateReview.
	Review *Review
}
