package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/faultline-dev/faultline/internal/store"
)

// Column lists shared by the writes and the reads.
const (
	sessionCols  = `id, created_at, updated_at, closed, turns, scores, max_scores, trajectory`
	decisionCols = `id, session_id, time, action, rules, turn, detail`
	incidentCols = `id, session_id, time, phenomenon, score, severity, first_turn, turn, finding, action, decision_id`
	reviewCols   = `id, session_id, created_at, status, tool_call, decided_at, reason, tool_key`
)

// The writes. An update of a closed session matches no row, so RETURNING
// yields nothing.
const (
	sqlPutSession = `INSERT INTO sessions (` + sessionCols + `) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
		ON CONFLICT (id) DO UPDATE SET
		  updated_at = excluded.updated_at, closed = excluded.closed, turns = excluded.turns,
		  scores = excluded.scores, max_scores = excluded.max_scores,
		  trajectory = COALESCE(excluded.trajectory, sessions.trajectory)
		WHERE NOT sessions.closed
		RETURNING created_at`
	sqlCloseSession = `UPDATE sessions SET closed = true, updated_at = $1 WHERE id = $2`
	sqlAddDecision  = `INSERT INTO decisions (` + decisionCols + `) VALUES ($1, $2, $3, $4, $5, $6, $7)`
	sqlAddIncident  = `INSERT INTO incidents (` + incidentCols + `) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`
	sqlAddReview    = `INSERT INTO reviews (` + reviewCols + `) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`
	sqlDecideReview = `UPDATE reviews SET status = $1, decided_at = $2, reason = $3
		WHERE id = $4 AND status = 'pending'
		RETURNING ` + reviewCols
)

func sessionArgs(sess *store.Session) ([]any, error) {
	scores, err := json.Marshal(sess.Scores)
	if err != nil {
		return nil, fmt.Errorf("marshal scores: %w", err)
	}
	maxScores, err := json.Marshal(sess.MaxScores)
	if err != nil {
		return nil, fmt.Errorf("marshal max scores: %w", err)
	}
	return []any{sess.ID, sess.CreatedAt, sess.UpdatedAt, sess.Closed, sess.Turns, scores, maxScores, nullJSON(sess.Trajectory)}, nil
}

func decisionArgs(d *store.Decision) []any {
	return []any{d.ID, d.SessionID, d.Time, string(d.Action), d.Rules, d.Turn, nullJSON(d.Detail)}
}

func incidentArgs(in *store.Incident) []any {
	return []any{in.ID, in.SessionID, in.Time, in.Phenomenon, in.Score, in.Severity, in.FirstTurn, in.Turn,
		nullJSON(in.Finding), string(in.Action), in.DecisionID}
}

func reviewArgs(r *store.Review) []any {
	return []any{r.ID, r.SessionID, r.CreatedAt, string(r.Status), nullJSON(r.ToolCall), nil, r.Reason, r.ToolKey}
}

// scanCreated reads the RETURNING of sqlPutSession into sess.
func scanCreated(row pgx.Row, sess *store.Session) error {
	err := row.Scan(&sess.CreatedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return store.ErrSessionClosed
	}
	if err != nil {
		return err
	}
	sess.CreatedAt = sess.CreatedAt.UTC()
	return nil
}

// PutSession implements store.Sessions.
func (s *Store) PutSession(ctx context.Context, sess *store.Session) error {
	if err := sess.Normalize(now()); err != nil {
		return fmt.Errorf("put session: %w", err)
	}
	args, err := sessionArgs(sess)
	if err != nil {
		return fmt.Errorf("put session %s: %w", sess.ID, err)
	}
	if err := scanCreated(s.pool.QueryRow(ctx, sqlPutSession, args...), sess); err != nil {
		return fmt.Errorf("put session %s: %w", sess.ID, err)
	}
	return nil
}

// CloseSession implements store.Sessions.
func (s *Store) CloseSession(ctx context.Context, id string) error {
	tag, err := s.pool.Exec(ctx, sqlCloseSession, now(), id)
	if err != nil {
		return fmt.Errorf("close session %s: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("close session %s: %w", id, store.ErrNotFound)
	}
	return nil
}

// AddDecision implements store.Decisions.
func (s *Store) AddDecision(ctx context.Context, d *store.Decision) error {
	if err := d.Normalize(now()); err != nil {
		return fmt.Errorf("add decision: %w", err)
	}
	if _, err := s.pool.Exec(ctx, sqlAddDecision, decisionArgs(d)...); err != nil {
		return fmt.Errorf("add decision to session %s: %w", d.SessionID, err)
	}
	return nil
}

// AddIncident implements store.Incidents.
func (s *Store) AddIncident(ctx context.Context, in *store.Incident) error {
	if err := in.Normalize(now()); err != nil {
		return fmt.Errorf("add incident: %w", err)
	}
	if _, err := s.pool.Exec(ctx, sqlAddIncident, incidentArgs(in)...); err != nil {
		return fmt.Errorf("add incident to session %s: %w", in.SessionID, err)
	}
	return nil
}

// CreateReview implements store.Reviews.
func (s *Store) CreateReview(ctx context.Context, r *store.Review) error {
	if err := r.Normalize(now()); err != nil {
		return fmt.Errorf("create review: %w", err)
	}
	if _, err := s.pool.Exec(ctx, sqlAddReview, reviewArgs(r)...); err != nil {
		return fmt.Errorf("create review in session %s: %w", r.SessionID, err)
	}
	return nil
}

// DecideReview implements store.Reviews.
func (s *Store) DecideReview(ctx context.Context, id string, status store.ReviewStatus, reason string) (store.Review, error) {
	if err := store.CheckDecision(status); err != nil {
		return store.Review{}, fmt.Errorf("decide review %s: %w", id, err)
	}
	r, err := scanReview(s.pool.QueryRow(ctx, sqlDecideReview, string(status), now(), reason, id))
	if errors.Is(err, pgx.ErrNoRows) {
		// Not pending, or missing: tell which.
		if _, gerr := s.GetReview(ctx, id); gerr != nil {
			return store.Review{}, fmt.Errorf("decide review: %w", gerr)
		}
		return store.Review{}, fmt.Errorf("decide review %s: %w", id, store.ErrReviewDecided)
	}
	if err != nil {
		return store.Review{}, fmt.Errorf("decide review %s: %w", id, err)
	}
	return r, nil
}

// Record implements store.Recorder: one transaction whose statements go to
// the server in a single batch (three round trips in all: begin, batch,
// commit).
func (s *Store) Record(ctx context.Context, rec *store.Record) error {
	if err := rec.Normalize(now()); err != nil {
		return fmt.Errorf("record: %w", err)
	}
	var b pgx.Batch
	if rec.Session != nil {
		args, err := sessionArgs(rec.Session)
		if err != nil {
			return fmt.Errorf("record: session %s: %w", rec.Session.ID, err)
		}
		b.Queue(sqlPutSession, args...).QueryRow(func(row pgx.Row) error {
			if err := scanCreated(row, rec.Session); err != nil {
				return fmt.Errorf("put session %s: %w", rec.Session.ID, err)
			}
			return nil
		})
	}
	if d := rec.Decision; d != nil {
		b.Queue(sqlAddDecision, decisionArgs(d)...)
	}
	for _, in := range rec.Incidents {
		b.Queue(sqlAddIncident, incidentArgs(in)...)
	}
	if r := rec.Review; r != nil {
		b.Queue(sqlAddReview, reviewArgs(r)...)
	}
	if b.Len() == 0 {
		return nil
	}
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		return tx.SendBatch(ctx, &b).Close()
	})
	if err != nil {
		return fmt.Errorf("record: %w", err)
	}
	return nil
}
