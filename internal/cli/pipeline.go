package cli

import (
	"fmt"

	"github.com/faultline-dev/faultline/internal/analysis"
	"github.com/faultline-dev/faultline/internal/attribute"
	"github.com/faultline-dev/faultline/internal/detect"
	"github.com/faultline-dev/faultline/internal/plan"
	"github.com/faultline-dev/faultline/internal/signal"
	"github.com/faultline-dev/faultline/internal/taxonomy"
)

// buildAnalyzer assembles the default pipeline: the built-in signals and
// detectors, attribution and planning over the taxonomy (the embedded one,
// overlaid by taxonomyFile when given).
func buildAnalyzer(taxonomyFile string, th analysis.Thresholds) (*analysis.Analyzer, error) {
	tx, err := loadTaxonomy(taxonomyFile)
	if err != nil {
		return nil, err
	}
	an, err := analysis.New(analysis.Config{
		Signals:     signal.NewRegistry(),
		Detectors:   detect.NewRegistry(),
		Attribution: attribute.NewStage(),
		Planner:     plan.New(tx),
		Thresholds:  th,
	})
	if err != nil {
		return nil, fmt.Errorf("building the analysis pipeline: %w", err)
	}
	return an, nil
}

// loadTaxonomy loads the embedded taxonomy, overlaid by file when not empty.
func loadTaxonomy(file string) (*taxonomy.Taxonomy, error) {
	if file == "" {
		return taxonomy.Default()
	}
	return taxonomy.Load(file)
}
