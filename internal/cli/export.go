package cli

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/faultline-dev/faultline/internal/analysis"
	"github.com/faultline-dev/faultline/internal/export"
	"github.com/faultline-dev/faultline/internal/trajectory"
)

type exportCmd struct {
	Kind        string   `required:"" enum:"preference-pairs,sft,safety-labels,regression" help:"Artifact to write: ${enum}."`
	Paths       []string `arg:"" name:"path" help:"Trajectory logs (files, folders or '-'); they are scanned."`
	Out         string   `short:"o" placeholder:"FILE" help:"Write the JSONL artifact to FILE (default stdout)."`
	MinScore    float64  `default:"0.8" help:"Only findings scoring at least this (default: the fail threshold) become artifacts."`
	EvalProfile string   `placeholder:"FILE" type:"existingfile" help:"An eval profile from 'faultline profile', used by attribution."`
}

func (c *exportCmd) Help() string {
	return `Turns failures found in logs into the artifacts the intervention plan names, as JSON Lines:

  preference-pairs  {prompt, chosen, rejected}: the conversation up to the failing turn, a
                    safe recovery reply (chosen) and the failing reply (rejected), for
                    trajectory-level reward-model training
  sft               {messages}: the conversation up to the failing turn followed by the
                    recovery reply, multi-turn SFT demonstrations with recovery behaviour
  safety-labels     {text, label}: every assistant turn up to the failing one, labeled, for
                    an auxiliary safety classifier
  regression        scan-input records of the conversation up to the failing turn, to
                    replay as regression eval cases

Recovery replies are templates per phenomenon, marked needs_review in each record's metadata:
review and edit them before training on them.`
}

func (c *exportCmd) Run(env *Env) error {
	an, err := buildAnalyzer("", analysis.DefaultThresholds(), c.EvalProfile)
	if err != nil {
		return usageError("%v", err)
	}
	var out io.Writer = env.Stdout
	if c.Out != "" {
		f, err := os.Create(c.Out)
		if err != nil {
			return usageError("%v", err)
		}
		defer f.Close()
		out = f
	}
	w, err := export.NewWriter(c.Kind, out, c.MinScore)
	if err != nil {
		return usageError("%v", err)
	}
	var writeErr error
	st, err := readTrajectories(env, c.Paths, "", func(s string) { fmt.Fprintln(env.Stderr, s) }, func(t *trajectory.Trajectory) {
		if writeErr != nil {
			return
		}
		r := an.Analyze(t)
		writeErr = w.Add(t, &r)
	})
	fmt.Fprintf(env.Stderr, "%s; %d %s records\n", st, w.Count(), c.Kind)
	switch {
	case err != nil:
		return err
	case writeErr != nil:
		return &exitError{code: ExitUsage, err: writeErr}
	case st.rejected > 0:
		return &exitError{code: ExitRejected, err: errors.New("")}
	}
	return nil
}
