package cli

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestTaxonomyGolden runs the taxonomy command in every output format and
// compares its output with testdata/taxonomy/<name>.
func TestTaxonomyGolden(t *testing.T) {
	tests := []struct {
		name   string
		cmd    taxonomyCmd
		golden string
	}{
		{"table", taxonomyCmd{Format: "table"}, "table.txt"},
		{"json", taxonomyCmd{Format: "json"}, "taxonomy.json"},
		{"markdown", taxonomyCmd{Format: "markdown"}, "taxonomy.md"},
		{"overlay table", taxonomyCmd{Format: "table", Taxonomy: filepath.Join("testdata", "taxonomy", "overlay.yaml")}, "overlay.txt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if err := tt.cmd.Run(&Env{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr}); err != nil {
				t.Fatalf("Run: %v", err)
			}
			if stderr.Len() > 0 {
				t.Errorf("stderr: %s", stderr.String())
			}
			golden := filepath.Join("testdata", "taxonomy", tt.golden)
			if *update {
				if err := os.WriteFile(golden, stdout.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), stdout.String()); diff != "" {
				t.Errorf("output differs from %s (-want +got):\n%s", golden, diff)
			}
		})
	}
}

func TestTaxonomyBadOverlay(t *testing.T) {
	file := filepath.Join("testdata", "taxonomy", "bad_overlay.yaml")
	cmd := taxonomyCmd{Format: "table", Taxonomy: file}
	var stdout bytes.Buffer
	err := cmd.Run(&Env{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &bytes.Buffer{}})
	var ee *exitError
	if !errors.As(err, &ee) || ee.code != ExitUsage {
		t.Fatalf("Run error = %v, want a usage error", err)
	}
	want := []string{
		file + `:5:12: intervention "canary_system_prompt": unknown stage "serving"`,
		file + `:6:20: intervention "canary_system_prompt": effectiveness "very high" is not one of low, medium, high`,
	}
	if diff := cmp.Diff(want, strings.Split(err.Error(), "\n")); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
	if stdout.Len() > 0 {
		t.Errorf("stdout not empty:\n%s", stdout.String())
	}
}

// TestTaxonomyFlags goes through Main to check the flag wiring.
func TestTaxonomyFlags(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		wantCode   int
		wantStdout string // prefix
		wantStderr string // substring
	}{
		{"default is table", []string{"taxonomy"}, ExitOK, "FAILURE TAXONOMY (version 2)\n", ""},
		{"json", []string{"taxonomy", "--format", "json"}, ExitOK, "{\n  \"version\": 2,\n", ""},
		{"markdown", []string{"taxonomy", "--format=markdown"}, ExitOK, "# Failure taxonomy (version 2)\n", ""},
		{"bad format", []string{"taxonomy", "--format", "yaml"}, ExitUsage, "", "--format"},
		{"missing overlay", []string{"taxonomy", "--taxonomy", filepath.Join("testdata", "taxonomy", "nope.yaml")}, ExitUsage, "", "nope.yaml"},
		{"bad overlay", []string{"taxonomy", "--taxonomy", filepath.Join("testdata", "taxonomy", "bad_overlay.yaml")}, ExitUsage, "",
			`bad_overlay.yaml:5:12: intervention "canary_system_prompt": unknown stage "serving"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := Main(tt.args, Env{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr})
			if code != tt.wantCode {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tt.wantCode, stderr.String())
			}
			if !strings.HasPrefix(stdout.String(), tt.wantStdout) {
				t.Errorf("stdout starts %.80q, want %q", stdout.String(), tt.wantStdout)
			}
			if !strings.Contains(stderr.String(), tt.wantStderr) {
				t.Errorf("stderr %q does not contain %q", stderr.String(), tt.wantStderr)
			}
		})
	}
}

func TestTaxonomyVersion(t *testing.T) {
	if got := taxonomyVersion(); got != 2 {
		t.Errorf("taxonomyVersion() = %d, want 2", got)
	}
}
