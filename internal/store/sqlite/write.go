package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/faultline-dev/faultline/internal/store"
)

// stmtFunc returns the statement to run: itself outside a transaction, or
// bound to tx inside one.
type stmtFunc func(*sql.Stmt) *sql.Stmt

func direct(st *sql.Stmt) *sql.Stmt { return st }

// PutSession implements store.Sessions.
func (s *Store) PutSession(ctx context.Context, sess *store.Session) error {
	if err := sess.Normalize(s.now()); err != nil {
		return fmt.Errorf("put session: %w", err)
	}
	if err := s.putSession(ctx, direct, sess); err != nil {
		return fmt.Errorf("put session %s: %w", sess.ID, err)
	}
	return nil
}

func (s *Store) putSession(ctx context.Context, stmt stmtFunc, sess *store.Session) error {
	scores, err := json.Marshal(sess.Scores)
	if err != nil {
		return fmt.Errorf("marshal scores: %w", err)
	}
	maxScores, err := json.Marshal(sess.MaxScores)
	if err != nil {
		return fmt.Errorf("marshal max scores: %w", err)
	}
	var created int64
	err = stmt(s.stmts.putSession).QueryRowContext(ctx, sess.ID, micros(sess.CreatedAt), micros(sess.UpdatedAt),
		sess.Closed, sess.Turns, string(scores), string(maxScores), nullJSON(sess.Trajectory)).Scan(&created)
	if errors.Is(err, sql.ErrNoRows) {
		return store.ErrSessionClosed
	}
	if err != nil {
		return err
	}
	sess.CreatedAt = fromMicros(created)
	return nil
}

// CloseSession implements store.Sessions.
func (s *Store) CloseSession(ctx context.Context, id string) error {
	res, err := s.stmts.closeSession.ExecContext(ctx, micros(store.Timestamp(s.now())), id)
	if err != nil {
		return fmt.Errorf("close session %s: %w", id, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("close session %s: %w", id, err)
	}
	if n == 0 {
		return fmt.Errorf("close session %s: %w", id, store.ErrNotFound)
	}
	return nil
}

// AddDecision implements store.Decisions.
func (s *Store) AddDecision(ctx context.Context, d *store.Decision) error {
	if err := d.Normalize(s.now()); err != nil {
		return fmt.Errorf("add decision: %w", err)
	}
	if err := s.addDecision(ctx, direct, d); err != nil {
		return fmt.Errorf("add decision to session %s: %w", d.SessionID, err)
	}
	return nil
}

func (s *Store) addDecision(ctx context.Context, stmt stmtFunc, d *store.Decision) error {
	rules, err := json.Marshal(d.Rules)
	if err != nil {
		return fmt.Errorf("marshal rules: %w", err)
	}
	_, err = stmt(s.stmts.addDecision).ExecContext(ctx, d.ID, d.SessionID, micros(d.Time), string(d.Action),
		string(rules), d.Turn, nullJSON(d.Detail))
	return err
}

// AddIncident implements store.Incidents.
func (s *Store) AddIncident(ctx context.Context, in *store.Incident) error {
	if err := in.Normalize(s.now()); err != nil {
		return fmt.Errorf("add incident: %w", err)
	}
	if err := s.addIncident(ctx, direct, in); err != nil {
		return fmt.Errorf("add incident to session %s: %w", in.SessionID, err)
	}
	return nil
}

func (s *Store) addIncident(ctx context.Context, stmt stmtFunc, in *store.Incident) error {
	_, err := stmt(s.stmts.addIncident).ExecContext(ctx, in.ID, in.SessionID, micros(in.Time), in.Phenomenon,
		in.Score, in.Severity, in.FirstTurn, in.Turn, nullJSON(in.Finding), string(in.Action), in.DecisionID)
	return err
}

// CreateReview implements store.Reviews.
func (s *Store) CreateReview(ctx context.Context, r *store.Review) error {
	if err := r.Normalize(s.now()); err != nil {
		return fmt.Errorf("create review: %w", err)
	}
	if err := s.addReview(ctx, direct, r); err != nil {
		return fmt.Errorf("create review in session %s: %w", r.SessionID, err)
	}
	return nil
}

func (s *Store) addReview(ctx context.Context, stmt stmtFunc, r *store.Review) error {
	_, err := stmt(s.stmts.addReview).ExecContext(ctx, r.ID, r.SessionID, micros(r.CreatedAt), string(r.Status),
		nullJSON(r.ToolCall), nil, r.Reason, r.ToolKey)
	return err
}

// DecideReview implements store.Reviews.
func (s *Store) DecideReview(ctx context.Context, id string, status store.ReviewStatus, reason string) (store.Review, error) {
	if err := store.CheckDecision(status); err != nil {
		return store.Review{}, fmt.Errorf("decide review %s: %w", id, err)
	}
	now := store.Timestamp(s.now())
	r, err := scanReview(s.stmts.decideReview.QueryRowContext(ctx, string(status), micros(now), reason, id))
	if errors.Is(err, sql.ErrNoRows) {
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

// Record implements store.Recorder: one IMMEDIATE transaction, one commit.
func (s *Store) Record(ctx context.Context, rec *store.Record) (err error) {
	if err := rec.Normalize(s.now()); err != nil {
		return fmt.Errorf("record: %w", err)
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("record: begin: %w", err)
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	stmt := func(st *sql.Stmt) *sql.Stmt { return tx.StmtContext(ctx, st) }
	if rec.Session != nil {
		if err := s.putSession(ctx, stmt, rec.Session); err != nil {
			return fmt.Errorf("record: put session %s: %w", rec.Session.ID, err)
		}
	}
	if rec.Decision != nil {
		if err := s.addDecision(ctx, stmt, rec.Decision); err != nil {
			return fmt.Errorf("record: add decision to session %s: %w", rec.Decision.SessionID, err)
		}
	}
	for _, in := range rec.Incidents {
		if err := s.addIncident(ctx, stmt, in); err != nil {
			return fmt.Errorf("record: add incident to session %s: %w", in.SessionID, err)
		}
	}
	if rec.Review != nil {
		if err := s.addReview(ctx, stmt, rec.Review); err != nil {
			return fmt.Errorf("record: create review in session %s: %w", rec.Review.SessionID, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("record: commit: %w", err)
	}
	return nil
}
