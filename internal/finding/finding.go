// Package finding defines what a detector reports: a scored, located and
// evidenced failure, later enriched with its causes (layer 2) and the
// interventions that address it (layer 3). It is the shared vocabulary of
// detectors, attribution, planning, reports and the gateway.
package finding

// Severity grades how bad a finding is.
type Severity string

// Severities, lowest first.
const (
	SeverityLow      Severity = "low"
	SeverityMedium   Severity = "medium"
	SeverityHigh     Severity = "high"
	SeverityCritical Severity = "critical"
)

// Rank orders severities: low 1 ... critical 4, unknown 0.
func (s Severity) Rank() int {
	switch s {
	case SeverityLow:
		return 1
	case SeverityMedium:
		return 2
	case SeverityHigh:
		return 3
	case SeverityCritical:
		return 4
	}
	return 0
}

// SeverityFor maps a score in [0,1] to a severity.
func SeverityFor(score float64) Severity {
	switch {
	case score >= 0.9:
		return SeverityCritical
	case score >= 0.75:
		return SeverityHigh
	case score >= 0.5:
		return SeverityMedium
	}
	return SeverityLow
}

// Finding is one detected failure in a trajectory.
type Finding struct {
	// Phenomenon is a layer-1 taxonomy ID.
	Phenomenon string `json:"phenomenon"`
	// Detector is the ID of the detector that produced the finding.
	Detector string `json:"detector,omitempty"`
	// Score in [0,1]; higher is more likely.
	Score    float64  `json:"score"`
	Severity Severity `json:"severity"`
	// FirstTurn is the 0-based index of the first message where the failure is observable.
	FirstTurn int `json:"first_turn"`
	// Summary says in one sentence what happened.
	Summary  string     `json:"summary,omitempty"`
	Evidence []Evidence `json:"evidence"`
	// Causes are filled by attribution (layer 2).
	Causes []CauseRef `json:"causes"`
	// Interventions are filled by planning (layer 3).
	Interventions []InterventionRef `json:"interventions"`
}

// Evidence is one observation supporting a finding.
type Evidence struct {
	Turn    int     `json:"turn"`
	Signal  string  `json:"signal"`
	Excerpt string  `json:"excerpt"`
	Weight  float64 `json:"weight"`
}

// CauseRef attributes a finding to a layer-2 cause.
type CauseRef struct {
	ID         string   `json:"id"`
	Confidence float64  `json:"confidence"`
	Evidence   []string `json:"evidence"`
}

// InterventionRef names a layer-3 intervention for a finding.
type InterventionRef struct {
	ID            string `json:"id"`
	Stage         string `json:"stage"`
	Effectiveness string `json:"effectiveness"`
	Priority      int    `json:"priority"`
	Artifact      string `json:"artifact"`
}

// Clamp01 limits v to [0,1]; NaN becomes 0.
func Clamp01(v float64) float64 {
	switch {
	case v != v, v < 0:
		return 0
	case v > 1:
		return 1
	}
	return v
}
