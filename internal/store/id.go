package store

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"time"
)

// ID prefixes of the records the store names itself.
const (
	PrefixDecision = "dec_"
	PrefixIncident = "inc_"
	PrefixReview   = "rev_"
)

// NewID returns prefix followed by 14 hex digits of the Unix time in
// microseconds and 10 random hex digits, so IDs of one prefix sort in creation
// order (until the year 2112) and never collide in practice.
func NewID(prefix string, now time.Time) string {
	var rnd [5]byte
	_, _ = rand.Read(rnd[:]) // crypto/rand.Read never fails (Go 1.24+)
	return fmt.Sprintf("%s%014x%s", prefix, now.UnixMicro(), hex.EncodeToString(rnd[:]))
}

// Timestamp normalizes t to what every back end stores exactly: UTC at
// microsecond precision. Back ends apply it to every time they write, so a
// record read back equals the record written.
func Timestamp(t time.Time) time.Time {
	return t.UTC().Truncate(time.Microsecond)
}

// Normalize validates s and sets UpdatedAt (to now when zero) and CreatedAt
// (to UpdatedAt when zero) to Timestamp precision. Back ends call it before
// writing.
func (s *Session) Normalize(now time.Time) error {
	if err := s.Validate(); err != nil {
		return err
	}
	if s.UpdatedAt.IsZero() {
		s.UpdatedAt = now
	}
	s.UpdatedAt = Timestamp(s.UpdatedAt)
	if s.CreatedAt.IsZero() {
		s.CreatedAt = s.UpdatedAt
	}
	s.CreatedAt = Timestamp(s.CreatedAt)
	return nil
}

// Normalize validates d and assigns its ID and Time when missing. Back ends
// call it before writing.
func (d *Decision) Normalize(now time.Time) error {
	if err := d.Validate(); err != nil {
		return err
	}
	if d.Time.IsZero() {
		d.Time = now
	}
	d.Time = Timestamp(d.Time)
	if d.ID == "" {
		d.ID = NewID(PrefixDecision, d.Time)
	}
	if d.Rules == nil {
		d.Rules = []string{}
	}
	return nil
}

// Normalize validates in and assigns its ID and Time when missing. Back ends
// call it before writing.
func (in *Incident) Normalize(now time.Time) error {
	if err := in.Validate(); err != nil {
		return err
	}
	if in.Time.IsZero() {
		in.Time = now
	}
	in.Time = Timestamp(in.Time)
	if in.ID == "" {
		in.ID = NewID(PrefixIncident, in.Time)
	}
	return nil
}

// Normalize validates r, forces it pending and assigns its ID and CreatedAt
// when missing. Back ends call it before writing.
func (r *Review) Normalize(now time.Time) error {
	if err := r.Validate(); err != nil {
		return err
	}
	if r.CreatedAt.IsZero() {
		r.CreatedAt = now
	}
	r.CreatedAt = Timestamp(r.CreatedAt)
	if r.ID == "" {
		r.ID = NewID(PrefixReview, r.CreatedAt)
	}
	r.Status = ReviewPending
	r.DecidedAt = time.Time{}
	r.Reason = ""
	return nil
}

// Normalize prepares every part of rec, linking incidents to the decision:
// an incident without DecisionID or Action takes the decision's.
func (rec *Record) Normalize(now time.Time) error {
	if rec.Session != nil {
		if err := rec.Session.Normalize(now); err != nil {
			return err
		}
	}
	if rec.Decision != nil {
		if err := rec.Decision.Normalize(now); err != nil {
			return err
		}
	}
	for _, in := range rec.Incidents {
		if in == nil {
			return fmt.Errorf("record: nil incident: %w", ErrInvalid)
		}
		if rec.Decision != nil {
			if in.DecisionID == "" {
				in.DecisionID = rec.Decision.ID
			}
			if in.Action == "" {
				in.Action = rec.Decision.Action
			}
		}
		if err := in.Normalize(now); err != nil {
			return err
		}
	}
	if rec.Review != nil {
		if err := rec.Review.Normalize(now); err != nil {
			return err
		}
	}
	return nil
}

// CheckDecision validates a review decision's target status.
func CheckDecision(status ReviewStatus) error {
	if status != ReviewApproved && status != ReviewDenied {
		return fmt.Errorf("review decision %q: want approved or denied: %w", status, ErrInvalid)
	}
	return nil
}
