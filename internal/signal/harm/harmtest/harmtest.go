// Package harmtest trains tiny harm models on hand-written fixtures, for the
// tests of the harm signals and of the policy_erosion detector. The fixtures
// are a few dozen sentences, not dataset records; the models only need to
// separate them.
package harmtest

import (
	"bufio"
	"bytes"
	"embed"
	"encoding/json"
	"fmt"

	"github.com/faultline-dev/faultline/internal/signal"
	"github.com/faultline-dev/faultline/internal/signal/harm"
	"github.com/faultline-dev/faultline/internal/signal/model"
)

//go:embed testdata/*.jsonl
var fixtures embed.FS

type row struct {
	Request string `json:"request"`
	Text    string `json:"text"`
	Label   bool   `json:"label"`
}

func read(name string) ([]row, error) {
	data, err := fixtures.ReadFile("testdata/" + name)
	if err != nil {
		return nil, fmt.Errorf("reading fixture %s: %w", name, err)
	}
	var out []row
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var r row
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return nil, fmt.Errorf("fixture %s: %w", name, err)
		}
		out = append(out, r)
	}
	return out, sc.Err()
}

// Env returns an environment holding request_harm and response_harm models
// trained on the fixtures.
func Env() (*signal.Env, error) {
	reqs, err := read("requests.jsonl")
	if err != nil {
		return nil, err
	}
	var ex []model.Example
	for _, r := range reqs {
		ex = append(ex, model.Example{Text: r.Text, Label: r.Label})
	}
	f := model.Featurizer{Dim: 1 << 12, WordN: 2, MaxChars: 1024}
	rm, err := model.Train(harm.RequestHarmID, f, ex, model.TrainOptions{Epochs: 30})
	if err != nil {
		return nil, err
	}
	resps, err := read("responses.jsonl")
	if err != nil {
		return nil, err
	}
	ex = ex[:0]
	for _, r := range resps {
		ex = append(ex, model.Example{Text: string(harm.ResponseText(r.Request, r.Text, nil)), Label: r.Label})
	}
	f.MaxChars = 2400
	pm, err := model.Train(harm.ResponseHarmID, f, ex, model.TrainOptions{Epochs: 30})
	if err != nil {
		return nil, err
	}
	return &signal.Env{Models: model.NewSet(rm, pm)}, nil
}
