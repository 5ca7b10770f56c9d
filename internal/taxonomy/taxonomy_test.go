package taxonomy

import (
	"bytes"
	"encoding/json"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func mustDefault(t *testing.T) *Taxonomy {
	t.Helper()
	tx, err := Default()
	if err != nil {
		t.Fatalf("Default: %v", err)
	}
	return tx
}

func TestDefaultHasAllIDs(t *testing.T) {
	tx := mustDefault(t)
	if tx.Version != SupportedVersion {
		t.Errorf("Version = %d, want %d", tx.Version, SupportedVersion)
	}
	lookups := []struct {
		layer string
		ids   []string
		find  func(string) bool
	}{
		{"phenomenon", PhenomenonIDs(), func(id string) bool { _, ok := tx.Phenomenon(id); return ok }},
		{"cause", CauseIDs(), func(id string) bool { _, ok := tx.Cause(id); return ok }},
		{"stage", StageIDs(), func(id string) bool { _, ok := tx.Stage(id); return ok }},
		{"factor", FactorIDs(), func(id string) bool { _, ok := tx.Factor(id); return ok }},
	}
	for _, l := range lookups {
		t.Run(l.layer, func(t *testing.T) {
			for _, id := range l.ids {
				if !l.find(id) {
					t.Errorf("%s %q missing", l.layer, id)
				}
			}
		})
	}
	// The layers hold exactly the canonical IDs, in canonical order.
	ids := func(n int, id func(int) string) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = id(i)
		}
		return out
	}
	if diff := cmp.Diff(PhenomenonIDs(), ids(len(tx.Phenomena), func(i int) string { return tx.Phenomena[i].ID })); diff != "" {
		t.Errorf("phenomena (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(CauseIDs(), ids(len(tx.Causes), func(i int) string { return tx.Causes[i].ID })); diff != "" {
		t.Errorf("causes (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(FactorIDs(), ids(len(tx.Factors()), func(i int) string { return tx.Factors()[i].ID })); diff != "" {
		t.Errorf("factors (-want +got):\n%s", diff)
	}
	byPriority := tx.StagesByPriority()
	if diff := cmp.Diff(StageIDs(), ids(len(byPriority), func(i int) string { return byPriority[i].ID })); diff != "" {
		t.Errorf("stages by priority (-want +got):\n%s", diff)
	}
}

func TestDefaultStages(t *testing.T) {
	tx := mustDefault(t)
	tests := []struct {
		id             string
		effectiveness  string
		priority       int
		horizon        string
		fixesRootCause bool
		recommended    []string
	}{
		{StagePostHoc, EffectivenessHigh, 1, "immediate, defensive", false,
			[]string{"Pre-action intent classification", "Trajectory monitoring", "Escalation policies"}},
		{StageRLHF, EffectivenessHigh, 2, "medium-term, root cause", true,
			[]string{"Trajectory-level reward modeling", "Safety constraints in PPO objective", "Adversarial RL training"}},
		{StageSFT, EffectivenessMedium, 3, "medium-term, preventive", true,
			[]string{"Multi-turn safety demonstrations", "Decomposition-aware examples", "Recovery behavior training"}},
		{StagePretrain, EffectivenessLow, 4, "long-term, foundational", true,
			[]string{"Safety-aware data curation", "Constitutional AI integration", "Debate/deliberation architectures"}},
	}
	if len(tx.Stages) != len(tests) {
		t.Fatalf("%d stages, want %d", len(tx.Stages), len(tests))
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			s, ok := tx.Stage(tt.id)
			if !ok {
				t.Fatalf("stage %q missing", tt.id)
			}
			if s.Effectiveness != tt.effectiveness || s.Priority != tt.priority || s.Horizon != tt.horizon || s.FixesRootCause != tt.fixesRootCause {
				t.Errorf("got effectiveness %q priority %d horizon %q fixes root cause %v, want %q %d %q %v",
					s.Effectiveness, s.Priority, s.Horizon, s.FixesRootCause, tt.effectiveness, tt.priority, tt.horizon, tt.fixesRootCause)
			}
			var got []string
			for _, item := range s.Recommended {
				got = append(got, item.Text)
				if len(item.Interventions) == 0 {
					t.Errorf("recommended item %q names no intervention", item.Text)
				}
			}
			if diff := cmp.Diff(tt.recommended, got); diff != "" {
				t.Errorf("recommended (-want +got):\n%s", diff)
			}
			for _, iv := range tx.InterventionsAt(tt.id) {
				if iv.Effectiveness != s.Effectiveness || iv.Priority != s.Priority {
					t.Errorf("intervention %s: effectiveness %q priority %d, want the stage's %q %d",
						iv.ID, iv.Effectiveness, iv.Priority, s.Effectiveness, s.Priority)
				}
			}
		})
	}
	if s, _ := tx.Stage(StagePostHoc); s.Note != "Doesn't fix root cause" {
		t.Errorf("post_hoc note = %q", s.Note)
	}
}

// TestDefaultSeedContent checks the seed document's wording is all there.
func TestDefaultSeedContent(t *testing.T) {
	tx := mustDefault(t)
	rootCauses := map[string][]string{
		PolicyMisgeneralization: {
			"Training data lacks adversarial multi-turn examples",
			"Safety demonstrations are single-turn biased",
			"Distributional shift between eval and production",
		},
		PreferenceModelBlindSpot: {
			"Human labelers didn't see certain attack patterns",
			"Comparative labeling masks absolute safety judgments",
			"RM trained on single-turn preferences",
		},
		RewardShapingSideEffect: {
			"Multi-objective optimization with implicit tradeoffs",
			"Safety reward too sparse (only penalizes extreme violations)",
			"Helpfulness reward is dense and dominates gradient",
		},
		ContextWindowExploitation: {
			"Attention patterns favor recent tokens",
			`Safety context gets "pushed out" by adversarial padding`,
			"No explicit context integrity verification",
		},
	}
	for _, id := range CauseIDs() {
		t.Run(id, func(t *testing.T) {
			c, _ := tx.Cause(id)
			if c == nil {
				t.Fatal("missing")
			}
			if diff := cmp.Diff(rootCauses[id], c.RootCauses); diff != "" {
				t.Errorf("root causes (-want +got):\n%s", diff)
			}
			if len(tx.InterventionsFor(id)) == 0 {
				t.Error("no interventions")
			}
			if c.Intervention == "" || c.Description == "" {
				t.Error("missing seed intervention or description text")
			}
		})
	}

	behaviors := map[string]string{
		PolicyErosion:    "Gradual weakening of safety constraints over turns",
		IntentDrift:      "Shift from stated to hidden objectives",
		RewardHacking:    "Optimizing proxy metrics while violating intent",
		EpistemicFailure: "Overconfidence, false certainty, hallucination",
	}
	for id, want := range behaviors {
		if p, _ := tx.Phenomenon(id); p == nil || p.Behavior != want {
			t.Errorf("phenomenon %s behavior = %v, want %q", id, p, want)
		}
	}

	factors := map[string][2]string{
		FactorDistribution:           {"Curated, static", "Adversarial, evolving"},
		FactorTurnDepth:              {"Usually 1-3 turns", "10+ turns common"},
		FactorAttackerSophistication: {"Template-based", "Adaptive, creative"},
		FactorContextLength:          {"Short, clean", "Long, noisy"},
		FactorStakes:                 {"Academic", "Real harm potential"},
	}
	if len(tx.Factors()) != 5 {
		t.Errorf("%d factors, want 5", len(tx.Factors()))
	}
	for id, want := range factors {
		f, _ := tx.Factor(id)
		if f == nil || f.OfflineEval != want[0] || f.Production != want[1] || f.Measure == "" {
			t.Errorf("factor %s = %+v, want offline %q production %q and a measure", id, f, want[0], want[1])
		}
	}
	wantInsight := "Offline eval optimizes for average-case safety on known distributions. " +
		"Production requires worst-case safety on unknown distributions. " +
		"This gap cannot be closed by scaling eval alone—it requires:"
	if tx.EvalGap.KeyInsight != wantInsight {
		t.Errorf("key insight = %q, want %q", tx.EvalGap.KeyInsight, wantInsight)
	}
	wantRequires := []string{
		"Adversarial eval that anticipates distribution shift",
		"Runtime safeguards that don't assume benign inputs",
		"Incident feedback loops that update both",
	}
	if diff := cmp.Diff(wantRequires, tx.EvalGap.Requires); diff != "" {
		t.Errorf("requires (-want +got):\n%s", diff)
	}
}

func TestDefaultInterventions(t *testing.T) {
	tx := mustDefault(t)
	want := []string{
		"pre_action_intent_classification", "trajectory_monitoring", "escalation_policy", "context_integrity", "output_filtering",
		"trajectory_rm_training", "safety_classifier_aux_reward", "ppo_safety_constraint", "safety_veto", "adversarial_rl",
		"trajectory_adversarial_sft", "multiturn_safety_sft", "decomposition_aware_sft", "recovery_behavior_sft",
		"safety_data_curation", "constitutional_ai", "debate_deliberation",
	}
	for _, id := range want {
		t.Run(id, func(t *testing.T) {
			iv, ok := tx.Intervention(id)
			if !ok {
				t.Fatal("missing")
			}
			if iv.Name == "" || iv.Artifact == "" || len(iv.Causes) == 0 {
				t.Errorf("incomplete: %+v", iv)
			}
			s, ok := tx.Stage(iv.Stage)
			if !ok {
				t.Fatalf("unknown stage %q", iv.Stage)
			}
			if iv.Priority != s.Priority {
				t.Errorf("priority %d, want stage priority %d", iv.Priority, s.Priority)
			}
		})
	}
	if len(tx.Interventions) != len(want) {
		t.Errorf("%d interventions, want %d", len(tx.Interventions), len(want))
	}
}

// TestDefaultLinksDeclaredBothWays keeps the built-in file explicit: every
// cause-intervention link is written on both sides, so the symmetric closure
// that Load applies for user files adds nothing to it.
func TestDefaultLinksDeclaredBothWays(t *testing.T) {
	_, raw, err := parseSource(EmbeddedName, embeddedYAML)
	if err != nil {
		t.Fatal(err)
	}
	tx := mustDefault(t)
	for i, c := range raw.Causes {
		if diff := cmp.Diff(c.Interventions, tx.Causes[i].Interventions); diff != "" {
			t.Errorf("cause %s: interventions changed by closure (-file +loaded):\n%s", c.ID, diff)
		}
	}
	for i, iv := range raw.Interventions {
		if diff := cmp.Diff(iv.Causes, tx.Interventions[i].Causes); diff != "" {
			t.Errorf("intervention %s: causes changed by closure (-file +loaded):\n%s", iv.ID, diff)
		}
	}
}

func TestInterventionsForSorted(t *testing.T) {
	tx := mustDefault(t)
	for _, c := range CauseIDs() {
		t.Run(c, func(t *testing.T) {
			ivs := tx.InterventionsFor(c)
			sorted := slices.IsSortedFunc(ivs, func(a, b *Intervention) int {
				if a.Priority != b.Priority {
					return a.Priority - b.Priority
				}
				if a.ID < b.ID {
					return -1
				}
				return 1
			})
			if !sorted {
				t.Errorf("not sorted by priority then id: %v", ivIDs(ivs))
			}
			for _, iv := range ivs {
				if !slices.Contains(iv.Causes, c) {
					t.Errorf("%s does not list cause %s", iv.ID, c)
				}
			}
		})
	}
	got := ivIDs(tx.InterventionsFor(ContextWindowExploitation))
	want := []string{"context_integrity", "pre_action_intent_classification", "trajectory_monitoring"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("InterventionsFor(context_window_exploitation) (-want +got):\n%s", diff)
	}
	if got := tx.InterventionsFor("no_such_cause"); got != nil {
		t.Errorf("InterventionsFor(unknown) = %v, want nil", ivIDs(got))
	}
}

func TestAccessorsReturnPointersIntoTaxonomy(t *testing.T) {
	tx := mustDefault(t)
	iv, _ := tx.Intervention("safety_veto")
	iv.Artifact = "changed"
	if got, _ := tx.Intervention("safety_veto"); got.Artifact != "changed" {
		t.Error("Intervention does not return a pointer into the taxonomy")
	}
	// Every call to Default is independent.
	if fresh := mustDefault(t); fresh.Interventions[0].Artifact == "changed" {
		t.Error("Default shares state between calls")
	}
	if _, ok := tx.Phenomenon("nope"); ok {
		t.Error("Phenomenon(unknown) found something")
	}
}

func TestJSONRoundTrip(t *testing.T) {
	tx := mustDefault(t)
	var buf bytes.Buffer
	if err := tx.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	var back Taxonomy
	dec := json.NewDecoder(&buf)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(tx, &back); diff != "" {
		t.Errorf("JSON round trip (-want +got):\n%s", diff)
	}
}

func TestEffectivenessRank(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{{"low", 1}, {"medium", 2}, {"high", 3}, {"HIGH", 0}, {"", 0}}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := EffectivenessRank(tt.in); got != tt.want {
				t.Errorf("EffectivenessRank(%q) = %d, want %d", tt.in, got, tt.want)
			}
		})
	}
}

func ivIDs(ivs []*Intervention) []string {
	out := make([]string, len(ivs))
	for i, iv := range ivs {
		out[i] = iv.ID
	}
	return out
}
