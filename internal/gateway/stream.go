package gateway

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/faultline-dev/faultline/internal/gateway/sse"
	"github.com/faultline-dev/faultline/internal/gateway/wire"
	"github.com/faultline-dev/faultline/internal/policy"
	"github.com/faultline-dev/faultline/internal/signal/harm"
)

// idleTimer cancels an upstream exchange after a silence.
type idleTimer struct {
	d    time.Duration
	t    *time.Timer
	fire atomic.Bool
	once sync.Once
}

func newIdleTimer(d time.Duration, cancel func()) *idleTimer {
	it := &idleTimer{d: d}
	it.t = time.AfterFunc(d, func() { it.fire.Store(true); cancel() })
	return it
}

func (it *idleTimer) reset()      { it.t.Reset(it.d) }
func (it *idleTimer) stop()       { it.once.Do(func() { it.t.Stop() }) }
func (it *idleTimer) fired() bool { return it.fire.Load() }

// stream proxies an SSE answer: events are forwarded and flushed as they
// arrive, except from the first tool-call delta on (held until the stream is
// complete and the calls are judged) and the terminal event (held until the
// decision is persisted).
func (x *exchange) stream(resp *http.Response, idle *idleTimer) {
	g, s := x.g, x.sess
	rc := http.NewResponseController(x.w)
	h := x.w.Header()
	copyHeaders(h, resp.Header)
	h.Del("Content-Length")
	h.Set(HeaderSession, s.id)
	x.setDecisionHeaders()
	h.Set("Trailer", TrailerDecision+", "+TrailerRules)
	x.w.WriteHeader(resp.StatusCode)
	_ = rc.Flush()

	var asm wire.Assembler
	if x.a == apiAnthropic {
		asm = wire.NewAnthropic()
	} else {
		asm = wire.NewOpenAI()
	}
	rd := sse.NewReader(resp.Body)
	var held bytes.Buffer
	holding, clientGone := x.holdWhole(), false
	blocks, dataEvents := 0, 0
	write := func(b []byte) {
		if clientGone || len(b) == 0 {
			return
		}
		if _, err := x.w.Write(b); err != nil {
			clientGone = true
			return
		}
		if err := rc.Flush(); err != nil {
			clientGone = true
		}
	}
	var failure string
	for {
		ev, err := rd.Next()
		idle.reset()
		if err != nil {
			if err == io.EOF {
				if holding {
					held.Write(ev.Raw)
				} else {
					write(ev.Raw)
				}
				break
			}
			switch {
			case x.r.Context().Err() != nil:
				x.state = "client_gone"
				return
			case idle.fired():
				failure = "faultline: the upstream stream stalled"
			case errors.Is(err, io.ErrUnexpectedEOF):
				failure = "faultline: the upstream stream ended in the middle of an event"
			default:
				failure = "faultline: reading the upstream stream: " + err.Error()
			}
			break
		}
		if len(ev.Data) == 0 && ev.Type == "" { // comments, keep-alives
			if holding {
				held.Write(ev.Raw)
			} else {
				write(ev.Raw)
			}
			continue
		}
		toolDelta, aerr := asm.Add(ev.Type, ev.Data)
		if aerr != nil {
			failure = "faultline: the upstream sent a malformed stream event"
			break
		}
		if toolDelta {
			holding = true
		}
		if terminal := isTerminal(x.a, &ev); holding || terminal {
			held.Write(ev.Raw)
			if terminal {
				break // do not wait for an upstream that keeps the stream open
			}
			continue
		}
		dataEvents++
		if x.a == apiAnthropic && eventType(&ev) == "content_block_start" {
			blocks++
		}
		write(ev.Raw)
	}
	if clientGone {
		x.state = "client_gone"
		return
	}
	if failure == "" && !asm.Done() {
		failure = "faultline: the upstream stream ended before the response was complete"
	}
	if failure != "" {
		g.log.Warn("upstream stream failed", "session", s.id, "reason", failure)
		x.state = "upstream_stream_error"
		write(sseErrorEvent(x.a, "upstream_error", failure))
		return
	}

	msg := asm.Message()
	v, incidents := x.judge(msg)
	reviews := x.reviews(&v)
	x.v.fold(v)
	x.decided(v)
	if err := g.persist(x.r.Context(), s, &x.res, x.env.Model, &v, "response", incidents, reviews, toolDetail(msg)); err != nil {
		g.log.Error("persist", "session", s.id, "err", err.Error())
	}
	now := g.cfg.Now()
	st := g.cfg.Policy.Settings()
	switch {
	case v.action >= policy.ActionBlock:
		x.state = "blocked"
		if v.action == policy.ActionTerminate {
			x.state = "session_terminated"
		}
		if st.BlockMode == policy.BlockSafeCompletion && (v.gated || dataEvents == 0) {
			write(streamTextEvents(x.a, x.env.Model, st.SafeCompletion, dataEvents == 0, blocks, now))
			write(streamEnd(x.a))
		} else {
			msg := "faultline: the response was blocked by the escalation policy"
			if v.action == policy.ActionTerminate {
				msg = "faultline: the session was terminated by the escalation policy"
			}
			if v.message != "" && v.rule != "" {
				msg += " (" + v.rule + ": " + v.message + ")"
			}
			write(sseErrorEvent(x.a, "policy_blocked", msg))
		}
	case len(reviews) > 0:
		x.state = "review"
		write(streamTextEvents(x.a, x.env.Model, reviewText(reviews), dataEvents == 0, blocks, now))
		write(streamEnd(x.a))
	default:
		x.state = "ok"
		write(held.Bytes())
	}
	h.Set(TrailerDecision, x.v.action.String())
	h.Set(TrailerRules, strings.Join(x.v.rules, ","))
}

// holdWhole reports whether the whole streamed response is held until
// judged (Config.HoldStreams).
func (x *exchange) holdWhole() bool {
	switch x.g.cfg.HoldStreams {
	case HoldAll:
		return true
	case HoldRisky:
		if len(x.v.rules) > 0 || len(x.res.Findings) > 0 {
			return true
		}
		// The harm part of request_harm: a request that should only be
		// qualified (subjective, underspecified, beyond the model's
		// knowledge) is not a risky one.
		peak, _ := x.sess.an.SignalPeakMeasurement(harm.RequestHarmID)
		return harm.SafetyHarm(peak.Value, peak.Excerpt) >= 0.5
	}
	return false
}

// isTerminal reports whether ev ends the stream ([DONE], message_stop).
func isTerminal(a api, ev *sse.Event) bool {
	if a == apiOpenAI {
		return string(bytes.TrimSpace(ev.Data)) == "[DONE]"
	}
	return eventType(ev) == "message_stop"
}

// eventType returns an Anthropic event's type (the event field, else the
// data's "type").
func eventType(ev *sse.Event) string {
	if ev.Type != "" {
		return ev.Type
	}
	if i := bytes.Index(ev.Data, []byte(`"type":"`)); i >= 0 {
		rest := ev.Data[i+8:]
		if j := bytes.IndexByte(rest, '"'); j >= 0 {
			return string(rest[:j])
		}
	}
	return ""
}
