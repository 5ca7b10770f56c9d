package bench

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/faultline-dev/faultline/internal/ingest"
)

// source names a record as "<path relative to the datasets root>:<line>".
func source(rel string, line int) string {
	return ingest.Source{File: rel, Line: line}.String()
}

// relPath returns path relative to root with forward slashes, or path itself
// when it is not below root.
func relPath(root, path string) string {
	r, err := filepath.Rel(root, path)
	if err != nil || strings.HasPrefix(r, "..") {
		return filepath.ToSlash(path)
	}
	return filepath.ToSlash(r)
}

// readJSONL calls fn for every non-blank line of the file root/rel (gzip
// compressed when its name ends in .gz) with its 1-based line number. Errors
// returned by fn are wrapped with "rel:line".
func readJSONL(root, rel string, fn func(line int, data []byte) error) error {
	f, err := os.Open(filepath.Join(root, filepath.FromSlash(rel)))
	if err != nil {
		return err
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(rel, ".gz") {
		gz, err := gzip.NewReader(f)
		if err != nil {
			return fmt.Errorf("%s: %w", rel, err)
		}
		defer gz.Close()
		r = gz
	}
	br := bufio.NewReaderSize(r, 1<<20)
	for line := 1; ; line++ {
		data, err := br.ReadBytes('\n')
		if len(bytes.TrimSpace(data)) > 0 {
			if ferr := fn(line, data); ferr != nil {
				return fmt.Errorf("%s: %w", source(rel, line), ferr)
			}
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s:%d: %w", rel, line, err)
		}
	}
}

// decodeLine unmarshals one JSON record, saying where in the record a syntax
// error is.
func decodeLine(data []byte, v any) error {
	if err := json.Unmarshal(data, v); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return fmt.Errorf("invalid JSON at byte %d of the record: %w", se.Offset, err)
		}
		return err
	}
	return nil
}

// readFile reads root/rel.
func readFile(root, rel string) ([]byte, error) {
	return os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
}

// forEachElement calls fn for every element of a JSON array with the 1-based
// line where the element starts. The array is the whole document when key is
// empty, else the value of that key of the top-level object. Errors are
// wrapped with "rel:line".
func forEachElement(rel string, data []byte, key string, fn func(line int, raw json.RawMessage) error) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	lines := lineCounter{data: data}
	if key != "" {
		if err := expectDelim(dec, '{'); err != nil {
			return fmt.Errorf("%s: %w", rel, err)
		}
		for {
			if !dec.More() {
				return fmt.Errorf("%s: no key %q in the top-level object", rel, key)
			}
			tok, err := dec.Token()
			if err != nil {
				return fmt.Errorf("%s:%d: %w", rel, lines.at(int(dec.InputOffset())), err)
			}
			if tok == key {
				break
			}
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return fmt.Errorf("%s:%d: %w", rel, lines.at(int(dec.InputOffset())), err)
			}
		}
	}
	if err := expectDelim(dec, '['); err != nil {
		return fmt.Errorf("%s: %w", rel, err)
	}
	for dec.More() {
		start := skipSeparators(data, int(dec.InputOffset()))
		line := lines.at(start)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return fmt.Errorf("%s: %w", source(rel, line), err)
		}
		if err := fn(line, raw); err != nil {
			return fmt.Errorf("%s: %w", source(rel, line), err)
		}
	}
	return nil
}

func expectDelim(dec *json.Decoder, want json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		return fmt.Errorf("expected %q, got %v", want, tok)
	}
	return nil
}

// skipSeparators returns the offset of the first byte at or after off that is
// neither JSON whitespace nor a comma.
func skipSeparators(data []byte, off int) int {
	for off < len(data) {
		switch data[off] {
		case ' ', '\t', '\r', '\n', ',':
			off++
		default:
			return off
		}
	}
	return off
}

// lineCounter maps increasing byte offsets to 1-based line numbers in one pass.
type lineCounter struct {
	data []byte
	off  int
	line int
}

func (c *lineCounter) at(off int) int {
	if c.line == 0 {
		c.line = 1
	}
	if off < c.off {
		c.off, c.line = 0, 1
	}
	off = min(off, len(c.data))
	c.line += bytes.Count(c.data[c.off:off], []byte{'\n'})
	c.off = off
	return c.line
}

// bucket returns a stable bucket name prefix+"0".."n-1" for s (FNV-1a).
func bucket(prefix, s string, n int) string {
	h := fnv.New32a()
	h.Write([]byte(s))
	return prefix + strconv.Itoa(int(h.Sum32()%uint32(n)))
}

// textLines splits a text file into lines without their "\r\n" or "\n"; a
// final newline does not make an extra empty line.
func textLines(data []byte) []string {
	s := strings.TrimSuffix(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}
