package ingest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/faultline-dev/faultline/internal/trajectory"
)

// Item is one record as read from an input, in input order. Exactly one of
// Data, Trajectories and Err is meaningful: Data is a raw JSON record still to
// be decoded (decoding is left to the caller so that it can run in parallel),
// Trajectories are already decoded (OTLP spans grouped across a file), and Err
// is a record that could not even be delimited.
type Item struct {
	Source       Source
	Data         []byte
	Trajectories []trajectory.Trajectory
	Err          error
}

// StdinName is the file name used in sources for standard input.
const StdinName = "-"

// Reader reads records from files, folders and standard input. It holds at
// most one record (plus buffering) in memory at a time, except for OTLP spans,
// which are grouped per file.
type Reader struct {
	// Stdin is read for the path "-".
	Stdin io.Reader
	// Progress, when set, is called with the number of input bytes consumed.
	Progress func(n int64)
	// Force, when set, treats every record as this format (OTLP grouping only
	// happens for "otel" or when not forcing).
	Force string
}

// Inputs expands paths into the files to read: folders are walked recursively
// for .json, .jsonl, .ndjson files (optionally .gz), skipping hidden entries;
// files named explicitly are always read. "-" is standard input.
func Inputs(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		if p == StdinName {
			out = append(out, p)
			continue
		}
		fi, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("input %s: %w", p, err)
		}
		if !fi.IsDir() {
			out = append(out, p)
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			name := d.Name()
			if path != p && strings.HasPrefix(name, ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if !d.IsDir() && IsLogFile(name) {
				out = append(out, path)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("walking %s: %w", p, err)
		}
	}
	return out, nil
}

// IsLogFile reports whether a file name looks like a JSON log faultline reads
// when walking a folder.
func IsLogFile(name string) bool {
	name = strings.TrimSuffix(strings.ToLower(name), ".gz")
	return strings.HasSuffix(name, ".json") || strings.HasSuffix(name, ".jsonl") || strings.HasSuffix(name, ".ndjson")
}

// ReadFile reads one input (a path or "-") and calls emit for every record in
// order. It returns an error only when the input cannot be opened or read;
// problems of single records arrive as Items with Err set.
func (r *Reader) ReadFile(path string, emit func(Item) error) error {
	var src io.Reader
	name := path
	if path == StdinName {
		if r.Stdin == nil {
			return errors.New("standard input is not available")
		}
		src = r.Stdin
	} else {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		src = f
	}
	if r.Progress != nil {
		src = &progressReader{r: src, fn: r.Progress}
	}
	br := bufio.NewReaderSize(src, 1<<20)
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return fmt.Errorf("%s: gzip: %w", name, err)
		}
		defer zr.Close()
		br = bufio.NewReaderSize(zr, 1<<20)
	}
	fr := &fileReader{name: name, br: br, emit: emit, force: r.Force}
	return fr.read()
}

type progressReader struct {
	r  io.Reader
	fn func(int64)
}

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	if n > 0 {
		p.fn(int64(n))
	}
	return n, err
}

// fileReader delimits the records of one input.
type fileReader struct {
	name  string
	br    *bufio.Reader
	emit  func(Item) error
	force string
	otlp  *otlpGrouper
	line  int // lines consumed so far
	buf   []byte
}

// hasResourceSpans reports whether data contains the key "resourceSpans"
// (quotes included). It looks for its tail `Spans"` first: its first byte
// is rare in JSON, so the search skips from candidate to candidate, where
// one for the whole key starts at every quote.
func hasResourceSpans(data []byte) bool {
	const head, tail = `"resource`, `Spans"`
	for i := len(head); i+len(tail) <= len(data); {
		j := bytes.Index(data[i:], []byte(tail))
		if j < 0 {
			return false
		}
		i += j
		if string(data[i-len(head):i]) == head {
			return true
		}
		i++
	}
	return false
}

func (fr *fileReader) read() error {
	first, err := fr.skipSpace()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil // empty input
		}
		return fmt.Errorf("%s: %w", fr.name, err)
	}
	switch {
	case first == '[':
		err = fr.readStream(true)
	default:
		err = fr.readLines()
	}
	if err != nil {
		return err
	}
	return fr.flushOTLP()
}

// skipSpace consumes leading white space and a UTF-8 byte-order mark and
// returns the next byte without consuming it.
func (fr *fileReader) skipSpace() (byte, error) {
	if bom, _ := fr.br.Peek(3); bytes.Equal(bom, []byte{0xEF, 0xBB, 0xBF}) {
		fr.br.Discard(3)
	}
	for {
		b, err := fr.br.ReadByte()
		if err != nil {
			return 0, err
		}
		switch b {
		case '\n':
			fr.line++
		case ' ', '\t', '\r':
		default:
			fr.br.UnreadByte()
			return b, nil
		}
	}
}

// readLine returns the next line without its line ending; the slice is valid
// until the next call. Lines may be longer than the buffer.
func (fr *fileReader) readLine() ([]byte, error) {
	chunk, err := fr.br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		// A line longer than the buffer: collect it.
		fr.buf = append(fr.buf[:0], chunk...)
		for err == bufio.ErrBufferFull {
			chunk, err = fr.br.ReadSlice('\n')
			fr.buf = append(fr.buf, chunk...)
		}
		chunk = fr.buf
	}
	if err != nil && (err != io.EOF || len(chunk) == 0) {
		return nil, err
	}
	fr.line++
	return bytes.TrimRight(chunk, "\r\n"), nil
}

// readLines reads JSON Lines. A first line that opens a JSON value without
// closing it means the input is one pretty-printed document (or a stream of
// them), which is read as a stream instead.
func (fr *fileReader) readLines() error {
	startLine := fr.line
	line, err := fr.readLine()
	if err != nil {
		return fr.ioErr(err)
	}
	if t := bytes.TrimSpace(line); !json.Valid(t) && opensValue(t) {
		// Re-read the document from its first line as a stream.
		rest := io.MultiReader(bytes.NewReader(append(append([]byte(nil), line...), '\n')), fr.br)
		fr.br = bufio.NewReaderSize(rest, 1<<20)
		fr.line = startLine
		return fr.readStream(false)
	}
	for {
		if err := fr.record(line, fr.line); err != nil {
			return err
		}
		line, err = fr.readLine()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fr.ioErr(err)
		}
	}
}

func (fr *fileReader) ioErr(err error) error {
	if err == io.EOF {
		return nil
	}
	return fmt.Errorf("%s:%d: reading: %w", fr.name, fr.line+1, err)
}

// opensValue reports whether a line ends by opening an object or array, as
// the first line of a pretty-printed document does.
func opensValue(line []byte) bool {
	if len(line) == 0 {
		return false
	}
	last := line[len(line)-1]
	return last == '{' || last == '['
}

// record emits one delimited record found at line.
func (fr *fileReader) record(data []byte, line int) error {
	src := Source{File: fr.name, Line: line}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil
	}
	if (fr.force == "" || fr.force == FormatOTel) && hasResourceSpans(data) {
		var top struct {
			ResourceSpans json.RawMessage `json:"resourceSpans"`
		}
		if json.Unmarshal(data, &top) == nil && top.ResourceSpans != nil {
			if fr.otlp == nil {
				fr.otlp = newOTLPGrouper()
			}
			if err := fr.otlp.add(top.ResourceSpans, src.String()); err != nil {
				return fr.emit(Item{Source: src, Err: fmt.Errorf("otel: %w", err)})
			}
			return nil
		}
	}
	return fr.emit(Item{Source: src, Data: append([]byte(nil), data...)})
}

func (fr *fileReader) flushOTLP() error {
	if fr.otlp == nil {
		return nil
	}
	trajs := fr.otlp.trajectories()
	fr.otlp = nil
	for i := range trajs {
		t := trajs[i]
		if err := finish(&t); err != nil {
			if e := fr.emit(Item{Source: sourceOf(t.Source, fr.name), Err: fmt.Errorf("otel: %s: %w", t.ID, err)}); e != nil {
				return e
			}
			continue
		}
		if err := fr.emit(Item{Source: sourceOf(t.Source, fr.name), Trajectories: []trajectory.Trajectory{t}}); err != nil {
			return err
		}
	}
	return nil
}

// sourceOf parses a "file:line" source back, falling back to the file alone.
func sourceOf(s, file string) Source {
	if i := strings.LastIndexByte(s, ':'); i >= 0 {
		var line int
		if _, err := fmt.Sscanf(s[i+1:], "%d", &line); err == nil {
			return Source{File: s[:i], Line: line}
		}
	}
	return Source{File: file}
}

// readStream reads a JSON array of records (inArray) or a stream of
// concatenated JSON documents. A syntax error ends the input: past it the
// record boundaries are unknown, so it is reported once with its line.
func (fr *fileReader) readStream(inArray bool) error {
	lc := &lineCounter{r: fr.br, base: fr.line}
	dec := json.NewDecoder(lc)
	dec.UseNumber()
	if inArray {
		if _, err := dec.Token(); err != nil {
			return fmt.Errorf("%s:%d: %w", fr.name, lc.lineAt(dec.InputOffset()), err)
		}
	}
	for {
		if inArray && !dec.More() {
			if _, err := dec.Token(); err != nil {
				return fr.emit(Item{Source: Source{fr.name, lc.lineAt(dec.InputOffset())}, Err: fmt.Errorf("unterminated JSON array: %w", err)})
			}
			return nil
		}
		var raw json.RawMessage
		err := dec.Decode(&raw)
		if err == io.EOF && !inArray {
			return nil
		}
		if err != nil {
			var se *json.SyntaxError
			if errors.As(err, &se) || errors.Is(err, io.ErrUnexpectedEOF) {
				off := dec.InputOffset()
				if se != nil {
					off = se.Offset
				}
				return fr.emit(Item{Source: Source{fr.name, lc.lineAt(off)}, Err: fmt.Errorf("invalid JSON (the rest of the input cannot be delimited and is not read): %w", err)})
			}
			return fmt.Errorf("%s:%d: reading: %w", fr.name, lc.lineAt(dec.InputOffset()), err)
		}
		end := dec.InputOffset()
		start := end - int64(len(raw))
		if err := fr.record(raw, lc.lineAt(start)); err != nil {
			return err
		}
	}
}

// lineCounter tracks newline offsets in a stream so that byte offsets of a
// json.Decoder can be turned into line numbers. Queries must not decrease;
// offsets already passed are dropped, keeping memory bounded by the decoder's
// buffer.
type lineCounter struct {
	r        io.Reader
	base     int     // lines before the stream started
	read     int64   // bytes read so far
	newlines []int64 // offsets of newlines not yet passed by a query
	passed   int     // newlines before the last query
}

func (lc *lineCounter) Read(b []byte) (int, error) {
	n, err := lc.r.Read(b)
	for i := 0; i < n; {
		j := bytes.IndexByte(b[i:n], '\n')
		if j < 0 {
			break
		}
		lc.newlines = append(lc.newlines, lc.read+int64(i+j))
		i += j + 1
	}
	lc.read += int64(n)
	return n, err
}

// lineAt returns the 1-based line of byte offset off.
func (lc *lineCounter) lineAt(off int64) int {
	k := 0
	for k < len(lc.newlines) && lc.newlines[k] < off {
		k++
	}
	lc.passed += k
	lc.newlines = lc.newlines[k:]
	return lc.base + lc.passed + 1
}
