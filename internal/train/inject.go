package train

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/faultline-dev/faultline/internal/bench"
	"github.com/faultline-dev/faultline/internal/signal/inject"
	"github.com/faultline-dev/faultline/internal/signal/model"
	"github.com/faultline-dev/faultline/internal/trajectory"
)

// InjectionSpec is the injection model behind the instruction_in_data signal:
// prompt injections against benign prompts (deepset-prompt-injections train
// split, whole user prompts) and indirect injections against clean document
// text (bipia-train: the inserted attack string is a positive, every sentence
// of the clean twin a negative, split as the signal splits tool results).
// Dataset and Group are the bench adapters' names and groups (BIPIA's group
// is the attack category), so the bench can leave a group out.
func InjectionSpec() Spec {
	return Spec{
		Model:      inject.ModelName,
		Featurizer: model.Featurizer{Dim: 1 << 17, WordN: 2, MaxChars: 1024},
		Options:    model.TrainOptions{Epochs: 10, Seed: 3},
		Examples:   injectionExamples,
	}
}

func injectionExamples(root string) ([]model.Example, error) {
	var out []model.Example
	for _, ds := range bench.Datasets() {
		var add func(ex []bench.Example) []model.Example
		switch ds.Name {
		case "deepset-prompt-injections-train":
			add = func(ex []bench.Example) []model.Example { return deepsetExamples(ds.Name, ex) }
		case "bipia-train":
			add = func(ex []bench.Example) []model.Example { return bipiaExamples(ds.Name, ex) }
		default:
			continue
		}
		ex, err := ds.Load(root)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", ds.Name, err)
		}
		out = append(out, add(ex)...)
	}
	attacks, err := bipiaTrainAttacks(root)
	if err != nil {
		return nil, err
	}
	return append(out, attacks...), nil
}

// bipiaTrainAttacks returns every attack string of the BIPIA train split as
// a positive (the adapter inserts only some of them into contexts), with the
// adapter's dataset name and group (the attack category).
func bipiaTrainAttacks(root string) ([]model.Example, error) {
	var out []model.Example
	for _, fam := range []string{"text", "code"} {
		path := filepath.Join(root, "bipia", "benchmark", fam+"_attack_train.json")
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("bipia-train attacks: %w", err)
		}
		var byCat map[string][]string
		if err := json.Unmarshal(data, &byCat); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		cats := make([]string, 0, len(byCat))
		for c := range byCat {
			cats = append(cats, c)
		}
		sort.Strings(cats)
		for _, c := range cats {
			for _, a := range byCat[c] {
				out = append(out, model.Example{Text: a, Label: true, Dataset: "bipia-train", Group: c})
			}
		}
	}
	return out, nil
}

func deepsetExamples(name string, ex []bench.Example) []model.Example {
	var out []model.Example
	for _, e := range ex {
		for _, m := range e.Trajectory.Messages {
			if m.Role == trajectory.RoleUser && strings.TrimSpace(m.Content) != "" {
				out = append(out, model.Example{Text: m.Content, Label: e.Positive, Dataset: name, Group: e.Group})
			}
		}
	}
	return out
}

// bipiaExamples pairs each attacked context with its clean twin: the
// inserted text (what the twins do not share) is a positive example and the
// clean context's chunks are negatives.
func bipiaExamples(name string, ex []bench.Example) []model.Example {
	clean := map[string]string{}
	for _, e := range ex {
		if !e.Positive {
			clean[e.Pair] = toolText(&e.Trajectory)
		}
	}
	var out []model.Example
	for _, e := range ex {
		if e.Positive {
			if inserted := insertedText(clean[e.Pair], toolText(&e.Trajectory)); inserted != "" {
				out = append(out, model.Example{Text: inserted, Label: true, Dataset: name, Group: e.Group})
			}
			continue
		}
		for _, c := range inject.Sentences(toolText(&e.Trajectory), nil) {
			if strings.TrimSpace(c) != "" {
				out = append(out, model.Example{Text: c, Dataset: name, Group: e.Group})
			}
		}
	}
	return out
}

func toolText(t *trajectory.Trajectory) string {
	var b strings.Builder
	for _, m := range t.Messages {
		if m.Role == trajectory.RoleTool {
			b.WriteString(m.Content)
		}
	}
	return b.String()
}

// insertedText returns what attacked adds to clean: attacked without the
// longest common prefix and suffix of the two.
func insertedText(clean, attacked string) string {
	p := 0
	for p < len(clean) && p < len(attacked) && clean[p] == attacked[p] {
		p++
	}
	s := 0
	for s < len(clean)-p && s < len(attacked)-p && clean[len(clean)-1-s] == attacked[len(attacked)-1-s] {
		s++
	}
	return strings.TrimSpace(attacked[p : len(attacked)-s])
}
