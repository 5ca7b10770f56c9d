package train

import (
	"fmt"

	"github.com/faultline-dev/faultline/internal/bench"
	"github.com/faultline-dev/faultline/internal/signal/grounding"
	"github.com/faultline-dev/faultline/internal/signal/model"
	"github.com/faultline-dev/faultline/internal/trajectory"
)

// GroundingSpec is the grounding model behind the ungrounded signal: binned
// support measurements of a response against its context (see
// grounding.GroundingFeatures), trained on BEGIN's human attribution labels
// (not fully attributable = true), grouped by the response generator like the
// bench adapter. Its input is measurements, never words, so it does not learn
// topics.
func GroundingSpec() Spec {
	return Spec{
		Model:      grounding.GroundingModel,
		Featurizer: model.Featurizer{Dim: 1 << 10, WordN: 1},
		Options:    model.TrainOptions{Epochs: 20, Seed: 11},
		Examples: func(root string) ([]model.Example, error) {
			return benchExamples(root, "begin", func(e *bench.Example, add func(string)) {
				_, texts := grounding.GroundingFeatures(e.Trajectory.Messages)
				for _, t := range texts {
					add(t)
				}
			})
		},
	}
}

// OpenSpec is the open-domain model of the epistemic_failure detector:
// request words, specificity and tone features and the response (see
// grounding.OpenText), trained on HaluEval's human hallucination labels with
// the bench's hash folds as groups.
func OpenSpec() Spec {
	return Spec{
		Model:      grounding.OpenModel,
		Featurizer: model.Featurizer{Dim: 1 << 16, WordN: 2, MaxChars: 2048},
		// Few, small steps: the set is small (about 400 positives) and
		// lexical features overfit it (chosen on the hash folds).
		Options: model.TrainOptions{Epochs: 3, LearningRate: 0.05, Seed: 13},
		Examples: func(root string) ([]model.Example, error) {
			var buf []byte
			return benchExamples(root, "halueval-general", func(e *bench.Example, add func(string)) {
				var req string
				for _, m := range e.Trajectory.Messages {
					switch m.Role {
					case trajectory.RoleUser:
						req = m.Content
					case trajectory.RoleAssistant:
						buf = grounding.OpenText(req, m.Content, buf[:0])
						add(string(buf))
					}
				}
			})
		},
	}
}

// benchExamples turns the examples of one bench dataset into training
// examples with the bench's label, dataset name and group.
func benchExamples(root, name string, texts func(e *bench.Example, add func(string))) ([]model.Example, error) {
	for _, ds := range bench.Datasets() {
		if ds.Name != name {
			continue
		}
		ex, err := ds.Load(root)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		var out []model.Example
		for i := range ex {
			e := &ex[i]
			texts(e, func(t string) {
				out = append(out, model.Example{Text: t, Label: e.Positive, Dataset: name, Group: e.Group})
			})
		}
		return out, nil
	}
	return nil, fmt.Errorf("no bench dataset %q", name)
}
