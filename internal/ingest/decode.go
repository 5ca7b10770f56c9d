// Package ingest reads conversation and agent logs in every supported format
// and turns each record into the one trajectory model. Formats are detected per
// record, so a folder of mixed logs scans in one run; bad records are reported
// with file:line and never stop the others.
package ingest

import (
	"bytes"
	"errors"
	"fmt"
	json "github.com/goccy/go-json"
	"reflect"
	"strconv"

	"github.com/faultline-dev/faultline/internal/trajectory"
)

// Source locates a record: the file (or "-" for stdin) and the 1-based line
// where the record starts.
type Source struct {
	File string
	Line int
}

func (s Source) String() string { return s.File + ":" + strconv.Itoa(s.Line) }

// ErrNotTrajectory marks a record that is valid JSON but no trajectory (a
// header line such as {"metadata": {...}}): it is skipped and counted.
var ErrNotTrajectory = errors.New("not a trajectory record")

// Decode decodes one record. force, when not empty, names the format to use
// instead of detection. It returns ErrNotTrajectory for records to skip; any
// other error is a reason to reject the record. OTLP records are decoded on
// their own here (grouped by conversation within the record); the Reader groups
// them across a whole file.
func (r *Registry) Decode(data []byte, src Source, force string) ([]trajectory.Trajectory, error) {
	rec, f, err := r.decodeWire(data, force)
	if err != nil {
		return nil, err
	}
	defer r.recycle(rec)
	if f.Name == FormatOTel {
		g := newOTLPGrouper()
		if err := g.add(rec.ResourceSpans, src.String()); err != nil {
			return nil, err
		}
		return g.trajectories(), nil
	}
	return r.convert(rec, f, src)
}

// decodeWire decodes the record's top level and picks its format.
func (r *Registry) decodeWire(data []byte, force string) (*wireRecord, *Format, error) {
	data = bytes.TrimSpace(data)
	if len(data) == 0 {
		return nil, nil, ErrNotTrajectory
	}
	if data[0] != '{' {
		return nil, nil, fmt.Errorf("record is %s, not a JSON object", kindOf(data))
	}
	rec, err := r.unmarshalRecord(data)
	if err != nil {
		return nil, nil, err
	}
	var f *Format
	if force != "" {
		var ok bool
		if f, ok = r.Lookup(force); !ok {
			return nil, nil, fmt.Errorf("unknown format %q", force)
		}
		if !f.Detect(rec) && !(force == FormatAnthropic && rec.Messages != nil) {
			if other := r.detect(rec); other != nil {
				return nil, nil, fmt.Errorf("record is %s, not %s as forced by --format", other.Name, force)
			}
			return nil, nil, ErrNotTrajectory
		}
	} else if f = r.detect(rec); f == nil {
		return nil, nil, ErrNotTrajectory
	}
	return rec, f, nil
}

// unmarshalRecord decodes the top level of a record: by hand when it has the
// common shape, else by the general decoder.
func (r *Registry) unmarshalRecord(data []byte) (*wireRecord, error) {
	if !r.generalOnly {
		var msgs []wireMessage
		if p, ok := r.wireMessages.Get().(*[]wireMessage); ok {
			msgs = *p
		}
		if rec, ok := decodeFastRecord(data, msgs); ok {
			return rec, nil
		}
		r.putMessages(msgs)
	}
	rec := new(wireRecord)
	if err := json.Unmarshal(data, rec); err != nil {
		return nil, describeJSONError(data, err)
	}
	return rec, nil
}

// recycle keeps the messages of a record whose trajectories are made (they
// share nothing with it) for the next record the hand decoder reads.
func (r *Registry) recycle(rec *wireRecord) {
	clear(rec.Messages)
	r.putMessages(rec.Messages)
}

func (r *Registry) putMessages(msgs []wireMessage) {
	if cap(msgs) > 0 {
		msgs = msgs[:0]
		r.wireMessages.Put(&msgs)
	}
}

func (r *Registry) convert(rec *wireRecord, f *Format, src Source) ([]trajectory.Trajectory, error) {
	id := recordID(rec)
	if id == "" {
		id = src.String()
	}
	trajs, err := f.Convert(rec, id)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.Name, err)
	}
	for i := range trajs {
		trajs[i].Source = src.String()
		if err := finish(&trajs[i]); err != nil {
			if len(trajs) > 1 {
				return nil, fmt.Errorf("%s: %s: %w", f.Name, trajs[i].ID, err)
			}
			return nil, fmt.Errorf("%s: %w", f.Name, err)
		}
	}
	return trajs, nil
}

// describeJSONError turns a json error into a reason that says where in the
// record it happened.
func describeJSONError(data []byte, err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("invalid JSON at byte %d of the record: %w", se.Offset, err)
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Errorf("field %q: expected %s, got %s", te.Field, jsonKind(te.Type), te.Value)
	}
	return fmt.Errorf("invalid record: %w", err)
}

// jsonKind names the JSON kind a Go type decodes from.
func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	case reflect.Pointer:
		return jsonKind(t.Elem())
	}
	return "a number"
}
