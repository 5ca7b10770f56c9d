package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/faultline-dev/faultline/internal/store"
)

// rowScanner is *sql.Row or *sql.Rows.
type rowScanner interface{ Scan(dest ...any) error }

func scanSession(row rowScanner, withTrajectory bool) (store.Session, error) {
	var (
		s                 store.Session
		created, updated  int64
		scores, maxScores []byte
		trajectory        []byte
	)
	dest := []any{&s.ID, &created, &updated, &s.Closed, &s.Turns, &scores, &maxScores}
	if withTrajectory {
		dest = append(dest, &trajectory)
	}
	if err := row.Scan(dest...); err != nil {
		return store.Session{}, err
	}
	s.CreatedAt, s.UpdatedAt = fromMicros(created), fromMicros(updated)
	if err := json.Unmarshal(scores, &s.Scores); err != nil {
		return store.Session{}, fmt.Errorf("session %s scores: %w", s.ID, err)
	}
	if err := json.Unmarshal(maxScores, &s.MaxScores); err != nil {
		return store.Session{}, fmt.Errorf("session %s max scores: %w", s.ID, err)
	}
	if len(trajectory) > 0 {
		s.Trajectory = trajectory
	}
	return s, nil
}

func scanDecision(row rowScanner) (store.Decision, error) {
	var (
		d      store.Decision
		t      int64
		rules  []byte
		detail []byte
		action string
	)
	if err := row.Scan(&d.ID, &d.SessionID, &t, &action, &rules, &d.Turn, &detail); err != nil {
		return store.Decision{}, err
	}
	d.Time, d.Action = fromMicros(t), store.Action(action)
	if err := json.Unmarshal(rules, &d.Rules); err != nil {
		return store.Decision{}, fmt.Errorf("decision %s rules: %w", d.ID, err)
	}
	if len(detail) > 0 {
		d.Detail = detail
	}
	return d, nil
}

func scanIncident(row rowScanner) (store.Incident, error) {
	var (
		in      store.Incident
		t       int64
		finding []byte
		action  string
	)
	if err := row.Scan(&in.ID, &in.SessionID, &t, &in.Phenomenon, &in.Score, &in.Severity, &in.FirstTurn,
		&in.Turn, &finding, &action, &in.DecisionID); err != nil {
		return store.Incident{}, err
	}
	in.Time, in.Action = fromMicros(t), store.Action(action)
	if len(finding) > 0 {
		in.Finding = finding
	}
	return in, nil
}

func scanReview(row rowScanner) (store.Review, error) {
	var (
		r        store.Review
		created  int64
		decided  sql.NullInt64
		toolCall []byte
		status   string
	)
	if err := row.Scan(&r.ID, &r.SessionID, &created, &status, &toolCall, &decided, &r.Reason, &r.ToolKey); err != nil {
		return store.Review{}, err
	}
	r.CreatedAt, r.Status = fromMicros(created), store.ReviewStatus(status)
	if decided.Valid {
		r.DecidedAt = fromMicros(decided.Int64)
	}
	if len(toolCall) > 0 {
		r.ToolCall = toolCall
	}
	return r, nil
}

// notFound maps sql.ErrNoRows to store.ErrNotFound.
func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return store.ErrNotFound
	}
	return err
}

// GetSession implements store.Sessions.
func (s *Store) GetSession(ctx context.Context, id string) (store.Session, error) {
	sess, err := scanSession(s.r.QueryRowContext(ctx, `SELECT `+sessionCols+` FROM sessions WHERE id = ?`, id), true)
	if err != nil {
		return store.Session{}, fmt.Errorf("get session %s: %w", id, notFound(err))
	}
	return sess, nil
}

// ListSessions implements store.Sessions.
func (s *Store) ListSessions(ctx context.Context, f store.SessionFilter) (store.SessionPage, error) {
	var q query
	q.add(!f.UpdatedSince.IsZero(), `updated_at >= ?`, micros(f.UpdatedSince))
	if err := q.cursor(f.Cursor, f.Newest, "updated_at"); err != nil {
		return store.SessionPage{}, fmt.Errorf("list sessions: %w", err)
	}
	limit := store.PageSize(f.Limit)
	cols := strings.TrimSuffix(sessionCols, ", trajectory")
	rows, err := s.r.QueryContext(ctx, q.sql(`SELECT `+cols+` FROM sessions`, "updated_at", f.Newest, limit+1), q.args...)
	if err != nil {
		return store.SessionPage{}, fmt.Errorf("list sessions: %w", err)
	}
	defer rows.Close()
	var page store.SessionPage
	for rows.Next() {
		sess, err := scanSession(rows, false)
		if err != nil {
			return store.SessionPage{}, fmt.Errorf("list sessions: %w", err)
		}
		page.Sessions = append(page.Sessions, sess)
	}
	if err := rows.Err(); err != nil {
		return store.SessionPage{}, fmt.Errorf("list sessions: %w", err)
	}
	if len(page.Sessions) > limit {
		page.Sessions = page.Sessions[:limit]
		last := page.Sessions[limit-1]
		page.Next = store.Cursor{Time: last.UpdatedAt, ID: last.ID}.String()
	}
	return page, nil
}

// ListDecisions implements store.Decisions.
func (s *Store) ListDecisions(ctx context.Context, sessionID string) ([]store.Decision, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+decisionCols+` FROM decisions WHERE session_id = ? ORDER BY time, id`, sessionID)
	if err != nil {
		return nil, fmt.Errorf("list decisions of session %s: %w", sessionID, err)
	}
	defer rows.Close()
	var out []store.Decision
	for rows.Next() {
		d, err := scanDecision(rows)
		if err != nil {
			return nil, fmt.Errorf("list decisions of session %s: %w", sessionID, err)
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list decisions of session %s: %w", sessionID, err)
	}
	return out, nil
}

// GetIncident implements store.Incidents.
func (s *Store) GetIncident(ctx context.Context, id string) (store.Incident, error) {
	in, err := scanIncident(s.r.QueryRowContext(ctx, `SELECT `+incidentCols+` FROM incidents WHERE id = ?`, id))
	if err != nil {
		return store.Incident{}, fmt.Errorf("get incident %s: %w", id, notFound(err))
	}
	return in, nil
}

// ListIncidents implements store.Incidents.
func (s *Store) ListIncidents(ctx context.Context, f store.IncidentFilter) (store.IncidentPage, error) {
	var q query
	q.add(f.SessionID != "", `session_id = ?`, f.SessionID)
	q.add(f.Phenomenon != "", `phenomenon = ?`, f.Phenomenon)
	q.add(!f.Since.IsZero(), `time >= ?`, micros(f.Since))
	q.add(!f.Until.IsZero(), `time < ?`, micros(f.Until))
	if err := q.cursor(f.Cursor, f.Newest, "time"); err != nil {
		return store.IncidentPage{}, fmt.Errorf("list incidents: %w", err)
	}
	limit := store.PageSize(f.Limit)
	rows, err := s.r.QueryContext(ctx, q.sql(`SELECT `+incidentCols+` FROM incidents`, "time", f.Newest, limit+1), q.args...)
	if err != nil {
		return store.IncidentPage{}, fmt.Errorf("list incidents: %w", err)
	}
	defer rows.Close()
	var page store.IncidentPage
	for rows.Next() {
		in, err := scanIncident(rows)
		if err != nil {
			return store.IncidentPage{}, fmt.Errorf("list incidents: %w", err)
		}
		page.Incidents = append(page.Incidents, in)
	}
	if err := rows.Err(); err != nil {
		return store.IncidentPage{}, fmt.Errorf("list incidents: %w", err)
	}
	if len(page.Incidents) > limit {
		page.Incidents = page.Incidents[:limit]
		last := page.Incidents[limit-1]
		page.Next = store.Cursor{Time: last.Time, ID: last.ID}.String()
	}
	return page, nil
}

// GetReview implements store.Reviews.
func (s *Store) GetReview(ctx context.Context, id string) (store.Review, error) {
	r, err := scanReview(s.r.QueryRowContext(ctx, `SELECT `+reviewCols+` FROM reviews WHERE id = ?`, id))
	if err != nil {
		return store.Review{}, fmt.Errorf("get review %s: %w", id, notFound(err))
	}
	return r, nil
}

// ListReviews implements store.Reviews.
func (s *Store) ListReviews(ctx context.Context, f store.ReviewFilter) ([]store.Review, error) {
	var q query
	q.add(f.SessionID != "", `session_id = ?`, f.SessionID)
	q.add(f.Status != "", `status = ?`, string(f.Status))
	rows, err := s.r.QueryContext(ctx, q.sql(`SELECT `+reviewCols+` FROM reviews`, "created_at", false, 0), q.args...)
	if err != nil {
		return nil, fmt.Errorf("list reviews: %w", err)
	}
	defer rows.Close()
	var out []store.Review
	for rows.Next() {
		r, err := scanReview(rows)
		if err != nil {
			return nil, fmt.Errorf("list reviews: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list reviews: %w", err)
	}
	return out, nil
}

// ToolCallApproved implements store.Reviews.
func (s *Store) ToolCallApproved(ctx context.Context, sessionID, toolKey string) (bool, error) {
	if toolKey == "" {
		return false, fmt.Errorf("tool call approved: empty tool key: %w", store.ErrInvalid)
	}
	var one int
	err := s.r.QueryRowContext(ctx, `SELECT 1 FROM reviews WHERE session_id = ? AND tool_key = ? AND status = 'approved' LIMIT 1`,
		sessionID, toolKey).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("tool call approved in session %s: %w", sessionID, err)
	}
	return true, nil
}

// query builds a filtered, keyset-paginated SELECT.
type query struct {
	where []string
	args  []any
}

func (q *query) add(ok bool, cond string, arg any) {
	if ok {
		q.where = append(q.where, cond)
		q.args = append(q.args, arg)
	}
}

// cursor adds the keyset condition of a page token on (timeCol, id).
func (q *query) cursor(token string, newest bool, timeCol string) error {
	c, ok, err := store.ParseCursor(token)
	if err != nil || !ok {
		return err
	}
	op := ">"
	if newest {
		op = "<"
	}
	q.where = append(q.where, "("+timeCol+", id) "+op+" (?, ?)")
	q.args = append(q.args, micros(c.Time), c.ID)
	return nil
}

// sql returns the statement (store.SelectSQL over this query's conditions).
func (q *query) sql(sel, timeCol string, newest bool, limit int) string {
	return store.SelectSQL(sel, q.where, timeCol, newest, limit)
}
