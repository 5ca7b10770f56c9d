package taxonomy

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzLoad feeds arbitrary bytes as a user overlay file. Loading must never
// panic; it either succeeds with a taxonomy that can be printed, or fails
// with positioned errors that name the user file or the built-in file.
func FuzzLoad(f *testing.F) {
	// Small seeds only: the fuzzer minimizes every new interesting input, and
	// minimizing one derived from the 25 KB built-in file takes minutes.
	f.Add([]byte(""))
	f.Add([]byte("version: 2\n"))
	for _, pattern := range []string{"testdata/*.yaml", "testdata/invalid/*.yaml"} {
		files, err := filepath.Glob(pattern)
		if err != nil {
			f.Fatal(err)
		}
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	const name = "fuzz.yaml"
	f.Fuzz(func(t *testing.T, data []byte) {
		tx, err := load(name, data, true)
		if err != nil {
			if tx != nil {
				t.Error("taxonomy returned with an error")
			}
			for _, e := range flatten(err) {
				var pe *Error
				if !errors.As(e, &pe) {
					t.Fatalf("error without position: %v", e)
				}
				if pe.File != name && pe.File != EmbeddedName || pe.Line < 1 || pe.Column < 1 {
					t.Fatalf("bad position in %q", pe.Error())
				}
				if !strings.HasPrefix(pe.Error(), pe.File+":") {
					t.Fatalf("error %q does not start with its file", pe.Error())
				}
			}
			return
		}
		for _, write := range []func(io.Writer) error{tx.WriteTable, tx.WriteMarkdown, tx.WriteJSON} {
			if err := write(io.Discard); err != nil {
				t.Fatal(err)
			}
		}
		for _, c := range tx.Causes {
			if len(tx.InterventionsFor(c.ID)) == 0 {
				t.Fatalf("valid taxonomy with cause %q without interventions", c.ID)
			}
		}
	})
}

// flatten returns the errors joined in err.
func flatten(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}
