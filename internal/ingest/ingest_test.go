package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/faultline-dev/faultline/internal/trajectory"
)

var update = flag.Bool("update", false, "rewrite golden files")

// outcome is what happened to one record, as recorded in golden files.
type outcome struct {
	Source       string                  `json:"source"`
	Skipped      bool                    `json:"skipped,omitempty"`
	Error        string                  `json:"error,omitempty"`
	Trajectories []trajectory.Trajectory `json:"trajectories,omitempty"`
}

// readAll reads one input file through the Reader and the registry.
func readAll(t *testing.T, path, force string) []outcome {
	t.Helper()
	reg := DefaultRegistry()
	r := &Reader{Force: force}
	var outs []outcome
	err := r.ReadFile(path, func(it Item) error {
		o := outcome{Source: it.Source.String()}
		switch {
		case it.Err != nil:
			o.Error = it.Err.Error()
		case it.Trajectories != nil:
			o.Trajectories = it.Trajectories
		default:
			trajs, err := reg.Decode(it.Data, it.Source, force)
			switch {
			case errors.Is(err, ErrNotTrajectory):
				o.Skipped = true
			case err != nil:
				o.Error = err.Error()
			default:
				o.Trajectories = trajs
			}
		}
		outs = append(outs, o)
		return nil
	})
	if err != nil {
		t.Fatalf("ReadFile(%s): %v", path, err)
	}
	return outs
}

// golden compares got with the golden file, rewriting it under -update.
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (run with -update to accept):\n%s", path, diffLines(string(want), string(got)))
	}
}

func diffLines(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			fmt.Fprintf(&b, "line %d\n- %s\n+ %s\n", i+1, wl, gl)
			if b.Len() > 2000 {
				break
			}
		}
	}
	return b.String()
}

func TestFormats(t *testing.T) {
	files, err := filepath.Glob("testdata/formats/*.json*")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.HasSuffix(f, ".golden.json") {
			continue
		}
		t.Run(filepath.Base(f), func(t *testing.T) {
			outs := readAll(t, f, "")
			got, err := json.MarshalIndent(outs, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			golden(t, strings.TrimSuffix(f, filepath.Ext(f))+filepath.Ext(f)+".golden.json", append(got, '\n'))
		})
	}
}

// TestGzipSameAsPlain checks that a .gz file reads exactly like its plain form.
func TestGzipSameAsPlain(t *testing.T) {
	plain := readAll(t, "testdata/formats/openai.jsonl", "")
	gz := readAll(t, "testdata/formats/openai.jsonl.gz", "")
	for i := range gz {
		gz[i].Source = strings.Replace(gz[i].Source, ".jsonl.gz", ".jsonl", 1)
		for j := range gz[i].Trajectories {
			gz[i].Trajectories[j].Source = strings.Replace(gz[i].Trajectories[j].Source, ".jsonl.gz", ".jsonl", 1)
			gz[i].Trajectories[j].ID = strings.Replace(gz[i].Trajectories[j].ID, ".jsonl.gz", ".jsonl", 1)
		}
	}
	a, _ := json.Marshal(plain)
	b, _ := json.Marshal(gz)
	if !bytes.Equal(a, b) {
		t.Errorf("gzip input differs from plain input:\n%s\n%s", a, b)
	}
}

func TestForceFormat(t *testing.T) {
	reg := DefaultRegistry()
	rec := []byte(`{"messages": [{"role": "user", "content": "hi"}]}`)
	tests := []struct {
		force, wantFormat, wantErr string
	}{
		{"", FormatOpenAI, ""},
		{FormatOpenAI, FormatOpenAI, ""},
		{FormatAnthropic, FormatAnthropic, ""},
		{FormatShareGPT, "", "record is openai, not sharegpt as forced by --format"},
		{"nope", "", `unknown format "nope"`},
	}
	for _, tc := range tests {
		t.Run(tc.force, func(t *testing.T) {
			trajs, err := reg.Decode(rec, Source{"x", 1}, tc.force)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if trajs[0].Format != tc.wantFormat {
				t.Errorf("format = %s, want %s", trajs[0].Format, tc.wantFormat)
			}
		})
	}
}

func TestInputsWalksFolders(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"a.jsonl", "b.json.gz", "c.txt", ".hidden.jsonl", "sub/d.ndjson", ".git/e.jsonl"} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := Inputs([]string{dir, "-"})
	if err != nil {
		t.Fatal(err)
	}
	var rel []string
	for _, g := range got {
		if g == "-" {
			rel = append(rel, g)
			continue
		}
		r, _ := filepath.Rel(dir, g)
		rel = append(rel, r)
	}
	want := "a.jsonl b.json.gz sub/d.ndjson -"
	if strings.Join(rel, " ") != want {
		t.Errorf("Inputs = %v, want %s", rel, want)
	}
	if _, err := Inputs([]string{filepath.Join(dir, "missing")}); err == nil {
		t.Error("a missing input must be an error")
	}
}

// TestLongLines checks records far larger than the read buffer, with CRLF
// line endings, and a last line without a newline.
func TestLongLines(t *testing.T) {
	long := strings.Repeat("word ", 600_000) // 3 MB, larger than the 1 MiB buffer
	data := `{"id": "a", "messages": [{"role": "user", "content": "` + long + `"}]}` + "\r\n" +
		`{"id": "b", "messages": [{"role": "user", "content": "short"}]}` + "\r\n" +
		`{"id": "c", "messages": [{"role": "user", "content": "` + long + `"}]}`
	p := filepath.Join(t.TempDir(), "long.jsonl")
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	outs := readAll(t, p, "")
	if len(outs) != 3 {
		t.Fatalf("got %d records, want 3", len(outs))
	}
	for i, want := range []struct {
		id   string
		line int
		n    int
	}{{"a", 1, len(long)}, {"b", 2, 5}, {"c", 3, len(long)}} {
		o := outs[i]
		if o.Error != "" || len(o.Trajectories) != 1 {
			t.Fatalf("record %d: %+v", i, o.Error)
		}
		tr := o.Trajectories[0]
		if tr.ID != want.id || o.Source != fmt.Sprintf("%s:%d", p, want.line) || len(tr.Messages[0].Content) != want.n {
			t.Errorf("record %d: id %s source %s len %d", i, tr.ID, o.Source, len(tr.Messages[0].Content))
		}
	}
}
