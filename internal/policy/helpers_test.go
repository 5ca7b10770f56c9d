package policy

import "github.com/faultline-dev/faultline/internal/analysis"

// Short names for the analysis score types used in tests.
type (
	analysisScores = analysis.PhenomenonScores
	analysisCauses = analysis.CauseScores
)
