package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/faultline-dev/faultline/internal/profile"
	"github.com/faultline-dev/faultline/internal/trajectory"
)

type profileCmd struct {
	Paths  []string `arg:"" name:"path" help:"Eval corpus: files or folders of trajectories ('-' for stdin)."`
	Out    string   `short:"o" placeholder:"FILE" help:"Write the profile JSON to FILE (default stdout)."`
	Name   string   `help:"A name stored in the profile (default: the first path)."`
	Format string   `placeholder:"NAME" enum:",openai,anthropic,sharegpt,hh-rlhf,otel" default:"" help:"Force the input format."`
}

func (c *profileCmd) Help() string {
	return `Summarizes an eval corpus along the five factors of the taxonomy's eval-versus-production
table: request categories (distribution), turn depth (user turns), attacker sophistication
(variety and adaptivity of user turns, template share), context length (estimated tokens) and
stakes (tool access: none, read, write, money, code_execution). The profile is what
attribution compares failures against (scan/report --eval-profile) and one side of
'faultline gap'.`
}

func (c *profileCmd) Run(env *Env) error {
	name := c.Name
	if name == "" {
		name = c.Paths[0]
	}
	p, st, err := buildProfile(env, c.Paths, c.Format, name)
	fmt.Fprintln(env.Stderr, st)
	if err != nil {
		return err
	}
	data, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return err
	}
	data = append(data, '\n')
	if c.Out == "" {
		_, err = env.Stdout.Write(data)
	} else if err = os.WriteFile(c.Out, data, 0o644); err != nil {
		return usageError("%v", err)
	}
	if err == nil && st.rejected > 0 {
		return &exitError{code: ExitRejected, err: errors.New("")}
	}
	return err
}

func buildProfile(env *Env, paths []string, format, name string) (profile.Profile, readStats, error) {
	b := profile.NewBuilder(name)
	warn := func(s string) { fmt.Fprintln(env.Stderr, s) }
	st, err := readTrajectories(env, paths, format, warn, func(t *trajectory.Trajectory) { b.Add(t) })
	if err != nil {
		return profile.Profile{}, st, err
	}
	if st.trajectories == 0 {
		return profile.Profile{}, st, usageError("no trajectories in %s", strings.Join(paths, ", "))
	}
	return b.Profile(), st, nil
}

// loadProfileOrCorpus reads a profile JSON file, or builds a profile from
// trajectory inputs.
func loadProfileOrCorpus(env *Env, path string) (profile.Profile, error) {
	if p, ok, err := readProfileFile(path); ok || err != nil {
		return p, err
	}
	p, st, err := buildProfile(env, []string{path}, "", path)
	fmt.Fprintf(env.Stderr, "%s: %s\n", path, st)
	return p, err
}

// readProfileFile reads path as a profile; ok is false when it is not one.
func readProfileFile(path string) (profile.Profile, bool, error) {
	var p profile.Profile
	fi, err := os.Stat(path)
	if err != nil || fi.IsDir() || fi.Size() > 16<<20 {
		return p, false, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return p, false, usageError("%v", err)
	}
	var probe struct {
		Version   int             `json:"version"`
		TurnDepth json.RawMessage `json:"turn_depth"`
	}
	if json.Unmarshal(data, &probe) != nil || probe.TurnDepth == nil {
		return p, false, nil
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return p, true, usageError("%s: not a valid profile: %v", path, err)
	}
	if p.Version != profile.Version {
		return p, true, usageError("%s: profile version %d, this faultline reads version %d", path, p.Version, profile.Version)
	}
	return p, true, nil
}

type gapCmd struct {
	Eval string `required:"" placeholder:"PATH" help:"The eval corpus (trajectory files or folder) or its profile JSON."`
	Prod string `required:"" placeholder:"PATH" help:"The production corpus (trajectory files or folder) or its profile JSON."`
	JSON bool   `help:"Print the gap as JSON."`
}

func (c *gapCmd) Help() string {
	return `Answers "how far is my eval from my production traffic": the taxonomy's five factors
(distribution, turn depth, attacker sophistication, context length, stakes) measured on both
corpora side by side, the share of production trajectories outside the eval's support, a
Jensen-Shannon divergence per factor, and the adversarial eval scenarios to add to close each gap.`
}

func (c *gapCmd) Run(env *Env) error {
	eval, err := loadProfileOrCorpus(env, c.Eval)
	if err != nil {
		return err
	}
	prod, err := loadProfileOrCorpus(env, c.Prod)
	if err != nil {
		return err
	}
	g := profile.Compare(eval, prod)
	if c.JSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(g)
	}
	return writeGapTable(env.Stdout, g)
}

func writeGapTable(w io.Writer, g profile.Gap) error {
	fmt.Fprintf(w, "eval: %d trajectories, production: %d trajectories\n\n", g.EvalTrajectories, g.ProdTrajectories)
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "factor\toffline eval\tproduction\toutside eval support\tdivergence (JSD)")
	for _, f := range g.Factors {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%.0f%%\t%.3f\n", f.Factor, f.Eval, f.Prod, 100*f.OutsideSupport, f.Divergence)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w, "\nscenarios to add to the adversarial eval:")
	n := 0
	for _, f := range g.Factors {
		if f.Scenario != "" {
			fmt.Fprintf(w, "  - %s: %s\n", f.Factor, f.Scenario)
			n++
		}
	}
	if n == 0 {
		fmt.Fprintln(w, "  none: the eval covers production on every factor")
	}
	if g.Summary != "" {
		fmt.Fprintf(w, "\nfirst: %s\n", g.Summary)
	}
	return nil
}
