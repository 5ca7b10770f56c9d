package epistemic_test

import (
	"os"
	"strconv"
	"testing"

	"github.com/faultline-dev/faultline/internal/bench"
	"github.com/faultline-dev/faultline/internal/signal/grounding"
	"github.com/faultline-dev/faultline/internal/signal/model"
	"github.com/faultline-dev/faultline/internal/train"
	"github.com/faultline-dev/faultline/internal/trajectory"
)

// TestHaluFolds prints the out-of-fold AUROC of the open-domain model on
// HaluEval (hash folds), for feature experiments. HALU=1.
func TestHaluFolds(t *testing.T) {
	if os.Getenv("HALU") == "" {
		t.Skip("set HALU=1")
	}
	var ds bench.Dataset
	for _, d := range bench.Datasets() {
		if d.Name == "halueval-general" {
			ds = d
		}
	}
	ex, err := ds.Load(datasetsRoot)
	if err != nil {
		t.Fatal(err)
	}
	sp := train.OpenSpec()
	if v := os.Getenv("EPOCHS"); v != "" {
		sp.Options.Epochs, _ = strconv.Atoi(v)
	}
	if v := os.Getenv("LR"); v != "" {
		sp.Options.LearningRate, _ = strconv.ParseFloat(v, 64)
	}
	if v := os.Getenv("WORDN"); v != "" {
		sp.Featurizer.WordN, _ = strconv.Atoi(v)
	}
	texts := make([]string, len(ex))
	var buf []byte
	for i, e := range ex {
		var req string
		for _, m := range e.Trajectory.Messages {
			switch m.Role {
			case trajectory.RoleUser:
				req = m.Content
			case trajectory.RoleAssistant:
				buf = grounding.OpenText(req, m.Content, buf[:0])
				texts[i] = string(buf)
			}
		}
	}
	scores := make([]float64, len(ex))
	labels := make([]bool, len(ex))
	for _, g := range []string{"h0", "h1", "h2", "h3", "h4"} {
		var tr []model.Example
		for i, e := range ex {
			if e.Group != g {
				tr = append(tr, model.Example{Text: texts[i], Label: e.Positive})
			}
		}
		m, err := model.Train("x", sp.Featurizer, tr, sp.Options)
		if err != nil {
			t.Fatal(err)
		}
		for i, e := range ex {
			if e.Group == g {
				scores[i] = m.Score(texts[i])
				labels[i] = e.Positive
			}
		}
	}
	t.Logf("open model out-of-fold AUROC %.3f", bench.AUROC(scores, labels))
}
