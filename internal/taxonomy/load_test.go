package taxonomy

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestLoadErrors loads each invalid fixture as a user file and checks every
// error line, FILE:LINE:COLUMN prefix included.
func TestLoadErrors(t *testing.T) {
	type errorCase struct {
		file string   // under testdata/invalid
		want []string // the error's lines
	}
	tests := []errorCase{
		{"unknown_key.yaml", []string{
			`testdata/invalid/unknown_key.yaml:5:5: unknown field "behaviour"`,
		}},
		{"duplicate_id.yaml", []string{
			`testdata/invalid/duplicate_id.yaml:7:9: duplicate intervention id "canary_prompts" (first defined at line 2)`,
		}},
		{"dangling_reference.yaml", []string{
			`testdata/invalid/dangling_reference.yaml:5:43: phenomenon "sycophancy": unknown cause "labeler_bias"`,
			`testdata/invalid/dangling_reference.yaml:12:40: cause "context_window_exploitation": unknown intervention "prompt_pinning"`,
			`testdata/invalid/dangling_reference.yaml:16:12: intervention "canary_prompts": unknown stage "serving"`,
		}},
		{"wrong_version.yaml", []string{
			`testdata/invalid/wrong_version.yaml:1:10: version 3 does not match the built-in taxonomy version 2`,
		}},
		{"bad_effectiveness.yaml", []string{
			`testdata/invalid/bad_effectiveness.yaml:5:20: stage "eval": effectiveness "HIGH" is not one of low, medium, high`,
			`testdata/invalid/bad_effectiveness.yaml:11:20: intervention "canary_prompts": effectiveness "extreme" is not one of low, medium, high`,
		}},
		{"missing_fields.yaml", []string{
			`testdata/invalid/missing_fields.yaml:2:5: intervention "canary_prompts": missing name`,
			`testdata/invalid/missing_fields.yaml:2:5: intervention "canary_prompts": missing artifact`,
			`testdata/invalid/missing_fields.yaml:5:5: intervention without id: missing id`,
			`testdata/invalid/missing_fields.yaml:7:15: intervention without id: priority must be 1 or more, got -1`,
			`testdata/invalid/missing_fields.yaml:12:7: factor "Latency": missing offline_eval`,
			`testdata/invalid/missing_fields.yaml:12:7: factor "Latency": missing production`,
			`testdata/invalid/missing_fields.yaml:12:7: factor "Latency": missing measure`,
			`testdata/invalid/missing_fields.yaml:12:11: factor "Latency": id must be snake_case (a-z, 0-9 and single underscores, starting with a letter)`,
		}},
		{"wrong_type.yaml", []string{
			`testdata/invalid/wrong_type.yaml:3:18: string was used where sequence is expected`,
		}},
		{"wrong_scalar_type.yaml", []string{
			`testdata/invalid/wrong_scalar_type.yaml:5:15: wrong type: got a string, want an integer`,
		}},
		{"syntax_error.yaml", []string{
			`testdata/invalid/syntax_error.yaml:3:11: could not find end character of double-quoted text`,
		}},
		{"alias.yaml", []string{
			`testdata/invalid/alias.yaml:2:5: anchors, aliases and merge keys are not supported in taxonomy files`,
		}},
		{"deep_flow.yaml", []string{
			`testdata/invalid/deep_flow.yaml:1:44: flow collections nested more than 32 levels deep`,
		}},
		{"deep_compact.yaml", []string{
			`testdata/invalid/deep_compact.yaml:2:257: block collections nested too deep (indicator beyond column 256)`,
		}},
		{"not_a_mapping.yaml", []string{
			`testdata/invalid/not_a_mapping.yaml:1:1: a taxonomy file is a mapping with the keys version, phenomena, causes, stages, interventions and eval_gap`,
		}},
		{"two_documents.yaml", []string{
			`testdata/invalid/two_documents.yaml:3:1: a taxonomy file holds a single YAML document`,
		}},
	}
	for _, tt := range tests {
		t.Run(strings.TrimSuffix(tt.file, ".yaml"), func(t *testing.T) {
			tx, err := Load(filepath.Join("testdata", "invalid", tt.file))
			if err == nil {
				t.Fatalf("Load succeeded: %d interventions", len(tx.Interventions))
			}
			if tx != nil {
				t.Error("Load returned a taxonomy with an error")
			}
			if diff := cmp.Diff(tt.want, strings.Split(err.Error(), "\n")); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
			var te *Error
			if !errors.As(err, &te) {
				t.Errorf("errors.As(%T, *Error) = false", err)
			}
		})
	}
	// Every fixture has a case.
	files, err := filepath.Glob(filepath.Join("testdata", "invalid", "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if !slices.ContainsFunc(tests, func(tt errorCase) bool { return tt.file == filepath.Base(f) }) {
			t.Errorf("fixture %s has no test case", f)
		}
	}
}

func TestLoadOverlay(t *testing.T) {
	const file = "testdata/overlay.yaml"
	tx, err := Load(file)
	if err != nil {
		t.Fatal(err)
	}
	def := mustDefault(t)

	t.Run("override replaces wholesale", func(t *testing.T) {
		iv, ok := tx.Intervention("output_filtering")
		if !ok {
			t.Fatal("missing")
		}
		want := Intervention{
			ID: "output_filtering", Name: "Output filtering", Stage: StagePostHoc,
			Effectiveness: EffectivenessHigh, Priority: 1, // from the stage
			Causes:   []string{RewardShapingSideEffect, PreferenceModelBlindSpot}, // the built-in cause still lists it
			Artifact: "our own output filter (CEL)",
		}
		if diff := cmp.Diff(want, *iv); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
		// It keeps its place.
		if i := slices.IndexFunc(tx.Interventions, func(iv Intervention) bool { return iv.ID == "output_filtering" }); tx.Interventions[i].ID != def.Interventions[i].ID {
			t.Errorf("override moved the entry to index %d", i)
		}
	})
	t.Run("new entries are added", func(t *testing.T) {
		if len(tx.Phenomena) != len(def.Phenomena)+1 || len(tx.Causes) != len(def.Causes)+1 ||
			len(tx.Interventions) != len(def.Interventions)+1 || len(tx.Factors()) != len(def.Factors())+1 {
			t.Errorf("counts: %d phenomena, %d causes, %d interventions, %d factors",
				len(tx.Phenomena), len(tx.Causes), len(tx.Interventions), len(tx.Factors()))
		}
		if tx.Phenomena[len(tx.Phenomena)-1].ID != "sycophancy" {
			t.Error("new phenomenon not appended")
		}
		iv, ok := tx.Intervention("disagreement_sft")
		if !ok || iv.Priority != 3 || iv.Effectiveness != EffectivenessMedium {
			t.Errorf("disagreement_sft = %+v, want priority and effectiveness of sft", iv)
		}
		// The new cause did not list the intervention; the intervention's
		// causes link them.
		got := ivIDs(tx.InterventionsFor("labeler_agreement_bias"))
		if diff := cmp.Diff([]string{"disagreement_sft"}, got); diff != "" {
			t.Errorf("InterventionsFor(labeler_agreement_bias) (-want +got):\n%s", diff)
		}
		if c, _ := tx.Cause("labeler_agreement_bias"); !slices.Equal(c.Interventions, []string{"disagreement_sft"}) {
			t.Errorf("cause interventions = %v", c.Interventions)
		}
	})
	t.Run("eval gap", func(t *testing.T) {
		if diff := cmp.Diff([]string{"Adversarial eval that anticipates distribution shift"}, tx.EvalGap.Requires); diff != "" {
			t.Errorf("requires (-want +got):\n%s", diff)
		}
		if tx.EvalGap.KeyInsight != def.EvalGap.KeyInsight {
			t.Error("key insight changed although the overlay does not set it")
		}
	})
	t.Run("untouched entries stay", func(t *testing.T) {
		for _, id := range CauseIDs() {
			got, _ := tx.Cause(id)
			want, _ := def.Cause(id)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("cause %s (-default +overlaid):\n%s", id, diff)
			}
		}
	})
}

func TestLoadOverlayErrorNamesOverlayFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "team.yaml")
	data := "interventions:\n" +
		"  - id: safety_veto\n" +
		"    name: Safety veto\n" +
		"    stage: rlhf\n" +
		"    causes: [reward_shaping_side_effect, reward_tampering]\n" +
		"    artifact: veto rules\n"
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Load(path)
	want := path + `:5:42: intervention "safety_veto": unknown cause "reward_tampering"`
	if err == nil || err.Error() != want {
		t.Errorf("Load error = %v, want %s", err, want)
	}
}

func TestLoadSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	def := mustDefault(t)
	tests := []struct {
		name    string
		path    string
		wantErr string // substring; "" means success equal to the default
	}{
		{"no user file", "", ""},
		{"empty file", write("empty.yaml", ""), ""},
		{"comments only", write("comments.yaml", "# nothing yet\n"), ""},
		{"version only", write("version.yaml", "version: 2\n"), ""},
		{"missing file", filepath.Join(dir, "missing.yaml"), "read taxonomy file: open " + filepath.Join(dir, "missing.yaml")},
		{"too large", write("large.yaml", "# "+strings.Repeat("x", maxUserFileSize)+"\n"), "larger than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tx, err := Load(tt.path)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("error = %v, want it to contain %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(def, tx); diff != "" {
				t.Errorf("(-default +got):\n%s", diff)
			}
		})
	}
}
