package cli

import (
	"fmt"

	"github.com/faultline-dev/faultline/internal/analysis"
	"github.com/faultline-dev/faultline/internal/attribute"
	"github.com/faultline-dev/faultline/internal/builtin"
	"github.com/faultline-dev/faultline/internal/plan"
	"github.com/faultline-dev/faultline/internal/profile"
	"github.com/faultline-dev/faultline/internal/signal"
	"github.com/faultline-dev/faultline/internal/signal/model"
	"github.com/faultline-dev/faultline/internal/taxonomy"
)

// pipeline holds what every analyzer of a command shares.
type pipeline struct {
	tx   *taxonomy.Taxonomy
	th   analysis.Thresholds
	eval *profile.Profile // nil: attribution uses the taxonomy's eval defaults
}

// newPipeline loads the taxonomy (the embedded one, overlaid by
// taxonomyFile when given).
func newPipeline(taxonomyFile string, th analysis.Thresholds) (*pipeline, error) {
	tx, err := loadTaxonomy(taxonomyFile)
	if err != nil {
		return nil, err
	}
	return &pipeline{tx: tx, th: th}, nil
}

// analyzer assembles the default pipeline over a model set: the built-in
// signals and detectors, attribution and planning over the taxonomy.
func (p *pipeline) analyzer(models *model.Set) (*analysis.Analyzer, error) {
	sigs, err := builtin.Signals()
	if err != nil {
		return nil, err
	}
	dets, err := builtin.Detectors()
	if err != nil {
		return nil, err
	}
	an, err := analysis.New(analysis.Config{
		Signals:     sigs,
		Detectors:   dets,
		Env:         &signal.Env{Models: models},
		Attribution: attribute.NewStage(attribute.DefaultRules(p.eval)...),
		Planner:     plan.New(p.tx),
		Thresholds:  p.th,
	})
	if err != nil {
		return nil, fmt.Errorf("building the analysis pipeline: %w", err)
	}
	return an, nil
}

// buildAnalyzer is the default pipeline with the embedded models;
// evalProfile, when not empty, is a profile JSON from `faultline profile`.
func buildAnalyzer(taxonomyFile string, th analysis.Thresholds, evalProfile string) (*analysis.Analyzer, error) {
	p, err := newPipeline(taxonomyFile, th)
	if err != nil {
		return nil, err
	}
	if evalProfile != "" {
		ep, ok, err := readProfileFile(evalProfile)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, fmt.Errorf("%s is not a profile written by 'faultline profile'", evalProfile)
		}
		p.eval = &ep
	}
	models, err := model.Builtin()
	if err != nil {
		return nil, err
	}
	return p.analyzer(models)
}

// loadTaxonomy loads the embedded taxonomy, overlaid by file when not empty.
func loadTaxonomy(file string) (*taxonomy.Taxonomy, error) {
	if file == "" {
		return taxonomy.Default()
	}
	return taxonomy.Load(file)
}
