package gateway

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/faultline-dev/faultline/internal/analysis"
	"github.com/faultline-dev/faultline/internal/finding"
	"github.com/faultline-dev/faultline/internal/ingest"
	"github.com/faultline-dev/faultline/internal/policy"
	"github.com/faultline-dev/faultline/internal/store"
	"github.com/faultline-dev/faultline/internal/trajectory"
)

// Response headers the gateway adds.
const (
	HeaderSession  = "X-Faultline-Session"
	HeaderDecision = "X-Faultline-Decision"
	HeaderRules    = "X-Faultline-Rules"
	// Streams carry the decision taken at the end of the response in trailers.
	TrailerDecision = "X-Faultline-Final-Decision"
	TrailerRules    = "X-Faultline-Final-Rules"
)

// exchange is one proxied API request.
type exchange struct {
	g     *Gateway
	a     api
	w     http.ResponseWriter
	r     *http.Request
	start time.Time

	body  []byte
	env   envelope
	traj  *trajectory.Trajectory
	sess  *session
	res   analysis.Result
	req   policy.Request // the policy's view of the request
	v     verdict        // combined decision of the exchange
	state string         // outcome label for logs and metrics
}

func (g *Gateway) serveAPI(w http.ResponseWriter, r *http.Request, a api) {
	x := &exchange{g: g, a: a, w: w, r: r, start: g.cfg.Now()}
	x.run()
	g.cfg.Metrics.Request(a.String(), x.state)
	attrs := []any{"api", a.String(), "path", r.URL.Path, "outcome", x.state, "stream", x.env.Stream,
		"action", x.v.action.String(), "ms", float64(time.Since(x.start).Microseconds()) / 1000}
	if x.sess != nil {
		attrs = append(attrs, "session", x.sess.id, "turns", x.res.Turns)
	}
	if len(x.v.rules) > 0 {
		attrs = append(attrs, "rules", strings.Join(x.v.rules, ","))
	}
	g.log.Info("exchange", attrs...)
}

func (x *exchange) fail(status int, typ, msg string) {
	x.state = typ
	writeAPIError(x.w, x.a, status, typ, msg)
}

func (x *exchange) run() {
	g := x.g
	body, err := io.ReadAll(http.MaxBytesReader(x.w, x.r.Body, g.cfg.MaxBodyBytes))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			x.fail(http.StatusRequestEntityTooLarge, "request_too_large", fmt.Sprintf("faultline: request body exceeds %d bytes", g.cfg.MaxBodyBytes))
			return
		}
		x.fail(http.StatusBadRequest, "invalid_request_error", "faultline: reading the request body: "+err.Error())
		return
	}
	x.body = body
	x.env = parseEnvelope(body)
	trajs, err := g.cfg.Ingest.Decode(body, ingest.Source{File: "request", Line: 1}, x.a.format())
	if err != nil || len(trajs) == 0 {
		if g.cfg.Policy.Settings().OnError == policy.OnErrorClosed {
			x.fail(http.StatusBadRequest, "invalid_request_error", "faultline: the request could not be analyzed: "+errString(err))
			return
		}
		g.log.Warn("request not analyzed; forwarded as is", "api", x.a.String(), "err", errString(err))
		x.state = "unanalyzed"
		x.r.Body = io.NopCloser(bytes.NewReader(body))
		x.r.ContentLength = int64(len(body))
		g.passthru.ServeHTTP(x.w, x.r)
		return
	}
	x.traj = &trajs[0]
	id := x.r.Header.Get(HeaderSession)
	for _, c := range []string{x.env.Metadata.SessionID, x.env.User} {
		if id == "" {
			id = c
		}
	}
	if id == "" {
		id = prefixSessionID(x.traj.Messages)
	}
	for {
		s := g.sessions.get(id)
		if err := s.acquire(x.r.Context()); err != nil {
			x.state = "client_gone"
			return
		}
		if !s.evicted {
			x.sess = s
			break
		}
		s.release()
	}
	defer x.sess.release()
	x.sess.lastUsed.Store(g.cfg.Now().UnixNano())
	x.w.Header().Set(HeaderSession, id)
	x.exchangeLocked()
}

func errString(err error) string {
	if err == nil {
		return "no conversation"
	}
	return err.Error()
}

// exchangeLocked runs with the session's lock held.
func (x *exchange) exchangeLocked() {
	g, s := x.g, x.sess
	ctx := x.r.Context()
	if !s.checked && g.cfg.Store != nil {
		if st, err := g.cfg.Store.GetSession(ctx, s.id); err == nil && st.Closed {
			s.closed = true
		}
		g.loadReviews(ctx, s)
		s.checked = true
	}
	if s.closed {
		x.fail(http.StatusForbidden, "session_terminated", "faultline: this session was terminated by the escalation policy; start a new conversation")
		return
	}
	if s.traj.Meta.Model == "" {
		s.traj.Meta.Model = x.traj.Meta.Model
	}
	if len(x.traj.Meta.Tools) > 0 {
		s.traj.Meta.Tools = x.traj.Meta.Tools
	}
	if s.traj.Meta.Objective == "" {
		s.traj.Meta.Objective = x.traj.Meta.Objective
	}
	t0 := time.Now()
	fresh := s.newMessages(x.traj.Messages)
	x.req = g.requestInput(x.env.Model, x.traj, len(x.body), s, fresh)
	s.append(fresh, g.cfg.SystemPrompts)
	x.res = s.an.Result()
	g.cfg.Metrics.DetectorLatency(time.Since(t0))
	s.updateMax(x.res.Scores)

	// Request phase.
	in := policy.Input{Session: sessionInput(s, &x.res), Request: x.req}
	var rv verdict
	rv.merge(g.cfg.Policy.Evaluate(ctx, in))
	incidents := g.newIncidents(s, &x.res)
	x.v.fold(rv)
	if rv.action >= policy.ActionBlock {
		if rv.action == policy.ActionTerminate {
			s.closed = true
		}
		x.decided(rv)
		if err := g.persist(ctx, s, &x.res, x.env.Model, &rv, "request", incidents, nil, nil); err != nil {
			g.log.Error("persist", "session", s.id, "err", err.Error())
		}
		x.setDecisionHeaders()
		x.refuse(rv, false)
		return
	}
	if rv.action == policy.ActionWarn {
		s.pinNext = true
	}
	if len(rv.rules) > 0 || len(incidents) > 0 {
		x.decided(rv)
		if err := g.persist(ctx, s, &x.res, x.env.Model, &rv, "request", incidents, nil, nil); err != nil {
			g.log.Error("persist", "session", s.id, "err", err.Error())
		}
	}
	upBody := x.body
	if g.cfg.Policy.Settings().NeutralizeRoleMarkers && hasMarkers(x.traj) {
		if b, n, ok := neutralizeBody(x.body); ok {
			upBody = b
			g.log.Debug("role markers neutralized", "session", s.id, "count", n)
		} else {
			g.log.Warn("could not neutralize role markers", "session", s.id)
		}
	}
	if s.pinNext {
		if b, err := pinSafety(x.a, upBody, s.system, s.hasSystem, g.cfg.Policy.Settings().Reminder); err == nil {
			upBody = b
			s.pinNext = false
		} else {
			g.log.Warn("could not pin the safety context", "session", s.id, "err", err.Error())
		}
	}
	x.forward(upBody)
}

// decided records a phase decision in metrics.
func (x *exchange) decided(v verdict) {
	x.g.cfg.Metrics.Decision(v.action.String(), v.rules)
}

func (x *exchange) setDecisionHeaders() {
	h := x.w.Header()
	h.Set(HeaderDecision, x.v.action.String())
	if len(x.v.rules) > 0 {
		h.Set(HeaderRules, strings.Join(x.v.rules, ","))
	}
}

// refuse answers a block or terminate decision without (or instead of) the
// upstream's answer.
func (x *exchange) refuse(v verdict, afterUpstream bool) {
	st := x.g.cfg.Policy.Settings()
	msg := "faultline: the request was blocked by the escalation policy"
	typ := "policy_blocked"
	if v.action == policy.ActionTerminate {
		msg, typ = "faultline: the session was terminated by the escalation policy", "session_terminated"
	}
	if v.message != "" && v.rule != "" {
		msg += " (" + v.rule + ": " + v.message + ")"
	}
	if st.BlockMode == policy.BlockSafeCompletion {
		x.state = typ
		now := x.g.cfg.Now()
		if x.env.Stream && !afterUpstream {
			x.w.Header().Set("Content-Type", "text/event-stream")
			x.w.Header().Set("Cache-Control", "no-cache")
			x.w.WriteHeader(http.StatusOK)
			x.w.Write(streamTextEvents(x.a, x.env.Model, st.SafeCompletion, true, 0, now))
			x.w.Write(streamEnd(x.a))
			return
		}
		x.w.Header().Set("Content-Type", "application/json")
		x.w.WriteHeader(http.StatusOK)
		x.w.Write(completionBody(x.a, x.env.Model, st.SafeCompletion, now))
		return
	}
	x.fail(http.StatusForbidden, typ, msg)
}

// hopHeaders are not forwarded in either direction.
var hopHeaders = []string{"Connection", "Proxy-Connection", "Keep-Alive", "Proxy-Authenticate", "Proxy-Authorization",
	"Te", "Trailer", "Transfer-Encoding", "Upgrade"}

func copyHeaders(dst, src http.Header) {
	for k, vs := range src {
		dst[k] = append([]string(nil), vs...)
	}
	for _, f := range strings.Split(src.Get("Connection"), ",") {
		if f = strings.TrimSpace(f); f != "" {
			dst.Del(f)
		}
	}
	for _, h := range hopHeaders {
		dst.Del(h)
	}
}

// forward sends the request upstream and handles the answer.
func (x *exchange) forward(body []byte) {
	g := x.g
	ctx, cancel := context.WithCancel(x.r.Context())
	defer cancel()
	var idle *idleTimer // streams: bounded by silence, not by total time
	if !x.env.Stream {
		var c2 context.CancelFunc
		ctx, c2 = context.WithTimeout(ctx, g.cfg.UpstreamTimeout)
		defer c2()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, g.upstreamURL(x.r.URL).String(), bytes.NewReader(body))
	if err != nil {
		x.fail(http.StatusBadGateway, "upstream_error", "faultline: building the upstream request: "+err.Error())
		return
	}
	copyHeaders(req.Header, x.r.Header)
	req.Header.Del(HeaderSession)
	req.Header.Del("Accept-Encoding")
	req.Header.Del("Content-Length")
	req.ContentLength = int64(len(body))
	req.Host = g.cfg.Upstream.Host
	t0 := time.Now()
	resp, err := g.client.Do(req)
	if err != nil {
		x.upstreamFailed(ctx, idle, err)
		return
	}
	defer resp.Body.Close()
	g.cfg.Metrics.UpstreamLatency(x.a.String(), time.Since(t0))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		x.upstreamStatus(resp)
		return
	}
	ct, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if ct == "text/event-stream" {
		idle = newIdleTimer(g.cfg.StreamIdleTimeout, cancel)
		defer idle.stop()
		x.stream(resp, idle)
		return
	}
	x.complete(resp)
}

func (x *exchange) upstreamFailed(ctx context.Context, idle *idleTimer, err error) {
	if x.r.Context().Err() != nil {
		x.state = "client_gone"
		return
	}
	if errors.Is(err, context.DeadlineExceeded) || (idle != nil && idle.fired()) || isTimeout(err) {
		x.fail(http.StatusGatewayTimeout, "upstream_timeout", "faultline: the upstream did not answer in time")
		return
	}
	x.g.log.Warn("upstream request failed", "api", x.a.String(), "err", err.Error())
	x.fail(http.StatusBadGateway, "upstream_error", "faultline: the upstream request failed (connection error)")
}

func isTimeout(err error) bool {
	var t interface{ Timeout() bool }
	return errors.As(err, &t) && t.Timeout()
}

// upstreamStatus passes an upstream error through; a 5xx whose body is not
// an API error becomes one.
func (x *exchange) upstreamStatus(resp *http.Response) {
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode >= 500 && (err != nil || !isAPIError(body)) {
		x.fail(http.StatusBadGateway, "upstream_error", fmt.Sprintf("faultline: the upstream answered %d", resp.StatusCode))
		return
	}
	x.state = fmt.Sprintf("upstream_%d", resp.StatusCode)
	copyHeaders(x.w.Header(), resp.Header)
	x.w.Header().Del("Content-Length")
	x.w.WriteHeader(resp.StatusCode)
	x.w.Write(body)
}

func isAPIError(body []byte) bool {
	var v struct {
		Error json.RawMessage `json:"error"`
	}
	return json.Unmarshal(body, &v) == nil && len(v.Error) > 0 && string(v.Error) != "null"
}

// complete handles a non-streamed answer.
func (x *exchange) complete(resp *http.Response) {
	g, s := x.g, x.sess
	body, err := io.ReadAll(io.LimitReader(resp.Body, g.cfg.MaxResponseBytes+1))
	if err != nil {
		x.upstreamFailed(x.r.Context(), nil, err)
		return
	}
	if int64(len(body)) > g.cfg.MaxResponseBytes {
		x.fail(http.StatusBadGateway, "upstream_error", "faultline: the upstream response is too large")
		return
	}
	msg, err := parseResponse(g.cfg.Ingest, x.a, body)
	if err != nil {
		x.fail(http.StatusBadGateway, "upstream_error", "faultline: the upstream returned a malformed response: "+err.Error())
		return
	}
	v, incidents := x.judge(msg)
	out := body
	status := resp.StatusCode
	reviews := x.reviews(&v)
	switch {
	case v.action >= policy.ActionBlock:
		// answered by refuse below, after persisting
	case len(reviews) > 0:
		if b, err := replaceWithText(x.a, body, reviewText(reviews)); err == nil {
			out = b
		} else {
			v.action = policy.ActionBlock // cannot withhold the call: refuse the exchange
		}
	}
	x.v.fold(v)
	x.decided(v)
	if err := g.persist(x.r.Context(), s, &x.res, x.env.Model, &v, "response", incidents, reviews, toolDetail(msg)); err != nil {
		g.log.Error("persist", "session", s.id, "err", err.Error())
	}
	x.setDecisionHeaders()
	if v.action >= policy.ActionBlock {
		x.refuse(v, true)
		return
	}
	x.state = "ok"
	if len(reviews) > 0 {
		x.state = "review"
	}
	copyHeaders(x.w.Header(), resp.Header)
	x.w.Header().Set(HeaderSession, s.id)
	x.setDecisionHeaders()
	x.w.Header().Del("Content-Length")
	if !bytes.Equal(out, body) || resp.Header.Get("Content-Length") != "" {
		x.w.Header().Set("Content-Length", itoa(len(out)))
	}
	x.w.WriteHeader(status)
	x.w.Write(out)
}

// judge appends the assistant turn and runs the response phase: the policy
// on the response and on each tool call.
func (x *exchange) judge(msg trajectory.Message) (verdict, []*store.Incident) {
	g, s := x.g, x.sess
	ctx := x.r.Context()
	t0 := time.Now()
	s.append([]trajectory.Message{msg}, g.cfg.SystemPrompts)
	x.res = s.an.Result()
	g.cfg.Metrics.DetectorLatency(time.Since(t0))
	s.updateMax(x.res.Scores)
	turn := x.res.Turns - 1
	in := policy.Input{Session: sessionInput(s, &x.res), Request: x.req,
		Response: policy.Response{Text: msg.Content, HasToolCalls: len(msg.ToolCalls) > 0}}
	var v verdict
	v.merge(g.cfg.Policy.Evaluate(ctx, in))
	for i := range msg.ToolCalls {
		c := &msg.ToolCalls[i]
		in.ToolCall = toolCallInput(c, turn, &x.res, s.traj.Meta.Tools)
		d := g.cfg.Policy.Evaluate(ctx, in)
		key := toolKey(c)
		switch {
		case d.Action == policy.ActionReview && g.approved(ctx, s, key):
			d.Action, d.Message = policy.ActionAllow, "approved by a reviewer"
		case s.held[key] == store.ReviewDenied:
			// Denied stays denied, whatever the policy makes of the retry.
			d = reheld(d, store.ReviewDenied)
		case d.Action < policy.ActionReview && s.held[key] != "" && !g.approved(ctx, s, key):
			d = reheld(d, s.held[key])
		}
		v.merge(d)
		if d.Action == policy.ActionReview {
			v.review = append(v.review, *c)
		}
		if d.Action >= policy.ActionReview {
			v.gated = true
		}
	}
	if v.action == policy.ActionWarn {
		s.pinNext = true
	}
	if v.action == policy.ActionTerminate {
		s.closed = true
	}
	return v, g.newIncidents(s, &x.res)
}

// Rules the gateway adds to a decision when the model re-issues a tool call
// that a review holds: the policy may no longer flag it (the findings that
// tainted it belong to an earlier turn), but a retry must not get around the
// review.
const (
	RuleReviewPending = "faultline-review-pending"
	RuleReviewDenied  = "faultline-review-denied"
)

// reheld raises d for a re-issued call held by a review: review again while
// the review is pending, block once it was denied.
func reheld(d policy.Decision, status store.ReviewStatus) policy.Decision {
	f := policy.Fired{Rule: RuleReviewPending, Action: policy.ActionReview, Severity: finding.SeverityHigh,
		Message: "the same tool call awaits a reviewer's approval"}
	if status == store.ReviewDenied {
		f.Rule, f.Action, f.Message = RuleReviewDenied, policy.ActionBlock, "a reviewer denied this tool call"
	}
	d.Fired = append(d.Fired, f)
	if f.Action > d.Action {
		d.Action, d.Rule, d.Message = f.Action, f.Rule, f.Message
	}
	if f.Severity.Rank() > d.Severity.Rank() {
		d.Severity = f.Severity
	}
	return d
}

// loadReviews learns the session's reviews from the store (after a restart
// or an eviction): approved calls pass, pending and denied ones are held.
func (g *Gateway) loadReviews(ctx context.Context, s *session) {
	revs, err := g.cfg.Store.ListReviews(ctx, store.ReviewFilter{SessionID: s.id})
	if err != nil {
		g.log.Warn("could not load the session's reviews", "session", s.id, "err", err.Error())
		return
	}
	for _, r := range revs {
		switch {
		case r.ToolKey == "":
		case r.Status == store.ReviewApproved:
			s.approved[r.ToolKey] = true
		case s.held[r.ToolKey] != store.ReviewDenied:
			s.held[r.ToolKey] = r.Status
		}
	}
}

// approved reports whether a reviewer approved the tool call with key in
// session s: remembered in memory once known, else looked up in the store
// (approvals survive restarts and are shared by gateways on one store). A
// store error counts as not approved: the call is held again.
func (g *Gateway) approved(ctx context.Context, s *session, key string) bool {
	if s.approved[key] {
		return true
	}
	if g.cfg.Store == nil {
		return false
	}
	ok, err := g.cfg.Store.ToolCallApproved(ctx, s.id, key)
	if err != nil {
		g.log.Warn("approval lookup failed; the call is held again", "session", s.id, "err", err.Error())
		return false
	}
	if ok {
		s.approved[key] = true
	}
	return ok
}

// reviews creates the pending reviews of a review decision.
func (x *exchange) reviews(v *verdict) []*store.Review {
	if v.action != policy.ActionReview || len(v.review) == 0 {
		return nil
	}
	now := x.g.cfg.Now()
	out := make([]*store.Review, 0, len(v.review))
	for _, c := range v.review {
		key := toolKey(&c)
		x.sess.held[key] = store.ReviewPending
		out = append(out, &store.Review{ID: store.NewID(store.PrefixReview, now), SessionID: x.sess.id, ToolKey: key,
			ToolCall: mustJSON(map[string]any{"id": c.ID, "name": c.Name, "arguments": c.Arguments, "key": key})})
	}
	return out
}

func reviewText(reviews []*store.Review) string {
	ids := make([]string, len(reviews))
	for i, r := range reviews {
		ids[i] = r.ID
	}
	return "This action is awaiting human approval before it can run (faultline review " + strings.Join(ids, ", ") +
		"). It has not been executed. Please wait for a reviewer, or continue without it."
}

func toolDetail(m trajectory.Message) map[string]any {
	if len(m.ToolCalls) == 0 {
		return nil
	}
	names := make([]string, len(m.ToolCalls))
	for i, c := range m.ToolCalls {
		names[i] = c.Name
	}
	return map[string]any{"tool_calls": names}
}
