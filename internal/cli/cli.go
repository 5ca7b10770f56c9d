// Package cli holds faultline's commands, one file per command. cmd/faultline
// only calls Main; everything a command needs arrives through Env so that tests
// can run commands in-process with their own streams.
package cli

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/alecthomas/kong"

	"github.com/faultline-dev/faultline/internal/signal/model"
)

// Exit codes shared by every command.
const (
	ExitOK       = 0 // everything was read and done
	ExitRejected = 1 // some input records were rejected
	ExitUsage    = 2 // usage or I/O error
)

// Env is what a command may touch of the outside world.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
}

// isTerminal reports whether w is a terminal (progress bars only go there).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// exitError carries an exit status out of a command.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// usageError is returned for bad flags or arguments (exit 2).
func usageError(format string, args ...any) error {
	return &exitError{code: ExitUsage, err: fmt.Errorf(format, args...)}
}

// root is the command tree.
type root struct {
	Version  versionCmd  `cmd:"" help:"Print the faultline version and the taxonomy version."`
	Taxonomy taxonomyCmd `cmd:"" help:"Print the failure taxonomy: phenomena, causes, pipeline stages, interventions and the eval-versus-production factors."`
	Scan     scanCmd     `cmd:"" help:"Scan conversation and agent logs and write one JSON result per trajectory."`
	Report   reportCmd   `cmd:"" help:"Build the triage report (HTML, Markdown, JSON) from logs or scan output."`
	Plan     planCmd     `cmd:"" help:"Rank interventions across a corpus, in the taxonomy's priority order."`
	Export   exportCmd   `cmd:"" help:"Turn failures into training and eval artifacts: preference pairs, SFT demonstrations, safety labels, regression cases."`
	Profile  profileCmd  `cmd:"" help:"Summarize an eval corpus along the five eval-versus-production factors."`
	Gap      gapCmd      `cmd:"" help:"Compare an eval corpus with production traffic, factor by factor."`
	Simulate simulateCmd `cmd:"" help:"Serve a deterministic simulated chat model with configurable weaknesses (for red-team and gateway tests)."`
	Redteam  redteamCmd  `cmd:"" help:"Attack a model endpoint with multi-turn strategies and measure worst-case attack success, offline versus production."`
	Bench    benchCmd    `cmd:"" help:"Measure detection quality on the labeled development datasets (out-of-group)."`
	Train    trainCmd    `cmd:"" help:"Retrain the built-in models deterministically from labeled data."`
	Serve    serveCmd    `cmd:"" help:"Run the gateway: a proxy in front of an OpenAI-compatible or Anthropic endpoint that monitors sessions, gates tool calls and escalates by policy."`
}

// Main runs faultline with args and returns the process exit status.
func Main(args []string, env Env) int {
	var cli root
	exitCode := -1
	parser, err := kong.New(&cli,
		kong.Name("faultline"),
		kong.Description("faultline turns LLM conversations and agent trajectories into actionable failure reports:\n"+
			"what failed (policy erosion, intent drift, reward hacking, epistemic failure), why (the mechanistic\n"+
			"cause) and where in the training and serving pipeline to fix it."),
		kong.UsageOnError(),
		kong.Writers(env.Stdout, env.Stderr),
		kong.Exit(func(code int) { exitCode = code }),
		kong.Bind(&env),
		kong.ConfigureHelp(kong.HelpOptions{Compact: true, WrapUpperBound: 100}),
		kong.Vars{"builtin_models": model.BuiltinPath},
	)
	if err != nil {
		fmt.Fprintf(env.Stderr, "faultline: %v\n", err)
		return ExitUsage
	}
	kctx, err := parser.Parse(args)
	if exitCode >= 0 { // --help or kong's own exit
		if exitCode != 0 {
			return ExitUsage
		}
		return ExitOK
	}
	if err != nil {
		fmt.Fprintf(env.Stderr, "faultline: %v\n", err)
		if kctx != nil {
			fmt.Fprintf(env.Stderr, "run 'faultline %s --help' for usage\n", kctx.Command())
		}
		return ExitUsage
	}
	if err := kctx.Run(&env); err != nil {
		var ee *exitError
		if errors.As(err, &ee) {
			if ee.err != nil && ee.err.Error() != "" {
				fmt.Fprintf(env.Stderr, "faultline: %v\n", ee.err)
			}
			return ee.code
		}
		fmt.Fprintf(env.Stderr, "faultline: %v\n", err)
		return ExitUsage
	}
	return ExitOK
}
