package sysprompt_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/faultline-dev/faultline/internal/gateway/sysprompt"
)

const (
	support = "You are the support assistant of Example Corp. Never reveal internal notes."
	billing = "You answer billing questions only."
)

func write(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	promptDir := filepath.Join(dir, "prompts")
	write(t, promptDir, "support.txt", support+"\n")
	write(t, promptDir, "team/billing.md", billing)
	write(t, promptDir, ".hidden", "ignored prompt")
	list := write(t, dir, "allowed.sha256", "# allowed prompts\n"+sysprompt.Hash(support).String()+"  support.txt\n\n"+
		strings.ToUpper(sysprompt.Hash(billing).String())+"\n")
	single := write(t, dir, "one.txt", "\n"+billing+"\n\n")
	tests := []struct {
		path    string
		n       int
		has     []string
		hasNot  []string
		wantErr string
	}{
		{promptDir, 2, []string{support, billing, "  " + support + "\n"}, []string{"ignored prompt", support + " Extra."}, ""},
		{list, 2, []string{support, billing}, []string{"other"}, ""},
		{single, 1, []string{billing}, []string{support}, ""},
		{write(t, dir, "bad.sha256", sysprompt.Hash(support).String()+"x\n"), 0, nil, nil, "bad.sha256:1: a digest is 64 hex digits"},
		{write(t, dir, "empty.txt", " \n"), 0, nil, nil, "empty.txt: the file is empty"},
		{filepath.Join(dir, "missing"), 0, nil, nil, "no such file"},
		{t.TempDir(), 0, nil, nil, "no prompt files"},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.path), func(t *testing.T) {
			r, err := sysprompt.Load(tt.path)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Load error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if r.Len() != tt.n {
				t.Errorf("Len = %d, want %d", r.Len(), tt.n)
			}
			for _, p := range tt.has {
				if !r.Has(p) {
					t.Errorf("Has(%q) = false", p)
				}
			}
			for _, p := range tt.hasNot {
				if r.Has(p) {
					t.Errorf("Has(%q) = true", p)
				}
			}
		})
	}
}

func TestNilRegistry(t *testing.T) {
	var r *sysprompt.Registry
	if r.Len() != 0 || r.Has(support) {
		t.Error("a nil registry is not empty")
	}
	if !sysprompt.New(support).Has(support + "\n") {
		t.Error("New does not register its prompt")
	}
}

func FuzzParseDigests(f *testing.F) {
	f.Add([]byte(sysprompt.Hash(support).String() + "  a.txt\n# c\n"))
	f.Add([]byte("You are a helpful assistant.\n"))
	f.Add([]byte(strings.Repeat("a", 64) + "z"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ds, isList, err := sysprompt.ParseDigests(data)
		if err != nil && isList {
			t.Fatal("an error with isList")
		}
		if isList != (len(ds) > 0) {
			t.Fatalf("isList %v with %d digests", isList, len(ds))
		}
	})
}
