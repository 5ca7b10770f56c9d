package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/faultline-dev/faultline/internal/analysis"
	"github.com/faultline-dev/faultline/internal/finding"
	"github.com/faultline-dev/faultline/internal/ingest"
	"github.com/faultline-dev/faultline/internal/plan"
)

type planCmd struct {
	Paths       []string `arg:"" name:"path" help:"Trajectory logs (they are scanned) or 'faultline scan' output; files, folders or '-'."`
	JSON        bool     `help:"Print the plan as JSON."`
	EvalProfile string   `placeholder:"FILE" type:"existingfile" help:"An eval profile from 'faultline profile', used by attribution."`
	Taxonomy    string   `placeholder:"FILE" type:"existingfile" help:"A taxonomy overlay file."`
}

func (c *planCmd) Help() string {
	return `Maps every finding of the corpus (score >= the warn threshold) to the taxonomy's interventions
through its attributed causes, and ranks the interventions in the seed's recommended priority
order (post-hoc safeguards first, then RLHF, SFT, pretraining) and within a stage by
incidence x severity x confidence x effectiveness. For each it says how many findings and
trajectories it would address, and the artifact faultline can produce for it.`
}

func (c *planCmd) Run(env *Env) error {
	th := analysis.DefaultThresholds()
	an, err := buildAnalyzer(c.Taxonomy, th, c.EvalProfile)
	if err != nil {
		return usageError("%v", err)
	}
	tx, err := loadTaxonomy(c.Taxonomy)
	if err != nil {
		return usageError("%v", err)
	}
	inputs, err := ingest.Inputs(c.Paths)
	if err != nil {
		return usageError("%v", err)
	}
	items, _, st, err := collectItems(env, inputs, an, 2 /* keep no trajectory */, newProgress(env.Stderr, inputs, true, ""))
	fmt.Fprintln(env.Stderr, st)
	if err != nil {
		return err
	}
	corpus := make([][]finding.Finding, len(items))
	for i, it := range items {
		for _, f := range it.Result.Findings {
			if f.Score >= th.Warn {
				corpus[i] = append(corpus[i], f)
			}
		}
	}
	ranked := plan.New(tx).Rank(corpus, len(items))
	if c.JSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(ranked); err != nil {
			return err
		}
	} else {
		writePlanTable(env.Stdout, ranked, len(items))
	}
	if st.rejected > 0 {
		return &exitError{code: ExitRejected, err: errors.New("")}
	}
	return nil
}

func writePlanTable(w io.Writer, ranked []plan.Ranked, total int) {
	if len(ranked) == 0 {
		fmt.Fprintf(w, "no findings at or above the warn threshold in %d trajectories: nothing to fix\n", total)
		return
	}
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "#\tintervention\tstage\teffectiveness\tfindings\ttrajectories\tscore\tphenomena\tartifact")
	for i, r := range ranked {
		var ph []string
		for _, id := range []string{"policy_erosion", "intent_drift", "reward_hacking", "epistemic_failure"} {
			if n := r.Phenomena[id]; n > 0 {
				ph = append(ph, fmt.Sprintf("%s %d", id, n))
			}
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%d\t%d\t%.4f\t%s\t%s\n", i+1, r.ID, r.Stage, r.Effectiveness, r.Findings, r.Trajectories, r.Score, strings.Join(ph, ", "), r.Artifact)
	}
	tw.Flush()
	fmt.Fprintf(w, "\n%d trajectories; order: post_hoc, rlhf, sft, pretrain, then score = incidence x severity x confidence x effectiveness\n", total)
}
