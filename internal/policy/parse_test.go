package policy

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/faultline-dev/faultline/internal/finding"
)

// celExpecting is the token list CEL's parser prints after "mismatched input".
const celExpecting = "expecting {'[', '{', '(', '.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, IDENTIFIER}"

// TestLoadErrors checks the exact FILE:LINE:COLUMN: reason text of every kind
// of load error, one fixture per kind under testdata/errors.
func TestLoadErrors(t *testing.T) {
	tests := []struct {
		file string
		want []string // one line per error, without the "testdata/errors/FILE:" prefix
	}{
		{"yaml_syntax.yaml", []string{
			"3:11: could not find end character of double-quoted text",
		}},
		{"yaml_duplicate_key.yaml", []string{
			`5:5: mapping key "action" already defined at 4:5`,
		}},
		{"unknown_top_key.yaml", []string{
			`1:1: unknown key "rule" (did you mean "rules"?)`,
			`1:1: missing required key "rules"`,
		}},
		{"unknown_rule_key.yaml", []string{
			`5:5: unknown key "description" (allowed: name, when, action, severity, on_error, message)`,
			`6:5: rule is missing required key "when"`,
			`7:5: unknown key "whne" (did you mean "when"?)`,
		}},
		{"duplicate_rule.yaml", []string{
			`8:11: duplicate rule name "same" (first defined at testdata/errors/duplicate_rule.yaml:2:11)`,
		}},
		{"bad_values.yaml", []string{
			`1:11: unknown on_error "maybe" (want open or closed)`,
			`2:13: unknown block_mode "refuse" (want error or safe_completion)`,
			`6:13: unknown action "escalate" (want one of allow, annotate, warn, review, block, terminate)`,
			`7:15: unknown severity "severe" (want low, medium, high or critical)`,
			`8:15: unknown on_error "sometimes" (want open or closed)`,
			`12:26: "neutralize_role_markers" must be true or false, got a string`,
		}},
		{"cel_undeclared.yaml", []string{
			"4:11: undeclared reference to 'sesion' (did you mean 'session'?)",
		}},
		{"cel_undefined_field.yaml", []string{
			"3:25: undefined field 'policy_erosoin'",
			"6:42: undefined field 'drift'",
		}},
		{"cel_block_scalar.yaml", []string{
			"5:27: undefined field 'reward_hackng'",
			"10:14: undefined field 'tokns'",
		}},
		{"cel_syntax.yaml", []string{
			"3:26: Syntax error: mismatched input '<EOF>' " + celExpecting,
			"6:43: Syntax error: mismatched input ')' " + celExpecting,
		}},
		{"cel_type.yaml", []string{
			"3:25: found no matching overload for '_==_' applied to '(int, string)'",
			`6:11: "when" must evaluate to bool, got double`,
			`9:11: "when" must evaluate to bool, got dyn`,
		}},
		{"missing_keys.yaml", []string{
			`2:5: rule is missing required key "when"`,
			`4:5: rule is missing required key "name"`,
			`6:5: rule is missing required key "action"`,
		}},
		{"wrong_types.yaml", []string{
			`1:11: "reminder" must be a string, got a sequence`,
			`3:11: "name" must be a string, got a sequence`,
			`4:11: "when" must be a CEL expression string, got a mapping`,
			`5:13: "action" must be a string, got an integer`,
			`7:5: rule must be a mapping, got a string`,
			`8:11: invalid rule name "bad name!": use letters, digits, '_', '-' and '.', starting with a letter or digit`,
			`9:11: "when" must not be empty`,
		}},
		{"empty.yaml", []string{
			`1:1: empty policy: expected a mapping with a "rules" key`,
		}},
		{"multi_doc.yaml", []string{
			"3:1: a policy file holds one YAML document; found another",
		}},
		{"not_mapping.yaml", []string{
			"1:1: policy must be a mapping, got a sequence",
		}},
		{"rules_not_sequence.yaml", []string{
			`2:3: "rules" must be a sequence of rules, got a mapping`,
		}},
		{"alias.yaml", []string{
			"6:5: YAML aliases are not supported in policy files",
		}},
		{"many.yaml", []string{
			"4:11: undeclared reference to 'sesion' (did you mean 'session'?)",
			`6:5: unknown key "colour" (allowed: name, when, action, severity, on_error, message)`,
			`7:11: duplicate rule name "first" (first defined at testdata/errors/many.yaml:3:11)`,
			`9:13: unknown action "blok" (want one of allow, annotate, warn, review, block, terminate)`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join("testdata", "errors", tt.file)
			p, err := Load(path)
			if err == nil {
				t.Fatalf("Load(%s) succeeded, want errors", path)
			}
			if p != nil {
				t.Errorf("Load(%s) returned a policy along with errors", path)
			}
			want := make([]string, len(tt.want))
			for i, w := range tt.want {
				want[i] = path + ":" + w
			}
			if diff := cmp.Diff(want, strings.Split(err.Error(), "\n")); diff != "" {
				t.Errorf("Load(%s) errors (-want +got):\n%s", path, diff)
			}
			var pe *Error
			if !errors.As(err, &pe) || pe.File != path {
				t.Errorf("errors.As(*Error) = %v, file %q; want the first error of %s", pe, pe.File, path)
			}
		})
	}
}

// TestLoadMissingFile checks that an I/O error is wrapped and says so.
func TestLoadMissingFile(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "nope.yaml"))
	if !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("Load(missing) = %v, want an error wrapping os.ErrNotExist", err)
	}
	if !strings.HasPrefix(err.Error(), "load policy: ") {
		t.Errorf("Load(missing) = %q, want it to say what was being done", err)
	}
}

// TestParseValid checks how a valid file's values and defaults are read.
func TestParseValid(t *testing.T) {
	p, err := Load(filepath.Join("testdata", "valid.yaml"))
	if err != nil {
		t.Fatalf("Load(valid.yaml): %v", err)
	}
	wantSettings := Settings{
		OnError:        OnErrorClosed,
		BlockMode:      BlockSafeCompletion,
		SafeCompletion: "Sorry, I can't do that.",
		Reminder:       DefaultReminder,

		NeutralizeRoleMarkers: true,
	}
	if diff := cmp.Diff(wantSettings, p.Settings()); diff != "" {
		t.Errorf("Settings (-want +got):\n%s", diff)
	}
	wantRules := []Rule{
		{
			Name: "plain", When: "session.turns > 10", Action: ActionAnnotate,
			Severity: finding.SeverityLow, OnError: OnErrorClosed, Line: 6, Column: 5,
		},
		{
			Name: "literal", When: "tool_call.tainted &&\n  tool_call.out_of_scope\n", Action: ActionBlock,
			Severity: finding.SeverityMedium, OnError: OnErrorOpen, Message: "held", Line: 9, Column: 5,
		},
		{
			Name: "always", When: "true", Action: ActionAllow,
			Severity: finding.SeverityLow, OnError: OnErrorClosed, Line: 17, Column: 5,
		},
	}
	if diff := cmp.Diff(wantRules, p.Rules()); diff != "" {
		t.Errorf("Rules (-want +got):\n%s", diff)
	}
	if got := p.Source(); got != filepath.Join("testdata", "valid.yaml") {
		t.Errorf("Source() = %q", got)
	}
}

// TestDefaultSeverity checks the severity a rule gets when it sets none.
func TestDefaultSeverity(t *testing.T) {
	tests := []struct {
		action Action
		want   finding.Severity
	}{
		{ActionAllow, finding.SeverityLow},
		{ActionAnnotate, finding.SeverityLow},
		{ActionWarn, finding.SeverityMedium},
		{ActionReview, finding.SeverityHigh},
		{ActionBlock, finding.SeverityHigh},
		{ActionTerminate, finding.SeverityCritical},
	}
	for _, tt := range tests {
		t.Run(tt.action.String(), func(t *testing.T) {
			src := "rules:\n  - name: r\n    when: 'true'\n    action: " + tt.action.String() + "\n"
			p, err := Parse("inline.yaml", []byte(src))
			if err != nil {
				t.Fatal(err)
			}
			if got := p.Rules()[0].Severity; got != tt.want {
				t.Errorf("severity = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestActionText checks the text round trip of every action.
func TestActionText(t *testing.T) {
	for a := ActionAllow; a <= ActionTerminate; a++ {
		b, err := a.MarshalText()
		if err != nil {
			t.Fatalf("%v.MarshalText: %v", a, err)
		}
		var got Action
		if err := got.UnmarshalText(b); err != nil || got != a {
			t.Errorf("UnmarshalText(%q) = %v, %v; want %v", b, got, err, a)
		}
	}
	if _, err := Action(42).MarshalText(); err == nil {
		t.Error("Action(42).MarshalText succeeded")
	}
	if got := Action(42).String(); got != "action(42)" {
		t.Errorf("Action(42).String() = %q", got)
	}
}
