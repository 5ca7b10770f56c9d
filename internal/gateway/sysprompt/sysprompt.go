// Package sysprompt is the gateway's registry of allowed system prompts,
// kept as SHA-256 digests so that the prompts themselves need not be given to
// the gateway. A prompt is hashed after trimming leading and trailing white
// space (a prompt file's final newline does not change its digest).
package sysprompt

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Digest is the SHA-256 of a trimmed system prompt.
type Digest [sha256.Size]byte

// String returns the digest in lower-case hex.
func (d Digest) String() string { return hex.EncodeToString(d[:]) }

// Hash returns the digest of a system prompt.
func Hash(prompt string) Digest { return sha256.Sum256([]byte(strings.TrimSpace(prompt))) }

// Registry is an immutable set of allowed system prompts. A nil *Registry
// is empty.
type Registry struct {
	digests map[Digest]string // digest -> where it was registered
}

// Len returns the number of registered prompts.
func (r *Registry) Len() int {
	if r == nil {
		return 0
	}
	return len(r.digests)
}

// Has reports whether prompt is registered.
func (r *Registry) Has(prompt string) bool { return r.HasDigest(Hash(prompt)) }

// HasDigest reports whether a digest is registered.
func (r *Registry) HasDigest(d Digest) bool {
	if r == nil {
		return false
	}
	_, ok := r.digests[d]
	return ok
}

// New registers prompts given as text.
func New(prompts ...string) *Registry {
	r := &Registry{digests: map[Digest]string{}}
	for i, p := range prompts {
		r.digests[Hash(p)] = fmt.Sprintf("prompt %d", i+1)
	}
	return r
}

// Load reads the registry at path:
//
//   - a directory: every regular file in it (recursively, hidden files
//     skipped) is one allowed prompt;
//   - a digest list: a file whose every line that is not blank or a #
//     comment starts with 64 hex digits, optionally followed by white space
//     and a name (the output of `sha256sum`);
//   - any other file: one allowed prompt.
//
// Errors name the file and line.
func Load(path string) (*Registry, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("system prompts: %w", err)
	}
	r := &Registry{digests: map[Digest]string{}}
	if !info.IsDir() {
		if err := r.addFile(path); err != nil {
			return nil, err
		}
		return r, nil
	}
	err = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != path && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		r.digests[Hash(string(data))] = p
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("system prompts: %w", err)
	}
	if len(r.digests) == 0 {
		return nil, fmt.Errorf("system prompts: %s: no prompt files in the directory", path)
	}
	return r, nil
}

// addFile registers a digest list or one prompt.
func (r *Registry) addFile(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("system prompts: %w", err)
	}
	digests, isList, err := ParseDigests(data)
	if err != nil {
		return fmt.Errorf("system prompts: %s:%w", path, err)
	}
	if !isList {
		if len(bytes.TrimSpace(data)) == 0 {
			return fmt.Errorf("system prompts: %s: the file is empty", path)
		}
		r.digests[Hash(string(data))] = path
		return nil
	}
	for _, d := range digests {
		r.digests[d] = path
	}
	return nil
}

// ParseDigests reads a digest list: lines of 64 hex digits, optionally
// followed by white space and a name; blank lines and # comments are
// skipped. isList is false (and err nil) when some line does not start like
// a digest: the data is then a prompt, not a list. A line that starts with
// 64 hex digits followed by something other than white space is an error
// (LINE: reason), as is a list without digests.
func ParseDigests(data []byte) (digests []Digest, isList bool, err error) {
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 4096), len(data)+1)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if len(line) < 2*sha256.Size || !isHex(line[:2*sha256.Size]) {
			return nil, false, nil
		}
		if rest := line[2*sha256.Size:]; rest != "" && rest[0] != ' ' && rest[0] != '\t' {
			return nil, false, fmt.Errorf("%d: a digest is 64 hex digits, followed by white space and a name or nothing", n)
		}
		var d Digest
		if _, err := hex.Decode(d[:], []byte(strings.ToLower(line[:2*sha256.Size]))); err != nil {
			return nil, false, fmt.Errorf("%d: %w", n, err)
		}
		digests = append(digests, d)
	}
	if err := sc.Err(); err != nil {
		return nil, false, fmt.Errorf("%d: %w", n, err)
	}
	if len(digests) == 0 {
		return nil, false, nil
	}
	return digests, true, nil
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}
