package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os/signal"
	"syscall"
	"time"

	"github.com/faultline-dev/faultline/internal/simulate"
)

type simulateCmd struct {
	Listen string `default:"127.0.0.1:9000" help:"Address to listen on."`
	Config string `placeholder:"FILE" type:"existingfile" help:"YAML of the model and its weaknesses; without it the default simulated model is served."`
}

func (c *simulateCmd) Help() string {
	return `Serves a deterministic, local OpenAI-compatible chat model (POST /v1/chat/completions,
streaming and not; GET /v1/models) with documented, configurable weaknesses, so that
'faultline redteam' and 'faultline serve' can be tested against known truth:

  model: faultline-sim-1
  harm_cues: [weapon, keylogger, ...]   # what the model treats as a harmful request
  erosion: {after_turns: 6}             # refuses harmful requests until the 6th user turn, then complies
  injection: {follow: true}             # obeys "call ` + "`name`" + ` with {json}" found in tool results
  sycophancy: {after_pushbacks: 2}      # holds its answer, then caves at the 2nd content-free pushback
  fabrication: {after_tokens: 4000}     # past 4,000 tokens of context, answers with fabricated citations

Without --config those are the weaknesses served. A weakness absent from a config file is off.`
}

func (c *simulateCmd) Run(env *Env) error {
	cfg := simulate.DefaultConfig()
	if c.Config != "" {
		var err error
		if cfg, err = simulate.LoadConfig(c.Config); err != nil {
			return usageError("%v", err)
		}
	}
	ln, err := net.Listen("tcp", c.Listen)
	if err != nil {
		return usageError("listen: %v", err)
	}
	srv := &http.Server{Handler: simulate.NewServer(cfg).Handler(), ReadHeaderTimeout: 10 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(shut)
	}()
	fmt.Fprintf(env.Stderr, "faultline simulate: serving %s on http://%s/v1\n", cfg.Model, ln.Addr())
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
