package taxonomy

// SupportedVersion is the taxonomy schema version this build understands. The
// embedded taxonomy.yaml declares it, and a user file that declares a version
// must declare this one.
const SupportedVersion = 2

// Effectiveness levels of a stage or an intervention, lowest first.
const (
	EffectivenessLow    = "low"
	EffectivenessMedium = "medium"
	EffectivenessHigh   = "high"
)

// EffectivenessRank orders effectiveness levels: 1 for low, 2 for medium, 3 for
// high and 0 for anything else.
func EffectivenessRank(e string) int {
	switch e {
	case EffectivenessLow:
		return 1
	case EffectivenessMedium:
		return 2
	case EffectivenessHigh:
		return 3
	}
	return 0
}

// Taxonomy is the three-layer failure taxonomy: what went wrong (phenomena),
// why (causes), where to fix it (stages and their interventions), plus the
// factors that make production failures invisible to offline evals.
type Taxonomy struct {
	// Version is the schema version (SupportedVersion).
	Version int `yaml:"version" json:"version"`
	// Phenomena is layer 1, in canonical order.
	Phenomena []Phenomenon `yaml:"phenomena" json:"phenomena"`
	// Causes is layer 2, in canonical order.
	Causes []Cause `yaml:"causes" json:"causes"`
	// Stages is layer 3, in pipeline order (pretrain first).
	Stages []Stage `yaml:"stages" json:"stages"`
	// Interventions connects causes to stages.
	Interventions []Intervention `yaml:"interventions" json:"interventions"`
	// EvalGap explains why failures appear in deployment but not in eval.
	EvalGap EvalGap `yaml:"eval_gap" json:"eval_gap"`
}

// Phenomenon is an observable failure (layer 1).
type Phenomenon struct {
	// ID is the stable identifier, e.g. "policy_erosion".
	ID string `yaml:"id" json:"id"`
	// Name is the human-readable name.
	Name string `yaml:"name" json:"name"`
	// Behavior is the observable behaviour that defines the phenomenon.
	Behavior string `yaml:"behavior" json:"behavior"`
	// Causes lists the IDs of the causes that typically produce it, most
	// common first.
	Causes []string `yaml:"causes" json:"causes"`
}

// Cause is a mechanistic cause of failures (layer 2).
type Cause struct {
	// ID is the stable identifier, e.g. "context_window_exploitation".
	ID string `yaml:"id" json:"id"`
	// Name is the human-readable name.
	Name string `yaml:"name" json:"name"`
	// Description says what goes wrong in the model or pipeline.
	Description string `yaml:"description" json:"description"`
	// RootCauses lists the underlying reasons the mechanism exists.
	RootCauses []string `yaml:"root_causes" json:"root_causes"`
	// Intervention is the recommended fix in prose.
	Intervention string `yaml:"intervention" json:"intervention"`
	// Interventions lists the IDs of the interventions that address the cause.
	Interventions []string `yaml:"interventions" json:"interventions"`
}

// Stage is a point of the training and serving pipeline where failures can be
// fixed (layer 3).
type Stage struct {
	// ID is the stable identifier, e.g. "post_hoc".
	ID string `yaml:"id" json:"id"`
	// Name is the human-readable name of the pipeline stage.
	Name string `yaml:"name" json:"name"`
	// Effectiveness is "low", "medium" or "high".
	Effectiveness string `yaml:"effectiveness" json:"effectiveness"`
	// EffectivenessRationale says why the stage has that effectiveness.
	EffectivenessRationale string `yaml:"effectiveness_rationale" json:"effectiveness_rationale"`
	// FixesRootCause is false for stages that only contain a failure (post-hoc
	// safeguards) without removing its cause.
	FixesRootCause bool `yaml:"fixes_root_cause" json:"fixes_root_cause"`
	// Note is a caveat, e.g. that the stage does not fix the root cause.
	Note string `yaml:"note" json:"note"`
	// Priority is the recommended order of work, 1 first.
	Priority int `yaml:"priority" json:"priority"`
	// Recommendation names the kind of change in the recommended priority
	// order, e.g. "RLHF-level changes".
	Recommendation string `yaml:"recommendation" json:"recommendation"`
	// Horizon is when the change pays off and what it does, e.g.
	// "immediate, defensive".
	Horizon string `yaml:"horizon" json:"horizon"`
	// Pipeline lists the interventions shown for the stage in the pipeline map.
	Pipeline []StageItem `yaml:"pipeline" json:"pipeline"`
	// Recommended lists the concrete items of the recommended priority order.
	Recommended []StageItem `yaml:"recommended" json:"recommended"`
}

// StageItem is one line of text about a stage with the interventions that
// implement it.
type StageItem struct {
	// Text is the line as written in the taxonomy.
	Text string `yaml:"text" json:"text"`
	// Interventions lists the IDs of the interventions the line refers to.
	Interventions []string `yaml:"interventions" json:"interventions"`
}

// Intervention is a concrete fix at one stage for one or more causes, with the
// artifact faultline can produce for it.
type Intervention struct {
	// ID is the stable identifier, e.g. "trajectory_rm_training".
	ID string `yaml:"id" json:"id"`
	// Name is the human-readable name.
	Name string `yaml:"name" json:"name"`
	// Stage is the ID of the pipeline stage the intervention belongs to.
	Stage string `yaml:"stage" json:"stage"`
	// Effectiveness is "low", "medium" or "high"; the stage's when unset.
	Effectiveness string `yaml:"effectiveness" json:"effectiveness"`
	// Priority is the recommended order of work, 1 first; the stage's when
	// unset.
	Priority int `yaml:"priority" json:"priority"`
	// Causes lists the IDs of the causes the intervention addresses.
	Causes []string `yaml:"causes" json:"causes"`
	// Description says what the intervention does.
	Description string `yaml:"description" json:"description"`
	// Artifact is the concrete thing faultline produces for the intervention
	// (an export, a policy rule, an eval suite).
	Artifact string `yaml:"artifact" json:"artifact"`
}

// EvalGap explains why failures appear in deployment but not in offline eval.
type EvalGap struct {
	// Factors are the ways production differs from offline eval.
	Factors []Factor `yaml:"factors" json:"factors"`
	// KeyInsight is the conclusion drawn from the factors.
	KeyInsight string `yaml:"key_insight" json:"key_insight"`
	// Requires lists what closing the gap requires.
	Requires []string `yaml:"requires" json:"requires"`
}

// Factor is one way production differs from offline eval.
type Factor struct {
	// ID is the stable identifier, e.g. "turn_depth".
	ID string `yaml:"id" json:"id"`
	// Name is the human-readable name.
	Name string `yaml:"name" json:"name"`
	// OfflineEval describes the factor in offline evals.
	OfflineEval string `yaml:"offline_eval" json:"offline_eval"`
	// Production describes the factor in production.
	Production string `yaml:"production" json:"production"`
	// Measure says how faultline measures the factor on real traffic.
	Measure string `yaml:"measure" json:"measure"`
}
