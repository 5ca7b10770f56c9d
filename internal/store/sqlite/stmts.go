package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Column lists shared by the writes and the reads.
const (
	sessionCols  = `id, created_at, updated_at, closed, turns, scores, max_scores, trajectory`
	decisionCols = `id, session_id, time, action, rules, turn, detail`
	incidentCols = `id, session_id, time, phenomenon, score, severity, first_turn, turn, finding, action, decision_id`
	reviewCols   = `id, session_id, created_at, status, tool_call, decided_at, reason, tool_key`
)

// statements are the writes, prepared once on the writer connection.
type statements struct {
	putSession   *sql.Stmt
	closeSession *sql.Stmt
	addDecision  *sql.Stmt
	addIncident  *sql.Stmt
	addReview    *sql.Stmt
	decideReview *sql.Stmt
}

func (st *statements) list() []**sql.Stmt {
	return []**sql.Stmt{&st.putSession, &st.closeSession, &st.addDecision, &st.addIncident, &st.addReview, &st.decideReview}
}

func (st *statements) prepare(ctx context.Context, db *sql.DB) error {
	queries := []string{
		// An update of a closed session matches no row: RETURNING yields nothing.
		`INSERT INTO sessions (` + sessionCols + `) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		 ON CONFLICT (id) DO UPDATE SET
		   updated_at = excluded.updated_at, closed = excluded.closed, turns = excluded.turns,
		   scores = excluded.scores, max_scores = excluded.max_scores,
		   trajectory = COALESCE(excluded.trajectory, sessions.trajectory)
		 WHERE sessions.closed = 0
		 RETURNING created_at`,
		`UPDATE sessions SET closed = 1, updated_at = ? WHERE id = ?`,
		`INSERT INTO decisions (` + decisionCols + `) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		`INSERT INTO incidents (` + incidentCols + `) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		`INSERT INTO reviews (` + reviewCols + `) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		`UPDATE reviews SET status = ?, decided_at = ?, reason = ?
		 WHERE id = ? AND status = 'pending'
		 RETURNING ` + reviewCols,
	}
	for i, p := range st.list() {
		stmt, err := db.PrepareContext(ctx, queries[i])
		if err != nil {
			return fmt.Errorf("prepare %q: %w", queries[i], err)
		}
		*p = stmt
	}
	return nil
}

func (st *statements) close() error {
	var errs []error
	for _, p := range st.list() {
		if *p != nil {
			errs = append(errs, (*p).Close())
		}
	}
	return errors.Join(errs...)
}
