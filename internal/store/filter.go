package store

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Page sizes of the List methods.
const (
	// DefaultLimit is the page size when a filter's Limit is 0.
	DefaultLimit = 100
	// MaxLimit caps a filter's Limit.
	MaxLimit = 1000
)

// IncidentFilter selects incidents. Zero fields do not filter.
type IncidentFilter struct {
	// SessionID keeps the incidents of one session.
	SessionID string
	// Phenomenon keeps the incidents of one taxonomy phenomenon ID.
	Phenomenon string
	// Since keeps incidents with Time >= Since.
	Since time.Time
	// Until keeps incidents with Time < Until.
	Until time.Time
	// Newest orders newest first instead of oldest first.
	Newest bool
	// Limit is the page size: 0 means DefaultLimit, larger than MaxLimit means MaxLimit.
	Limit int
	// Cursor is IncidentPage.Next of the previous page, with the same filter.
	Cursor string
}

// IncidentPage is one page of ListIncidents.
type IncidentPage struct {
	// Incidents of this page, in filter order.
	Incidents []Incident
	// Next is the cursor of the next page; empty on the last page.
	Next string
}

// SessionFilter selects sessions. Zero fields do not filter.
type SessionFilter struct {
	// UpdatedSince keeps sessions with UpdatedAt >= UpdatedSince.
	UpdatedSince time.Time
	// Newest orders most recently updated first.
	Newest bool
	// Limit is the page size, as in IncidentFilter.
	Limit int
	// Cursor is SessionPage.Next of the previous page, with the same filter.
	Cursor string
}

// SessionPage is one page of ListSessions. Its sessions have no Trajectory.
type SessionPage struct {
	// Sessions of this page, in filter order.
	Sessions []Session
	// Next is the cursor of the next page; empty on the last page.
	Next string
}

// ReviewFilter selects reviews. Zero fields do not filter.
type ReviewFilter struct {
	// SessionID keeps the reviews of one session.
	SessionID string
	// Status keeps the reviews in one state.
	Status ReviewStatus
}

// PageSize returns the effective page size of a filter's Limit.
func PageSize(limit int) int {
	switch {
	case limit <= 0:
		return DefaultLimit
	case limit > MaxLimit:
		return MaxLimit
	}
	return limit
}

// Cursor is a position in a (time, id) ordering. Back ends encode it into
// the opaque Next strings of pages.
type Cursor struct {
	// Time of the last record returned.
	Time time.Time
	// ID of the last record returned.
	ID string
}

// String encodes c as an opaque URL-safe token.
func (c Cursor) String() string {
	raw := strconv.FormatInt(c.Time.UnixMicro(), 10) + ":" + c.ID
	return base64.RawURLEncoding.EncodeToString([]byte(raw))
}

// ParseCursor decodes a token made by Cursor.String. The empty token gives
// ok == false and no error.
func ParseCursor(token string) (c Cursor, ok bool, err error) {
	if token == "" {
		return Cursor{}, false, nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil {
		return Cursor{}, false, fmt.Errorf("cursor %q: %w", token, ErrInvalid)
	}
	micros, id, found := strings.Cut(string(raw), ":")
	us, perr := strconv.ParseInt(micros, 10, 64)
	if !found || perr != nil || id == "" {
		return Cursor{}, false, fmt.Errorf("cursor %q: %w", token, ErrInvalid)
	}
	return Cursor{Time: time.UnixMicro(us).UTC(), ID: id}, true, nil
}

// SelectSQL completes a keyset-paginated SELECT for either back end: the
// WHERE clause joining where (conditions already carrying their dialect's
// placeholders), ORDER BY (timeCol, id) in the page direction and, when
// limit > 0, LIMIT.
func SelectSQL(sel string, where []string, timeCol string, newest bool, limit int) string {
	var b strings.Builder
	b.WriteString(sel)
	if len(where) > 0 {
		b.WriteString(" WHERE ")
		b.WriteString(strings.Join(where, " AND "))
	}
	dir := " ASC"
	if newest {
		dir = " DESC"
	}
	b.WriteString(" ORDER BY " + timeCol + dir + ", id" + dir)
	if limit > 0 {
		fmt.Fprintf(&b, " LIMIT %d", limit)
	}
	return b.String()
}
