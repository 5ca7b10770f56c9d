package gateway

import (
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Prometheus implements Metrics with its own registry (no global state).
type Prometheus struct {
	reg       *prometheus.Registry
	requests  *prometheus.CounterVec
	decisions *prometheus.CounterVec
	rules     *prometheus.CounterVec
	detector  prometheus.Histogram
	upstream  *prometheus.HistogramVec
}

// NewPrometheus returns metrics served at /metrics:
//
//	faultline_gateway_requests_total{api,outcome}
//	faultline_gateway_decisions_total{action}
//	faultline_gateway_rule_fired_total{rule}
//	faultline_gateway_detector_seconds
//	faultline_gateway_upstream_seconds{api} (time to response headers)
func NewPrometheus() *Prometheus {
	p := &Prometheus{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "faultline_gateway_requests_total",
			Help: "API requests by API and outcome."}, []string{"api", "outcome"}),
		decisions: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "faultline_gateway_decisions_total",
			Help: "Policy decisions by winning action (one per request phase and response phase)."}, []string{"action"}),
		rules: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "faultline_gateway_rule_fired_total",
			Help: "Policy rules fired, by rule."}, []string{"rule"}),
		detector: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "faultline_gateway_detector_seconds",
			Help: "Time to analyze the new messages of a request or response.", Buckets: prometheus.ExponentialBuckets(5e-6, 2.5, 12)}),
		upstream: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "faultline_gateway_upstream_seconds",
			Help: "Time from sending a request upstream to its response headers.", Buckets: prometheus.ExponentialBuckets(1e-3, 2.5, 14)}, []string{"api"}),
	}
	p.reg.MustRegister(p.requests, p.decisions, p.rules, p.detector, p.upstream,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return p
}

// Request implements Metrics.
func (p *Prometheus) Request(api, outcome string) { p.requests.WithLabelValues(api, outcome).Inc() }

// Decision implements Metrics.
func (p *Prometheus) Decision(action string, rules []string) {
	p.decisions.WithLabelValues(action).Inc()
	for _, r := range rules {
		p.rules.WithLabelValues(r).Inc()
	}
}

// DetectorLatency implements Metrics.
func (p *Prometheus) DetectorLatency(d time.Duration) { p.detector.Observe(d.Seconds()) }

// UpstreamLatency implements Metrics.
func (p *Prometheus) UpstreamLatency(api string, d time.Duration) {
	p.upstream.WithLabelValues(api).Observe(d.Seconds())
}

// Handler implements Metrics.
func (p *Prometheus) Handler() http.Handler {
	return promhttp.HandlerFor(p.reg, promhttp.HandlerOpts{})
}
