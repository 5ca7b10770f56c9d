package ingest

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// seedFromFormats adds every line of the format fixtures to the corpus.
func seedFromFormats(f *testing.F) {
	files, _ := filepath.Glob("testdata/formats/*.jsonl")
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		for _, line := range bytes.Split(data, []byte("\n")) {
			f.Add(line)
		}
	}
}

// FuzzDecode: any record either decodes into valid trajectories, is skipped,
// or is rejected with an error; it never panics.
func FuzzDecode(f *testing.F) {
	seedFromFormats(f)
	reg := DefaultRegistry()
	f.Fuzz(func(t *testing.T, data []byte) {
		trajs, err := reg.Decode(data, Source{"fuzz", 1}, "")
		if err != nil {
			if len(trajs) != 0 {
				t.Fatalf("error %v with %d trajectories", err, len(trajs))
			}
			return
		}
		for _, tr := range trajs {
			if len(tr.Messages) == 0 {
				t.Fatalf("trajectory %q without messages accepted", tr.ID)
			}
			for i, m := range tr.Messages {
				if !m.Role.Valid() {
					t.Fatalf("message %d has invalid role %q", i, m.Role)
				}
			}
		}
	})
}

// FuzzReader: any file content is delimited into items without panicking, and
// every item has exactly one of data, trajectories or error.
func FuzzReader(f *testing.F) {
	files, _ := filepath.Glob("testdata/formats/*.json*")
	for _, file := range files {
		if data, err := os.ReadFile(file); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("[{\"messages\": [], }\n"))
	f.Add([]byte("{\n\"a\": [\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		p := filepath.Join(dir, "in.jsonl")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		r := &Reader{}
		err := r.ReadFile(p, func(it Item) error {
			n := 0
			if it.Data != nil {
				n++
			}
			if it.Trajectories != nil {
				n++
			}
			if it.Err != nil {
				n++
			}
			if n != 1 {
				return errors.New("item must carry exactly one of data, trajectories, error")
			}
			if it.Source.Line < 0 {
				return errors.New("negative line")
			}
			return nil
		})
		if err != nil && err.Error() == "item must carry exactly one of data, trajectories, error" {
			t.Fatal(err)
		}
	})
}

// FuzzHH: transcript parsing never panics and never yields an invalid role.
func FuzzHH(f *testing.F) {
	f.Add("\n\nHuman: hi\n\nAssistant: hello")
	f.Add("Human: x\n\nAssistant:")
	f.Add("\n\nAssistant:\n\nHuman:")
	f.Fuzz(func(t *testing.T, s string) {
		msgs, err := parseHH(s)
		if err != nil {
			return
		}
		if len(msgs) == 0 {
			t.Fatal("no error and no messages")
		}
	})
}
