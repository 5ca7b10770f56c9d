package sse

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

type want struct {
	typ, data, id string
	retry         int
}

// readAll reads every event; trailing bytes returned with io.EOF are
// appended to the last event's Raw so that Raw still covers the stream.
func readAll(t testing.TB, r io.Reader) ([]Event, error) {
	rd := NewReader(r)
	var out []Event
	for {
		ev, err := rd.Next()
		if err == io.EOF {
			if len(ev.Raw) > 0 && len(out) > 0 {
				out[len(out)-1].Raw = append(out[len(out)-1].Raw, ev.Raw...)
			}
			return out, nil
		}
		if err != nil {
			return append(out, ev), err
		}
		out = append(out, ev)
	}
}

func TestReader(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		want  []want
		errIs error
	}{
		{"lf", "data: a\n\ndata: b\n\n", []want{{"", "a", "", -1}, {"", "b", "", -1}}, nil},
		{"crlf", "data: a\r\n\r\nevent: x\r\ndata: b\r\n\r\n", []want{{"", "a", "", -1}, {"x", "b", "", -1}}, nil},
		{"cr", "data: a\r\rdata: b\r\r", []want{{"", "a", "", -1}, {"", "b", "", -1}}, nil},
		{"mixed endings", "data: a\r\ndata: b\rdata: c\n\n", []want{{"", "a\nb\nc", "", -1}}, nil},
		{"multi-line data", "data: {\"a\":\ndata: 1}\n\n", []want{{"", "{\"a\":\n1}", "", -1}}, nil},
		{"no space after colon", "data:x\n\n", []want{{"", "x", "", -1}}, nil},
		{"only one space stripped", "data:  x\n\n", []want{{"", " x", "", -1}}, nil},
		{"comments and id retry", ": keep-alive\n\nid: 7\nretry: 1500\nevent: ping\ndata: p\n\n", []want{{"ping", "p", "7", 1500}}, nil},
		{"field without colon", "data\n\n", []want{{"", "", "", -1}}, nil},
		{"openai done", "data: {\"choices\":[]}\n\ndata: [DONE]\n\n", []want{{"", "{\"choices\":[]}", "", -1}, {"", "[DONE]", "", -1}}, nil},
		{"truncated event", "data: a\n\ndata: b", []want{{"", "a", "", -1}, {"", "", "", -1}}, io.ErrUnexpectedEOF},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, mode := range []string{"whole", "byte-by-byte"} {
				var r io.Reader = strings.NewReader(tc.in)
				if mode != "whole" {
					r = iotest.OneByteReader(r)
				}
				got, err := readAll(t, r)
				if !errors.Is(err, tc.errIs) && err != tc.errIs {
					t.Fatalf("%s: err %v, want %v", mode, err, tc.errIs)
				}
				if len(got) != len(tc.want) {
					t.Fatalf("%s: %d events, want %d: %+v", mode, len(got), len(tc.want), got)
				}
				var raw bytes.Buffer
				for i, w := range tc.want {
					g := got[i]
					raw.Write(g.Raw)
					if tc.errIs != nil && i == len(tc.want)-1 {
						continue
					}
					if g.Type != w.typ || string(g.Data) != w.data || g.ID != w.id || g.Retry != w.retry {
						t.Errorf("%s: event %d = {%q %q %q %d}, want %+v", mode, i, g.Type, g.Data, g.ID, g.Retry, w)
					}
				}
				if raw.String() != tc.in {
					t.Errorf("%s: Raw bytes do not reproduce the stream:\n%q\n%q", mode, raw.String(), tc.in)
				}
			}
		})
	}
}

// TestLargeLine: tool-call arguments far beyond 64 KiB in one data line.
func TestLargeLine(t *testing.T) {
	big := strings.Repeat("x", 1<<20)
	got, err := readAll(t, strings.NewReader("data: "+big+"\n\n"))
	if err != nil || len(got) != 1 || len(got[0].Data) != 1<<20 {
		t.Fatalf("err %v, %d events", err, len(got))
	}
	rd := NewReaderSize(strings.NewReader("data: "+big+"\n\n"), 1000)
	if _, err := rd.Next(); !errors.Is(err, ErrLineTooLong) {
		t.Errorf("err %v, want ErrLineTooLong", err)
	}
}

// TestNoReadAhead: an event is returned as soon as its blank line arrives,
// even when the stream then blocks (a CR-terminated blank line included).
func TestNoReadAhead(t *testing.T) {
	pr, pw := io.Pipe()
	rd := NewReader(pr)
	go pw.Write([]byte("data: a\r\r"))
	done := make(chan Event)
	go func() {
		ev, _ := rd.Next()
		done <- ev
	}()
	ev := <-done
	if string(ev.Data) != "a" {
		t.Fatalf("got %q", ev.Data)
	}
	go pw.Write([]byte("\ndata: b\n\n"))
	ev, err := rd.Next()
	if err != nil || string(ev.Data) != "b" || string(ev.Raw) != "\ndata: b\n\n" {
		t.Fatalf("after CR: %q %q %v", ev.Data, ev.Raw, err)
	}
	pw.Close()
}

// FuzzReader: any stream parses without panic, and the Raw bytes of the
// events returned always reproduce exactly the bytes consumed.
func FuzzReader(f *testing.F) {
	for _, s := range []string{"data: a\n\n", "data: a\r\n\r\n", "data: a\r\r", ": c\n\nevent: e\ndata: 1\ndata: 2\n\n", "id: 1\nretry: x\n\n", "data: [DONE]\n\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		rd := NewReaderSize(bytes.NewReader(in), 1<<16)
		var raw bytes.Buffer
		for {
			ev, err := rd.Next()
			raw.Write(ev.Raw)
			if err != nil {
				break
			}
		}
		if !bytes.HasPrefix(in, raw.Bytes()) {
			t.Fatalf("raw bytes are not a prefix of the input")
		}
	})
}

func BenchmarkReader(b *testing.B) {
	var s strings.Builder
	for i := 0; i < 500; i++ {
		s.WriteString(`data: {"id":"c","choices":[{"index":0,"delta":{"content":"token "}}]}` + "\n\n")
	}
	in := s.String()
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		rd := NewReader(strings.NewReader(in))
		for {
			if _, err := rd.Next(); err != nil {
				break
			}
		}
	}
}
