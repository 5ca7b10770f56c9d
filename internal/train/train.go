// Package train builds faultline's embedded models from labeled data. Each
// model has a Spec: its featurizer, its options, and how to assemble its
// training examples from the development datasets (and from user-supplied
// examples). Training is deterministic, so `faultline train` reproduces the
// embedded bundle byte for byte.
package train

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"

	"github.com/faultline-dev/faultline/internal/signal/model"
)

// Spec describes one trained model.
type Spec struct {
	// Model is the model name signals look up.
	Model      string
	Featurizer model.Featurizer
	Options    model.TrainOptions
	// Examples assembles the training examples from the datasets folder.
	// Every example names its Dataset and Group (the bench's dataset name and
	// out-of-group unit) so that evaluation can leave groups out.
	Examples func(datasets string) ([]model.Example, error)
	// Prepare, when set, maps every example's text (from the datasets and
	// from user files alike) to the text the model reads, as the signal
	// prepares it at run time.
	Prepare func(text string) string
	// PrepareReply, when set, says the model reads a reply in the context
	// of its request: a user example's text is a reply, and its "request"
	// field the request it answers; both become the text the model reads,
	// as the signal builds it at run time. Dataset examples build that text
	// themselves.
	PrepareReply func(request, reply string) string
}

// prepared returns the examples with sp.Prepare applied to their texts.
func (sp Spec) prepared(ex []model.Example) []model.Example {
	if sp.Prepare == nil {
		return ex
	}
	out := make([]model.Example, len(ex))
	for i, e := range ex {
		e.Text = sp.Prepare(e.Text)
		out[i] = e
	}
	return out
}

// Specs returns every model spec, in bundle order.
func Specs() []Spec {
	return []Spec{
		// Model specs are listed here.
		GroundingSpec(),
		InjectionSpec(),
		OpenSpec(),
		RequestHarmSpec(),
		ResponseHarmSpec(),
		StanceSpec(),
	}
}

// Exclude reports whether an example must be left out of training.
type Exclude func(e *model.Example) bool

// Models trains every spec on the examples from datasets plus extra (user
// examples keyed by model name), leaving out those matching exclude (nil
// keeps all).
func Models(specs []Spec, datasets string, extra map[string][]model.Example, exclude Exclude) ([]*model.Model, error) {
	var out []*model.Model
	for _, sp := range specs {
		ex, err := sp.Examples(datasets)
		if err != nil {
			return nil, fmt.Errorf("model %s: assembling examples: %w", sp.Model, err)
		}
		ex = sp.prepared(append(ex, extra[sp.Model]...))
		if exclude != nil {
			kept := ex[:0:0]
			for i := range ex {
				if !exclude(&ex[i]) {
					kept = append(kept, ex[i])
				}
			}
			ex = kept
		}
		m, err := model.Train(sp.Model, sp.Featurizer, ex, sp.Options)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

// UserExample is one line of a user training file (JSON Lines):
//
//	{"model": "request_harm", "text": "...", "label": true}
//	{"model": "response_harm", "request": "...", "text": "the reply", "label": true}
//
// Users add their confirmed incidents (label true) and false alarms (label
// false) this way and retrain with `faultline train --extra FILE`. Request
// is only read by models that judge a reply in context (Spec.PrepareReply).
type UserExample struct {
	Model   string `json:"model"`
	Request string `json:"request,omitempty"`
	Text    string `json:"text"`
	Label   *bool  `json:"label"`
}

// ReadUserExamples reads a user training file for the given specs, keyed by
// model name. Lines with an unknown model, no text, no label, or a request
// for a model that reads none are errors with file:line.
func ReadUserExamples(path string, specs []Spec) (map[string][]model.Example, error) {
	bySpec := map[string]*Spec{}
	for i := range specs {
		bySpec[specs[i].Model] = &specs[i]
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string][]model.Example{}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 16<<20)
	line := 0
	for sc.Scan() {
		line++
		if len(sc.Bytes()) == 0 {
			continue
		}
		var u UserExample
		if err := json.Unmarshal(sc.Bytes(), &u); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, line, err)
		}
		sp := bySpec[u.Model]
		switch {
		case sp == nil:
			return nil, fmt.Errorf("%s:%d: unknown model %q", path, line, u.Model)
		case u.Text == "":
			return nil, fmt.Errorf("%s:%d: missing text", path, line)
		case u.Label == nil:
			return nil, fmt.Errorf("%s:%d: missing label", path, line)
		case u.Request != "" && sp.PrepareReply == nil:
			return nil, fmt.Errorf("%s:%d: model %q reads no request (drop the request field)", path, line, u.Model)
		}
		text := u.Text
		if sp.PrepareReply != nil {
			text = sp.PrepareReply(u.Request, u.Text)
		}
		out[u.Model] = append(out[u.Model], model.Example{Text: text, Label: *u.Label, Dataset: "user", Group: path})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s:%d: %w", path, line+1, err)
	}
	return out, nil
}

// Trainer assembles every spec's examples once and retrains models on
// demand; it implements the benchmark's out-of-group retraining.
type Trainer struct {
	specs    []Spec
	examples [][]model.Example // per spec
	base     *model.Set
	datasets []map[string]bool // per spec: datasets it learns from
}

// NewTrainer assembles the examples of specs from the datasets folder; base
// is the model set that models not retrained are taken from.
func NewTrainer(specs []Spec, datasets string, base *model.Set) (*Trainer, error) {
	t := &Trainer{specs: specs, base: base}
	for _, sp := range specs {
		ex, err := sp.Examples(datasets)
		if err != nil {
			return nil, fmt.Errorf("model %s: assembling examples: %w", sp.Model, err)
		}
		ex = sp.prepared(ex)
		seen := map[string]bool{}
		for _, e := range ex {
			seen[e.Dataset] = true
		}
		t.examples = append(t.examples, ex)
		t.datasets = append(t.datasets, seen)
	}
	return t, nil
}

// TrainedOn reports whether any model learns from the dataset.
func (t *Trainer) TrainedOn(dataset string) bool {
	for _, ds := range t.datasets {
		if ds[dataset] {
			return true
		}
	}
	return false
}

// Without retrains the models that learn from dataset, leaving out the
// examples of its group; the other models come from the base set.
func (t *Trainer) Without(dataset, group string) (*model.Set, error) {
	set := t.base
	for i, sp := range t.specs {
		if !t.datasets[i][dataset] {
			continue
		}
		kept := make([]model.Example, 0, len(t.examples[i]))
		for _, e := range t.examples[i] {
			if e.Dataset == dataset && e.Group == group {
				continue
			}
			kept = append(kept, e)
		}
		m, err := model.Train(sp.Model, sp.Featurizer, kept, sp.Options)
		if err != nil {
			return nil, err
		}
		set = set.With(m)
	}
	return set, nil
}
