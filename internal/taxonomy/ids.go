// Package taxonomy holds faultline's three-layer failure taxonomy as data:
// observable phenomena, mechanistic causes and the pipeline stages where they
// are fixed, with the interventions that connect them. Every output, config and
// API uses the stable IDs declared here.
package taxonomy

// Phenomenon IDs (layer 1).
const (
	PolicyErosion    = "policy_erosion"
	IntentDrift      = "intent_drift"
	RewardHacking    = "reward_hacking"
	EpistemicFailure = "epistemic_failure"
)

// Cause IDs (layer 2).
const (
	PolicyMisgeneralization   = "policy_misgeneralization"
	PreferenceModelBlindSpot  = "preference_model_blind_spot"
	RewardShapingSideEffect   = "reward_shaping_side_effect"
	ContextWindowExploitation = "context_window_exploitation"
)

// Stage IDs (layer 3).
const (
	StagePretrain = "pretrain"
	StageSFT      = "sft"
	StageRLHF     = "rlhf"
	StagePostHoc  = "post_hoc"
)

// PhenomenonIDs returns the four phenomenon IDs in their canonical order.
func PhenomenonIDs() []string {
	return []string{PolicyErosion, IntentDrift, RewardHacking, EpistemicFailure}
}

// CauseIDs returns the four cause IDs in their canonical order.
func CauseIDs() []string {
	return []string{PolicyMisgeneralization, PreferenceModelBlindSpot, RewardShapingSideEffect, ContextWindowExploitation}
}

// StageIDs returns the four stage IDs in the seed's recommended priority order
// (post-hoc first).
func StageIDs() []string {
	return []string{StagePostHoc, StageRLHF, StageSFT, StagePretrain}
}
