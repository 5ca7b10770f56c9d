package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/faultline-dev/faultline/internal/analysis"
	"github.com/faultline-dev/faultline/internal/gateway"
	"github.com/faultline-dev/faultline/internal/gateway/sysprompt"
	"github.com/faultline-dev/faultline/internal/policy"
	"github.com/faultline-dev/faultline/internal/store"
	"github.com/faultline-dev/faultline/internal/store/open"
)

type serveCmd struct {
	Upstream          string        `required:"" placeholder:"URL" help:"Base URL of the model server (vLLM, Ollama, llama.cpp, a hosted API); request paths such as /v1/chat/completions are appended (a trailing /v1 is not doubled)."`
	Listen            string        `default:"127.0.0.1:8787" placeholder:"HOST:PORT" help:"Address to listen on. A non-loopback address requires FAULTLINE_ADMIN_TOKEN."`
	Policy            string        `placeholder:"FILE" type:"existingfile" help:"Escalation policy YAML (default: the built-in policy)."`
	Store             string        `placeholder:"DSN" help:"Incident store: sqlite:PATH, postgres://..., or 'none' (default: sqlite under $XDG_DATA_HOME/faultline or ~/.local/share/faultline)."`
	Taxonomy          string        `placeholder:"FILE" type:"existingfile" help:"A taxonomy file that adds or overrides entries of the built-in taxonomy."`
	EvalProfile       string        `placeholder:"FILE" type:"existingfile" help:"An eval profile from 'faultline profile' for attribution."`
	WarnThreshold     float64       `default:"0.5" help:"Lowest phenomenon score that makes a verdict 'warn' (and a finding an incident)."`
	FailThreshold     float64       `default:"0.8" help:"Lowest phenomenon score that makes a verdict 'fail'."`
	MaxBodyMB         int64         `name:"max-body-mb" default:"32" help:"Largest accepted request body, in MiB."`
	UpstreamTimeout   time.Duration `default:"10m" help:"Longest non-streamed upstream exchange."`
	HeaderTimeout     time.Duration `default:"5m" help:"Longest wait for the upstream's response headers."`
	StreamIdleTimeout time.Duration `default:"2m" help:"Longest silence between two streamed events."`
	DrainTimeout      time.Duration `default:"30s" help:"On SIGINT/SIGTERM, how long in-flight exchanges may finish."`
	HoldStreams       string        `default:"tools" enum:"tools,risky,all" help:"Streamed responses held until judged: tools (tool calls only), risky (also whole responses in sessions with a harmful request, a finding or a fired rule), all."`
	SystemPrompts     string        `name:"system-prompts" placeholder:"FILE|DIR" help:"Allowed system prompts: a directory of prompt files, a file of SHA-256 digests (sha256sum output; prompts trimmed of surrounding white space), or one prompt file. Requests are checked against it (request.system_prompt_registered); the default policy blocks unregistered prompts."`
	SyncAll           bool          `help:"Store every decision and session snapshot before answering (default: only those with incidents, reviews, blocks or terminations; the rest within ~50 ms)."`
}

func (c *serveCmd) Help() string {
	return `Runs faultline as a proxy in front of an OpenAI-compatible or Anthropic endpoint. Point
clients at http://LISTEN (OpenAI SDKs: base_url http://LISTEN/v1; Anthropic SDKs: base_url
http://LISTEN). Every exchange is analyzed with the scan detectors, judged by the escalation
policy (allow, annotate, warn, review, block, terminate) and recorded in the incident store.

Admin API (bearer FAULTLINE_ADMIN_TOKEN): GET /admin/incidents, GET /admin/incidents/export,
GET /admin/sessions/{id}, GET /admin/reviews, POST /admin/reviews/{id}/approve|deny.
Operations: /healthz, /readyz, /metrics. Logs are JSON on stderr. See docs/gateway.md.`
}

// defaultStoreDSN is an SQLite file under the user's data directory.
func defaultStoreDSN() (string, error) {
	dir := os.Getenv("XDG_DATA_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("no data directory (set XDG_DATA_HOME or --store): %w", err)
		}
		dir = filepath.Join(home, ".local", "share")
	}
	dir = filepath.Join(dir, "faultline")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("create data directory: %w", err)
	}
	return "sqlite:" + filepath.Join(dir, "faultline.db"), nil
}

func (c *serveCmd) Run(env *Env) error {
	up, err := url.Parse(c.Upstream)
	if err != nil || (up.Scheme != "http" && up.Scheme != "https") || up.Host == "" {
		return usageError("--upstream %q: want an http:// or https:// URL", c.Upstream)
	}
	token := os.Getenv("FAULTLINE_ADMIN_TOKEN")
	if !gateway.IsLoopback(c.Listen) && token == "" {
		return usageError("--listen %s is not a loopback address: set FAULTLINE_ADMIN_TOKEN to protect the admin API", c.Listen)
	}
	an, err := buildAnalyzer(c.Taxonomy, analysis.Thresholds{Warn: c.WarnThreshold, Fail: c.FailThreshold}, c.EvalProfile)
	if err != nil {
		return usageError("%v", err)
	}
	defer serveGC()()
	pol := policy.Default()
	if c.Policy != "" {
		if pol, err = policy.Load(c.Policy); err != nil {
			return usageError("%v", err)
		}
	}
	var prompts *sysprompt.Registry
	if c.SystemPrompts != "" {
		if prompts, err = sysprompt.Load(c.SystemPrompts); err != nil {
			return usageError("--system-prompts: %v", err)
		}
	}
	log := slog.New(slog.NewJSONHandler(env.Stderr, nil))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	var st store.Store
	dsn := c.Store
	if dsn == "" {
		if dsn, err = defaultStoreDSN(); err != nil {
			return usageError("%v", err)
		}
	}
	if dsn != "none" {
		if st, err = open.Open(ctx, dsn); err != nil {
			return usageError("%v", err)
		}
		defer st.Close()
	}
	g, err := gateway.New(gateway.Config{
		Upstream: up, Analyzer: an, Policy: pol, SystemPrompts: prompts, Store: st, AdminToken: token, Logger: log,
		Metrics:      gateway.NewPrometheus(),
		MaxBodyBytes: c.MaxBodyMB << 20, UpstreamTimeout: c.UpstreamTimeout, HeaderTimeout: c.HeaderTimeout,
		StreamIdleTimeout: c.StreamIdleTimeout, IncidentThreshold: c.WarnThreshold, SyncAll: c.SyncAll,
		HoldStreams: gateway.HoldMode(c.HoldStreams),
	})
	if err != nil {
		return usageError("%v", err)
	}
	defer g.Close()
	ln, err := net.Listen("tcp", c.Listen)
	if err != nil {
		return usageError("listen: %v", err)
	}
	srv := &http.Server{Handler: g.Handler(), ReadHeaderTimeout: 30 * time.Second, IdleTimeout: 5 * time.Minute,
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	log.Info("faultline gateway listening", "listen", ln.Addr().String(), "upstream", up.Redacted(), "policy", pol.Source(),
		"store", storeKind(dsn), "admin_auth", token != "", "system_prompts", prompts.Len())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down: draining in-flight exchanges", "timeout", c.DrainTimeout.String())
	g.SetDraining()
	sctx, cancel := context.WithTimeout(context.Background(), c.DrainTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Warn("drain incomplete; closing", "err", err.Error())
		srv.Close()
	}
	return nil
}

// storeKind names the store back end without its credentials.
func storeKind(dsn string) string {
	if u, err := url.Parse(dsn); err == nil && u.Scheme != "" {
		return u.Scheme
	}
	return dsn
}

// serveGCPercent is the gateway's GC target unless GOGC is set: analysis
// allocates per turn, and at the default 100 the collector's pauses and
// assist work showed in the tail latency under load (p99 at 500 req/s
// 6-9 ms against 3.8 ms at 400); 200 halves the collections for at most
// three times the live heap (idle sessions are ~37 KB each).
const serveGCPercent = 200

func serveGC() func() {
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	old := debug.SetGCPercent(serveGCPercent)
	return func() { debug.SetGCPercent(old) }
}
