package taxonomy

import (
	_ "embed"
	"fmt"
	"io"
	"os"
)

// EmbeddedName is the file name that errors about the built-in taxonomy carry.
const EmbeddedName = "internal/taxonomy/taxonomy.yaml"

// maxUserFileSize bounds a user taxonomy file; real ones are a few KiB.
const maxUserFileSize = 1 << 20

//go:embed taxonomy.yaml
var embeddedYAML []byte

// Default parses and validates the built-in taxonomy. Every call returns a new
// *Taxonomy that the caller may modify.
func Default() (*Taxonomy, error) {
	return load("", nil, false)
}

// Load returns the built-in taxonomy overlaid by userFile, or the built-in
// taxonomy alone when userFile is "". The user file has the schema of the
// built-in one with every section optional: an entry whose id already exists
// replaces the built-in entry wholesale, a new id adds an entry, eval_gap's
// key_insight and requires replace the built-in ones when present, and a
// version, when present, must be SupportedVersion. The merged taxonomy is
// validated; every error says FILE:LINE:COLUMN: reason, and all of them are
// returned joined.
func Load(userFile string) (*Taxonomy, error) {
	if userFile == "" {
		return Default()
	}
	data, err := readLimited(userFile)
	if err != nil {
		return nil, err
	}
	return load(userFile, data, true)
}

// readLimited reads a user taxonomy file of at most maxUserFileSize bytes.
func readLimited(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("read taxonomy file: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxUserFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("read taxonomy file %s: %w", name, err)
	}
	if len(data) > maxUserFileSize {
		return nil, fmt.Errorf("read taxonomy file %s: larger than %d bytes", name, maxUserFileSize)
	}
	return data, nil
}

// load parses the embedded taxonomy, overlays the user file when withUser is
// set, resolves defaults and validates the result.
func load(userName string, userData []byte, withUser bool) (*Taxonomy, error) {
	errs := &errorList{order: map[string]int{EmbeddedName: 0}}
	base, baseSchema, err := parseSource(EmbeddedName, embeddedYAML)
	if err != nil {
		return nil, err
	}
	m := newMerged()
	m.overlay(base, baseSchema, true, errs)
	if withUser {
		errs.order[userName] = 1
		user, userSchema, err := parseSource(userName, userData)
		if err != nil {
			return nil, err
		}
		m.overlay(user, userSchema, false, errs)
	}
	m.resolve()
	m.validate(errs)
	if err := errs.err(); err != nil {
		return nil, err
	}
	return m.taxonomy(), nil
}
