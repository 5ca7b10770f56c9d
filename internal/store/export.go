package store

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"time"
)

// IncidentSource is what the export reads: incidents and their sessions'
// trajectories. Every Store is one.
type IncidentSource interface {
	Incidents
	GetSession(ctx context.Context, id string) (Session, error)
}

// AllIncidents iterates over every incident matching f, starting at f.Cursor,
// reading pages of PageSize(f.Limit). Iteration stops at the first error,
// which is yielded with a zero Incident.
func AllIncidents(ctx context.Context, src Incidents, f IncidentFilter) iter.Seq2[Incident, error] {
	return func(yield func(Incident, error) bool) {
		for {
			page, err := src.ListIncidents(ctx, f)
			if err != nil {
				yield(Incident{}, fmt.Errorf("list incidents: %w", err))
				return
			}
			for _, in := range page.Incidents {
				if !yield(in, nil) {
					return
				}
			}
			if page.Next == "" {
				return
			}
			f.Cursor = page.Next
		}
	}
}

// ExportMetadata is the "metadata" object of an exported incident record:
// the trajectory's own metadata keys are kept and these are added.
type ExportMetadata struct {
	// SessionID is the incident's session.
	SessionID string `json:"session_id"`
	// Phenomenon, Score and Severity are the incident's.
	Phenomenon string  `json:"phenomenon"`
	Score      float64 `json:"score"`
	Severity   string  `json:"severity,omitempty"`
	// FirstTurn and Turn are the incident's 0-based message indexes.
	FirstTurn int `json:"first_turn"`
	Turn      int `json:"turn"`
	// Action is the gateway's decision on the incident.
	Action Action `json:"action,omitempty"`
	// Time the incident was recorded.
	Time time.Time `json:"time"`
	// TrajectoryID is the "id" of the stored trajectory (the record's own id
	// is the incident ID).
	TrajectoryID json.RawMessage `json:"trajectory_id,omitempty"`
	// Finding is the incident's finding with its evidence: the label when
	// the record becomes training data.
	Finding json.RawMessage `json:"finding,omitempty"`
}

// ExportIncidents writes every incident matching f (from f.Cursor on) to w as
// JSONL in faultline's scan input format, one OpenAI-style record per line:
//
//	{"id": incident ID, "messages": [session trajectory up to and including the incident's turn],
//	 "metadata": {"session_id": ..., "phenomenon": ..., "score": ..., ...}}
//
// Other top-level fields of the stored trajectory (model, tools, ...) and its
// metadata keys are kept, so the lines can be rescanned with `faultline scan`
// and turned into training data. An incident whose session is missing is
// exported with no messages. It returns the number of lines written.
func ExportIncidents(ctx context.Context, src IncidentSource, f IncidentFilter, w io.Writer) (int, error) {
	bw := bufio.NewWriter(w)
	// Incidents of one session come in runs (always, when filtering by
	// session), so a one-entry cache avoids most session reads.
	var cached Session
	n := 0
	for in, err := range AllIncidents(ctx, src, f) {
		if err != nil {
			return n, fmt.Errorf("export incidents: %w", err)
		}
		if cached.ID != in.SessionID {
			s, err := src.GetSession(ctx, in.SessionID)
			switch {
			case errors.Is(err, ErrNotFound):
				s = Session{ID: in.SessionID}
			case err != nil:
				return n, fmt.Errorf("export incident %s: %w", in.ID, err)
			}
			cached = s
		}
		line, err := ExportLine(in, cached.Trajectory)
		if err != nil {
			return n, fmt.Errorf("export incident %s: %w", in.ID, err)
		}
		if _, err := bw.Write(append(line, '\n')); err != nil {
			return n, fmt.Errorf("export incidents: write: %w", err)
		}
		n++
	}
	if err := bw.Flush(); err != nil {
		return n, fmt.Errorf("export incidents: write: %w", err)
	}
	return n, nil
}

// ExportLine builds the exported record of one incident from the trajectory
// of its session (see ExportIncidents), without a trailing newline.
func ExportLine(in Incident, trajectory json.RawMessage) ([]byte, error) {
	rec := map[string]json.RawMessage{}
	if len(trajectory) > 0 {
		if err := json.Unmarshal(trajectory, &rec); err != nil {
			return nil, fmt.Errorf("session %s trajectory is not a JSON object: %w", in.SessionID, err)
		}
	}
	var msgs []json.RawMessage
	if raw, ok := rec["messages"]; ok {
		if err := json.Unmarshal(raw, &msgs); err != nil {
			return nil, fmt.Errorf("session %s trajectory messages: %w", in.SessionID, err)
		}
	}
	if in.Turn >= 0 && in.Turn+1 < len(msgs) {
		msgs = msgs[:in.Turn+1]
	}
	if msgs == nil {
		msgs = []json.RawMessage{}
	}
	meta := map[string]json.RawMessage{}
	if raw, ok := rec["metadata"]; ok && len(raw) > 0 && raw[0] == '{' {
		if err := json.Unmarshal(raw, &meta); err != nil {
			return nil, fmt.Errorf("session %s trajectory metadata: %w", in.SessionID, err)
		}
	}
	delete(meta, "id") // the record's id is the incident's
	ours, err := json.Marshal(ExportMetadata{
		SessionID:    in.SessionID,
		Phenomenon:   in.Phenomenon,
		Score:        in.Score,
		Severity:     in.Severity,
		FirstTurn:    in.FirstTurn,
		Turn:         in.Turn,
		Action:       in.Action,
		Time:         in.Time,
		TrajectoryID: rec["id"],
		Finding:      in.Finding,
	})
	if err != nil {
		return nil, fmt.Errorf("marshal metadata: %w", err)
	}
	var oursMap map[string]json.RawMessage
	if err := json.Unmarshal(ours, &oursMap); err != nil {
		return nil, fmt.Errorf("merge metadata: %w", err)
	}
	for k, v := range oursMap {
		meta[k] = v
	}
	id, err := json.Marshal(in.ID)
	if err != nil {
		return nil, fmt.Errorf("marshal id: %w", err)
	}
	rec["id"] = id
	if rec["messages"], err = json.Marshal(msgs); err != nil {
		return nil, fmt.Errorf("marshal messages: %w", err)
	}
	if rec["metadata"], err = json.Marshal(meta); err != nil {
		return nil, fmt.Errorf("marshal metadata: %w", err)
	}
	out, err := json.Marshal(rec)
	if err != nil {
		return nil, fmt.Errorf("marshal record: %w", err)
	}
	return out, nil
}
