package cli

import (
	"bytes"
	"fmt"
	"os"

	"github.com/faultline-dev/faultline/internal/signal/model"
	"github.com/faultline-dev/faultline/internal/train"
)

type trainCmd struct {
	Data  string `default:"../shared/datasets" placeholder:"DIR" help:"The labeled development datasets folder."`
	Out   string `default:"${builtin_models}" placeholder:"FILE" help:"Where to write the model bundle. The default is the bundle embedded at build time."`
	Extra string `placeholder:"FILE" type:"existingfile" help:"Extra examples, JSON Lines of {\"model\": NAME, \"text\": ..., \"label\": true|false} (your confirmed incidents and false alarms)."`
}

func (c *trainCmd) Help() string {
	return `Trains every built-in model (hashed n-gram logistic regressions) from the development
datasets, plus optional extra examples, and writes them as one bundle. Training is
deterministic: the same data gives the same bytes, so retraining from ../shared/datasets
reproduces the embedded bundle exactly. Rebuild faultline afterwards to embed a new bundle,
or point signals at it in tests.`
}

func (c *trainCmd) Run(env *Env) error {
	specs := train.Specs()
	if len(specs) == 0 {
		return usageError("no trained models are defined")
	}
	var extra map[string][]model.Example
	if c.Extra != "" {
		var err error
		if extra, err = train.ReadUserExamples(c.Extra, specs); err != nil {
			return usageError("%v", err)
		}
	}
	models, err := train.Models(specs, c.Data, extra, nil)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := model.WriteBundle(&buf, models); err != nil {
		return err
	}
	if err := os.WriteFile(c.Out, buf.Bytes(), 0o644); err != nil {
		return usageError("writing %s: %v", c.Out, err)
	}
	for _, m := range models {
		fmt.Fprintf(env.Stdout, "%s: %d buckets, word n-grams 1..%d, char n-grams %v\n", m.Name, m.Featurizer.Dim, m.Featurizer.WordN, m.Featurizer.CharN)
	}
	fmt.Fprintf(env.Stdout, "wrote %s (%d bytes)\n", c.Out, buf.Len())
	return nil
}
