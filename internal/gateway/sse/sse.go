// Package sse reads Server-Sent Events streams as the gateway proxies them:
// every event is parsed (type, data, id, retry) and also kept as the exact
// bytes that carried it, so the gateway can forward, hold or drop events
// without re-encoding anything. It is built on bufio.Reader, not
// bufio.Scanner, because streamed tool-call arguments exceed Scanner's 64 KiB
// token limit, and it accepts CR, LF and CRLF line endings as the
// specification requires, without ever waiting for a byte it does not need.
package sse

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// Event is one dispatched event.
type Event struct {
	// Type is the event field ("" means "message").
	Type string
	// Data is the data fields joined by "\n".
	Data []byte
	// ID is the last id field, if any.
	ID string
	// Retry is the retry field in milliseconds, or -1.
	Retry int
	// Raw is every byte of the stream from the end of the previous event to
	// the end of this one (comments and field lines included, blank line
	// terminator included): forwarding Raw forwards the event unchanged.
	Raw []byte
}

// ErrLineTooLong is returned when a line exceeds the reader's limit.
var ErrLineTooLong = errors.New("sse: line too long")

// DefaultMaxLine is the longest line accepted by default (8 MiB).
const DefaultMaxLine = 8 << 20

// Reader reads events from a stream.
type Reader struct {
	br      *bufio.Reader
	maxLine int
	skipLF  bool // the previous line ended with CR: a following LF belongs to it
	line    []byte
	raw     []byte
}

// NewReader returns a reader with the default line limit.
func NewReader(r io.Reader) *Reader { return NewReaderSize(r, DefaultMaxLine) }

// NewReaderSize returns a reader accepting lines up to maxLine bytes.
func NewReaderSize(r io.Reader, maxLine int) *Reader {
	return &Reader{br: bufio.NewReaderSize(r, 64<<10), maxLine: maxLine}
}

// readLine returns the next line without its terminator, and appends the
// line with its terminator to r.raw. At the end of the stream a final line
// without terminator is returned with io.EOF.
func (r *Reader) readLine() ([]byte, error) {
	r.line = r.line[:0]
	for {
		if r.br.Buffered() == 0 {
			if _, err := r.br.Peek(1); err != nil {
				if err == io.EOF && len(r.line) > 0 {
					return r.line, io.EOF
				}
				return nil, err
			}
		}
		buf, _ := r.br.Peek(r.br.Buffered())
		if r.skipLF {
			r.skipLF = false
			if buf[0] == '\n' {
				r.raw = append(r.raw, '\n')
				r.br.Discard(1)
				continue
			}
		}
		i := indexEOL(buf)
		if i < 0 {
			r.line = append(r.line, buf...)
			r.raw = append(r.raw, buf...)
			r.br.Discard(len(buf))
			if len(r.line) > r.maxLine {
				return nil, fmt.Errorf("%w (over %d bytes)", ErrLineTooLong, r.maxLine)
			}
			continue
		}
		r.line = append(r.line, buf[:i]...)
		r.raw = append(r.raw, buf[:i+1]...)
		if buf[i] == '\r' {
			r.skipLF = true
		}
		r.br.Discard(i + 1)
		if len(r.line) > r.maxLine {
			return nil, fmt.Errorf("%w (over %d bytes)", ErrLineTooLong, r.maxLine)
		}
		return r.line, nil
	}
}

// Next returns the next event: the lines up to a blank line that follows at
// least one field. Comment lines and extra blank lines before it are part of
// its Raw bytes. It returns io.EOF at the end of the stream (with any
// trailing blank or comment lines in Raw, to be forwarded too); a stream that
// ends in the middle of an event returns the bytes read in Raw with
// io.ErrUnexpectedEOF (the event is not dispatched, as the specification says).
func (r *Reader) Next() (Event, error) {
	ev := Event{Retry: -1}
	var data []byte
	hasData, seenField := false, false
	r.raw = r.raw[:0]
	for {
		line, err := r.readLine()
		if err != nil && line == nil {
			if err == io.EOF && seenField {
				return Event{Retry: -1, Raw: append([]byte(nil), r.raw...)}, io.ErrUnexpectedEOF
			}
			// At the end of the stream, trailing blank or comment lines are
			// returned in Raw with io.EOF so that nothing is lost when forwarding.
			return Event{Retry: -1, Raw: append([]byte(nil), r.raw...)}, err
		}
		if len(line) == 0 {
			if !seenField {
				continue
			}
			if r.skipLF && r.br.Buffered() > 0 {
				// The LF of a CRLF blank line is already here: keep it with this event.
				if b, _ := r.br.Peek(1); b[0] == '\n' {
					r.br.Discard(1)
					r.raw = append(r.raw, '\n')
					r.skipLF = false
				}
			}
			ev.Data = data
			ev.Raw = append([]byte(nil), r.raw...)
			return ev, nil
		}
		if line[0] != ':' {
			seenField = true
		}
		r.field(line, &ev, &data, &hasData)
		if err == io.EOF {
			return Event{Retry: -1, Raw: append([]byte(nil), r.raw...)}, io.ErrUnexpectedEOF
		}
	}
}

// field applies one non-blank line to the event being built.
func (r *Reader) field(line []byte, ev *Event, data *[]byte, hasData *bool) {
	if line[0] == ':' {
		return // comment
	}
	name, value := line, []byte(nil)
	if i := bytes.IndexByte(line, ':'); i >= 0 {
		name, value = line[:i], line[i+1:]
		if len(value) > 0 && value[0] == ' ' {
			value = value[1:]
		}
	}
	switch string(name) {
	case "event":
		ev.Type = string(value)
	case "data":
		if *hasData {
			*data = append(*data, '\n')
		}
		*data = append(*data, value...)
		*hasData = true
	case "id":
		if bytes.IndexByte(value, 0) < 0 {
			ev.ID = string(value)
		}
	case "retry":
		if n, err := strconv.Atoi(string(value)); err == nil && n >= 0 {
			ev.Retry = n
		}
	}
}

// indexEOL returns the index of the first CR or LF in b, or -1.
func indexEOL(b []byte) int {
	lf := bytes.IndexByte(b, '\n')
	if lf < 0 {
		return bytes.IndexByte(b, '\r')
	}
	if cr := bytes.IndexByte(b[:lf], '\r'); cr >= 0 {
		return cr
	}
	return lf
}
