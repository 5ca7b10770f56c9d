package policy

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// FuzzParse checks that arbitrary bytes never panic the loader, that every
// error is a located *Error, and that whatever loads can be evaluated.
func FuzzParse(f *testing.F) {
	f.Add([]byte(DefaultYAML()))
	files, err := filepath.Glob(filepath.Join("testdata", "*.yaml"))
	if err != nil {
		f.Fatal(err)
	}
	more, err := filepath.Glob(filepath.Join("testdata", "errors", "*.yaml"))
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range append(files, more...) {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("rules:\n  - name: a\n    when: \"\\u00e9 == sesion\"\n    action: warn\n"))
	f.Add([]byte("rules:\n  - name: a\n    when: >\n\n      x ==\n\n      y\n    action: warn\n"))
	in := Input{
		Session:  Session{Turns: 3, Scores: scores(0.5, 0.5, 0.5, 0.5), MaxScores: scores(1, 1, 1, 1)},
		ToolCall: ToolCall{Name: "shell", Arguments: map[string]any{"a": 1.0}, Tainted: true},
	}
	errorLine := regexp.MustCompile(`^fuzz\.yaml:\d+:\d+: `)
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Parse("fuzz.yaml", data)
		if err != nil {
			if p != nil {
				t.Fatalf("Parse returned a policy and an error")
			}
			joined, ok := err.(interface{ Unwrap() []error })
			if !ok {
				t.Fatalf("error is not a joined list: %v", err)
			}
			for _, e := range joined.Unwrap() {
				var pe *Error
				if !errors.As(e, &pe) || pe.File != "fuzz.yaml" || pe.Line < 1 || pe.Column < 1 || pe.Msg == "" {
					t.Fatalf("error is not a located *Error: %#v", e)
				}
			}
			if !errorLine.MatchString(err.Error()) {
				t.Fatalf("error text not located: %q", err)
			}
			return
		}
		p.Evaluate(context.Background(), in)
	})
}
