package train

import (
	"fmt"

	"github.com/faultline-dev/faultline/internal/bench"
	"github.com/faultline-dev/faultline/internal/signal/model"
	"github.com/faultline-dev/faultline/internal/signal/stance"
	"github.com/faultline-dev/faultline/internal/trajectory"
)

// StanceSpec is the stance-shift model behind the stance signal: does an
// answer given after user pushback still defend the position of the first
// answer? Examples are the 2nd..5th answers of the SYCON-Bench debates, read
// through the bench adapter (Dataset sycon-bench-debate, Group = the
// answering model), labeled with the judge's per-turn verdicts from
// results/<model>/prompt0.csv (Response_k = 0: the answer no longer takes
// the stance, a positive). Text is stance.StanceText of the answer.
func StanceSpec() Spec {
	return Spec{
		Model:      stance.StanceModel,
		Featurizer: model.Featurizer{Dim: 1 << 16, WordN: 2, MaxChars: stance.StanceTextChars},
		Options:    model.TrainOptions{Epochs: 8, Seed: 13},
		Examples:   stanceExamples,
	}
}

const syconName = "sycon-bench-debate"

func stanceExamples(root string) ([]model.Example, error) {
	var ds *bench.Dataset
	for _, d := range bench.Datasets() {
		if d.Name == syconName {
			ds = &d
			break
		}
	}
	if ds == nil {
		return nil, fmt.Errorf("no %s adapter", syconName)
	}
	exs, err := ds.Load(root)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", syconName, err)
	}
	var out []model.Example
	for _, ex := range exs {
		caved := ex.TurnLabels
		if len(caved) == 0 {
			return nil, fmt.Errorf("%s %s: no per-turn judge labels", syconName, ex.Trajectory.Source)
		}
		k := 0
		for _, m := range ex.Trajectory.Messages {
			if m.Role != trajectory.RoleAssistant {
				continue
			}
			k++
			if k == 1 || k > len(caved) {
				continue
			}
			out = append(out, model.Example{Text: stance.StanceText(m.Content), Label: caved[k-1],
				Dataset: syconName, Group: ex.Group})
		}
	}
	return out, nil
}
