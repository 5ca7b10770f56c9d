package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/faultline-dev/faultline/internal/store"
)

// now is the store's clock, at the precision PostgreSQL keeps.
func now() time.Time { return store.Timestamp(time.Now()) }

func scanSession(row pgx.Row, withTrajectory bool) (store.Session, error) {
	var (
		s                 store.Session
		scores, maxScores []byte
		trajectory        []byte
	)
	dest := []any{&s.ID, &s.CreatedAt, &s.UpdatedAt, &s.Closed, &s.Turns, &scores, &maxScores}
	if withTrajectory {
		dest = append(dest, &trajectory)
	}
	if err := row.Scan(dest...); err != nil {
		return store.Session{}, err
	}
	s.CreatedAt, s.UpdatedAt = s.CreatedAt.UTC(), s.UpdatedAt.UTC()
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

func scanDecision(row pgx.Row) (store.Decision, error) {
	var (
		d      store.Decision
		detail []byte
		action string
	)
	if err := row.Scan(&d.ID, &d.SessionID, &d.Time, &action, &d.Rules, &d.Turn, &detail); err != nil {
		return store.Decision{}, err
	}
	d.Time, d.Action = d.Time.UTC(), store.Action(action)
	if d.Rules == nil {
		d.Rules = []string{}
	}
	if len(detail) > 0 {
		d.Detail = detail
	}
	return d, nil
}

func scanIncident(row pgx.Row) (store.Incident, error) {
	var (
		in      store.Incident
		finding []byte
		action  string
	)
	if err := row.Scan(&in.ID, &in.SessionID, &in.Time, &in.Phenomenon, &in.Score, &in.Severity, &in.FirstTurn,
		&in.Turn, &finding, &action, &in.DecisionID); err != nil {
		return store.Incident{}, err
	}
	in.Time, in.Action = in.Time.UTC(), store.Action(action)
	if len(finding) > 0 {
		in.Finding = finding
	}
	return in, nil
}

func scanReview(row pgx.Row) (store.Review, error) {
	var (
		r        store.Review
		decided  *time.Time
		toolCall []byte
		status   string
	)
	if err := row.Scan(&r.ID, &r.SessionID, &r.CreatedAt, &status, &toolCall, &decided, &r.Reason, &r.ToolKey); err != nil {
		return store.Review{}, err
	}
	r.CreatedAt, r.Status = r.CreatedAt.UTC(), store.ReviewStatus(status)
	if decided != nil {
		r.DecidedAt = decided.UTC()
	}
	if len(toolCall) > 0 {
		r.ToolCall = toolCall
	}
	return r, nil
}

// notFound maps pgx.ErrNoRows to store.ErrNotFound.
func notFound(err error) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return store.ErrNotFound
	}
	return err
}

// collect runs a query and scans every row.
func collect[T any](ctx context.Context, q querier, sql string, args []any, scan func(pgx.Row) (T, error)) ([]T, error) {
	rows, err := q.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// GetSession implements store.Sessions.
func (s *Store) GetSession(ctx context.Context, id string) (store.Session, error) {
	sess, err := scanSession(s.pool.QueryRow(ctx, `SELECT `+sessionCols+` FROM sessions WHERE id = $1`, id), true)
	if err != nil {
		return store.Session{}, fmt.Errorf("get session %s: %w", id, notFound(err))
	}
	return sess, nil
}

// ListSessions implements store.Sessions.
func (s *Store) ListSessions(ctx context.Context, f store.SessionFilter) (store.SessionPage, error) {
	var q query
	q.add(!f.UpdatedSince.IsZero(), `updated_at >= `, f.UpdatedSince)
	if err := q.cursor(f.Cursor, f.Newest, "updated_at"); err != nil {
		return store.SessionPage{}, fmt.Errorf("list sessions: %w", err)
	}
	limit := store.PageSize(f.Limit)
	cols := strings.TrimSuffix(sessionCols, ", trajectory")
	sessions, err := collect(ctx, s.pool, q.sql(`SELECT `+cols+` FROM sessions`, "updated_at", f.Newest, limit+1), q.args,
		func(row pgx.Row) (store.Session, error) { return scanSession(row, false) })
	if err != nil {
		return store.SessionPage{}, fmt.Errorf("list sessions: %w", err)
	}
	page := store.SessionPage{Sessions: sessions}
	if len(sessions) > limit {
		page.Sessions = sessions[:limit]
		last := sessions[limit-1]
		page.Next = store.Cursor{Time: last.UpdatedAt, ID: last.ID}.String()
	}
	return page, nil
}

// ListDecisions implements store.Decisions.
func (s *Store) ListDecisions(ctx context.Context, sessionID string) ([]store.Decision, error) {
	ds, err := collect(ctx, s.pool, `SELECT `+decisionCols+` FROM decisions WHERE session_id = $1 ORDER BY time, id`,
		[]any{sessionID}, scanDecision)
	if err != nil {
		return nil, fmt.Errorf("list decisions of session %s: %w", sessionID, err)
	}
	return ds, nil
}

// GetIncident implements store.Incidents.
func (s *Store) GetIncident(ctx context.Context, id string) (store.Incident, error) {
	in, err := scanIncident(s.pool.QueryRow(ctx, `SELECT `+incidentCols+` FROM incidents WHERE id = $1`, id))
	if err != nil {
		return store.Incident{}, fmt.Errorf("get incident %s: %w", id, notFound(err))
	}
	return in, nil
}

// ListIncidents implements store.Incidents.
func (s *Store) ListIncidents(ctx context.Context, f store.IncidentFilter) (store.IncidentPage, error) {
	var q query
	q.add(f.SessionID != "", `session_id = `, f.SessionID)
	q.add(f.Phenomenon != "", `phenomenon = `, f.Phenomenon)
	q.add(!f.Since.IsZero(), `time >= `, f.Since)
	q.add(!f.Until.IsZero(), `time < `, f.Until)
	if err := q.cursor(f.Cursor, f.Newest, "time"); err != nil {
		return store.IncidentPage{}, fmt.Errorf("list incidents: %w", err)
	}
	limit := store.PageSize(f.Limit)
	incs, err := collect(ctx, s.pool, q.sql(`SELECT `+incidentCols+` FROM incidents`, "time", f.Newest, limit+1), q.args, scanIncident)
	if err != nil {
		return store.IncidentPage{}, fmt.Errorf("list incidents: %w", err)
	}
	page := store.IncidentPage{Incidents: incs}
	if len(incs) > limit {
		page.Incidents = incs[:limit]
		last := incs[limit-1]
		page.Next = store.Cursor{Time: last.Time, ID: last.ID}.String()
	}
	return page, nil
}

// GetReview implements store.Reviews.
func (s *Store) GetReview(ctx context.Context, id string) (store.Review, error) {
	r, err := scanReview(s.pool.QueryRow(ctx, `SELECT `+reviewCols+` FROM reviews WHERE id = $1`, id))
	if err != nil {
		return store.Review{}, fmt.Errorf("get review %s: %w", id, notFound(err))
	}
	return r, nil
}

// ListReviews implements store.Reviews.
func (s *Store) ListReviews(ctx context.Context, f store.ReviewFilter) ([]store.Review, error) {
	var q query
	q.add(f.SessionID != "", `session_id = `, f.SessionID)
	q.add(f.Status != "", `status = `, string(f.Status))
	rs, err := collect(ctx, s.pool, q.sql(`SELECT `+reviewCols+` FROM reviews`, "created_at", false, 0), q.args, scanReview)
	if err != nil {
		return nil, fmt.Errorf("list reviews: %w", err)
	}
	return rs, nil
}

// ToolCallApproved implements store.Reviews.
func (s *Store) ToolCallApproved(ctx context.Context, sessionID, toolKey string) (bool, error) {
	if toolKey == "" {
		return false, fmt.Errorf("tool call approved: empty tool key: %w", store.ErrInvalid)
	}
	var ok bool
	err := s.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM reviews WHERE session_id = $1 AND tool_key = $2 AND status = 'approved')`,
		sessionID, toolKey).Scan(&ok)
	if err != nil {
		return false, fmt.Errorf("tool call approved in session %s: %w", sessionID, err)
	}
	return ok, nil
}

// query builds a filtered, keyset-paginated SELECT with $n placeholders.
type query struct {
	where []string
	args  []any
}

// add appends "cond $n" when ok.
func (q *query) add(ok bool, cond string, arg any) {
	if ok {
		q.args = append(q.args, arg)
		q.where = append(q.where, cond+"$"+strconv.Itoa(len(q.args)))
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
	q.args = append(q.args, c.Time, c.ID)
	n := len(q.args)
	q.where = append(q.where, fmt.Sprintf("(%s, id) %s ($%d, $%d)", timeCol, op, n-1, n))
	return nil
}

// sql returns the statement (store.SelectSQL over this query's conditions).
func (q *query) sql(sel, timeCol string, newest bool, limit int) string {
	return store.SelectSQL(sel, q.where, timeCol, newest, limit)
}
