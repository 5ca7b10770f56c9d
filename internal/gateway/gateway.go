package gateway

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/faultline-dev/faultline/internal/analysis"
	"github.com/faultline-dev/faultline/internal/gateway/sysprompt"
	"github.com/faultline-dev/faultline/internal/ingest"
	"github.com/faultline-dev/faultline/internal/policy"
	"github.com/faultline-dev/faultline/internal/store"
)

// Defaults of Config's limits.
const (
	DefaultMaxBodyBytes      = 32 << 20
	DefaultMaxResponseBytes  = 64 << 20
	DefaultUpstreamTimeout   = 10 * time.Minute
	DefaultHeaderTimeout     = 5 * time.Minute
	DefaultStreamIdleTimeout = 2 * time.Minute
	DefaultSessionIdle       = time.Hour
)

// Config configures a Gateway. Upstream, Analyzer and Policy are required.
type Config struct {
	// Upstream is the base URL of the model server; request paths are
	// appended to it (a trailing /v1 is not doubled).
	Upstream *url.URL
	// Analyzer runs the detectors (see cli.buildAnalyzer for the default).
	Analyzer *analysis.Analyzer
	// Ingest decodes request bodies; nil means ingest.DefaultRegistry().
	Ingest *ingest.Registry
	// Policy is the escalation policy.
	Policy *policy.Policy
	// SystemPrompts is the registry of allowed system prompts; nil or empty
	// means none is configured (request.system_prompts_configured false).
	SystemPrompts *sysprompt.Registry
	// Store persists sessions, decisions, incidents and reviews; nil
	// disables persistence (and the admin API's store endpoints).
	Store store.Store
	// AdminToken protects /admin/ (bearer). Empty leaves it open: only
	// acceptable on loopback, which the caller enforces.
	AdminToken string
	// Logger receives JSON logs; nil discards them.
	Logger *slog.Logger
	// Metrics records Prometheus metrics; nil records none.
	Metrics Metrics
	// Transport reaches the upstream; nil means a tuned clone of
	// http.DefaultTransport.
	Transport http.RoundTripper
	// MaxBodyBytes limits request bodies (413 beyond).
	MaxBodyBytes int64
	// MaxResponseBytes limits non-streamed upstream responses.
	MaxResponseBytes int64
	// UpstreamTimeout bounds a whole non-streamed exchange; HeaderTimeout
	// bounds the wait for the upstream's response headers; StreamIdleTimeout
	// bounds the silence between two streamed events.
	UpstreamTimeout, HeaderTimeout, StreamIdleTimeout time.Duration
	// HoldStreams says which streamed responses are held until judged:
	// HoldTools (default) holds tool calls only; HoldRisky also holds the
	// whole response in sessions with a harmful request so far, a finding
	// or a fired rule; HoldAll holds every streamed response.
	HoldStreams HoldMode
	// IncidentThreshold is the lowest finding score stored as an incident
	// (the scan's warn threshold; 0 means analysis.DefaultThresholds().Warn).
	IncidentThreshold float64
	// SyncAll writes every decision and session snapshot before the client
	// is answered. By default only exchanges with new incidents, reviews,
	// blocks or terminations are (those are what a crash must not lose);
	// the rest is written by a background writer within milliseconds.
	SyncAll bool
	// SessionIdle is how long an unused session stays in memory.
	SessionIdle time.Duration
	// Now returns the time (tests); nil means time.Now.
	Now func() time.Time
}

// HoldMode selects which streamed responses are held until judged.
type HoldMode string

// Hold modes.
const (
	HoldTools HoldMode = "tools"
	HoldRisky HoldMode = "risky"
	HoldAll   HoldMode = "all"
)

// Metrics is what the gateway reports; see NewPrometheus for the Prometheus
// implementation. Every method must be safe for concurrent use.
type Metrics interface {
	Request(api, status string)
	Decision(action string, rules []string)
	DetectorLatency(d time.Duration)
	UpstreamLatency(api string, d time.Duration)
	Handler() http.Handler
}

// Gateway is the proxy. Create it with New; serve Handler.
type Gateway struct {
	cfg      Config
	log      *slog.Logger
	client   *http.Client
	sessions *sessions
	passthru *httputil.ReverseProxy
	writer   *asyncWriter
	closing  atomic.Bool
	stop     chan struct{}
}

// New validates cfg and returns a gateway. Call Close when done.
func New(cfg Config) (*Gateway, error) {
	if cfg.Upstream == nil || cfg.Upstream.Scheme == "" || cfg.Upstream.Host == "" {
		return nil, errors.New("gateway: an upstream URL with scheme and host is required")
	}
	if cfg.Analyzer == nil || cfg.Policy == nil {
		return nil, errors.New("gateway: an analyzer and a policy are required")
	}
	if cfg.Ingest == nil {
		cfg.Ingest = ingest.DefaultRegistry()
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Metrics == nil {
		cfg.Metrics = nopMetrics{}
	}
	switch cfg.HoldStreams {
	case "":
		cfg.HoldStreams = HoldTools
	case HoldTools, HoldRisky, HoldAll:
	default:
		return nil, fmt.Errorf("gateway: unknown hold mode %q (want tools, risky or all)", cfg.HoldStreams)
	}
	if cfg.IncidentThreshold <= 0 {
		cfg.IncidentThreshold = analysis.DefaultThresholds().Warn
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	setDefault(&cfg.MaxBodyBytes, DefaultMaxBodyBytes)
	setDefault(&cfg.MaxResponseBytes, DefaultMaxResponseBytes)
	setDefault(&cfg.UpstreamTimeout, DefaultUpstreamTimeout)
	setDefault(&cfg.HeaderTimeout, DefaultHeaderTimeout)
	setDefault(&cfg.StreamIdleTimeout, DefaultStreamIdleTimeout)
	setDefault(&cfg.SessionIdle, DefaultSessionIdle)
	if cfg.Transport == nil {
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.MaxIdleConns = 1024
		t.MaxIdleConnsPerHost = 1024
		t.DisableCompression = true // bodies must be parsed and passed through as sent
		t.ResponseHeaderTimeout = cfg.HeaderTimeout
		cfg.Transport = t
	}
	g := &Gateway{cfg: cfg, log: cfg.Logger, stop: make(chan struct{})}
	g.client = &http.Client{Transport: cfg.Transport, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
	g.sessions = newSessions(cfg.Analyzer)
	g.passthru = &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			pr.Out.URL = g.upstreamURL(pr.In.URL)
			pr.Out.Host = cfg.Upstream.Host
			pr.Out.Header.Del("X-Faultline-Session")
		},
		Transport:     cfg.Transport,
		FlushInterval: -1,
		ErrorLog:      slog.NewLogLogger(cfg.Logger.Handler(), slog.LevelWarn),
		ErrorHandler: func(w http.ResponseWriter, r *http.Request, err error) {
			g.log.Warn("upstream error", "path", r.URL.Path, "err", err.Error())
			writeAPIError(w, apiOpenAI, http.StatusBadGateway, "upstream_error", "faultline: upstream unreachable: "+err.Error())
		},
	}
	if cfg.Store != nil {
		g.writer = newAsyncWriter(cfg.Store, g.log)
	}
	go g.janitor()
	return g, nil
}

func setDefault[T int64 | time.Duration](p *T, v T) {
	if *p <= 0 {
		*p = v
	}
}

// Close stops background work and flushes pending session snapshots. It does
// not close the store.
func (g *Gateway) Close() {
	if g.closing.Swap(true) {
		return
	}
	close(g.stop)
	if g.writer != nil {
		g.writer.close()
	}
}

// SetDraining makes /readyz fail, so a load balancer stops sending traffic
// while in-flight exchanges finish.
func (g *Gateway) SetDraining() { g.closing.Store(true) }

// Handler returns the gateway's HTTP handler.
func (g *Gateway) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/chat/completions", func(w http.ResponseWriter, r *http.Request) { g.serveAPI(w, r, apiOpenAI) })
	mux.HandleFunc("POST /v1/messages", func(w http.ResponseWriter, r *http.Request) { g.serveAPI(w, r, apiAnthropic) })
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("ok\n")) })
	mux.HandleFunc("GET /readyz", g.readyz)
	mux.Handle("GET /metrics", g.cfg.Metrics.Handler())
	g.adminRoutes(mux)
	mux.Handle("/", g.passthru)
	return mux
}

func (g *Gateway) readyz(w http.ResponseWriter, r *http.Request) {
	if g.closing.Load() {
		http.Error(w, "draining", http.StatusServiceUnavailable)
		return
	}
	if g.cfg.Store != nil {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if _, err := g.cfg.Store.GetSession(ctx, "readyz-probe"); err != nil && !errors.Is(err, store.ErrNotFound) {
			http.Error(w, "store unavailable", http.StatusServiceUnavailable)
			return
		}
	}
	w.Write([]byte("ready\n"))
}

// upstreamURL joins the upstream base with the request's path and query.
func (g *Gateway) upstreamURL(in *url.URL) *url.URL {
	u := *g.cfg.Upstream
	base := strings.TrimSuffix(u.Path, "/")
	p := in.Path
	if strings.HasSuffix(base, "/v1") && (p == "/v1" || strings.HasPrefix(p, "/v1/")) {
		base = strings.TrimSuffix(base, "/v1")
	}
	u.Path = base + p
	u.RawPath = ""
	u.RawQuery = in.RawQuery
	return &u
}

// janitor evicts idle sessions from memory (their state stays in the store).
func (g *Gateway) janitor() {
	t := time.NewTicker(max(g.cfg.SessionIdle/4, time.Second))
	defer t.Stop()
	for {
		select {
		case <-g.stop:
			return
		case <-t.C:
			g.sessions.evictIdle(g.cfg.Now().Add(-g.cfg.SessionIdle), func(id string) {
				if g.writer != nil {
					g.writer.drop(id)
				}
			})
		}
	}
}

// IsLoopback reports whether a listen address binds loopback only.
func IsLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

type nopMetrics struct{}

func (nopMetrics) Request(string, string)                {}
func (nopMetrics) Decision(string, []string)             {}
func (nopMetrics) DetectorLatency(time.Duration)         {}
func (nopMetrics) UpstreamLatency(string, time.Duration) {}
func (nopMetrics) Handler() http.Handler                 { return http.NotFoundHandler() }
