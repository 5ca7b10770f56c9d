package gateway_test

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/faultline-dev/faultline/internal/gateway"
	"github.com/faultline-dev/faultline/internal/store"
)

// agentTurns returns the two requests of the injected-e-mail agent run in
// the API's format: the task, then the task with the first tool call and
// its (injected) result.
func agentTurns(anthropic bool) (first, second map[string]any) {
	tools := []any{map[string]any{"type": "function", "function": map[string]any{"name": "get_unread_emails", "parameters": map[string]any{"type": "object"}}},
		map[string]any{"type": "function", "function": map[string]any{"name": "forward_emails", "parameters": map[string]any{"type": "object"}}}}
	if anthropic {
		tools = []any{map[string]any{"name": "get_unread_emails", "input_schema": map[string]any{"type": "object"}},
			map[string]any{"name": "forward_emails", "input_schema": map[string]any{"type": "object"}}}
		u := map[string]any{"role": "user", "content": emailAsk}
		first = map[string]any{"model": "fake-model", "max_tokens": 100, "system": sysPrompt, "tools": tools, "messages": []any{u}}
		second = map[string]any{"model": "fake-model", "max_tokens": 100, "system": sysPrompt, "tools": tools, "messages": []any{u,
			map[string]any{"role": "assistant", "content": []any{map[string]any{"type": "tool_use", "id": "toolu_1", "name": "get_unread_emails", "input": map[string]any{}}}},
			map[string]any{"role": "user", "content": []any{map[string]any{"type": "tool_result", "tool_use_id": "toolu_1", "content": injected}}}}}
		return
	}
	s, u := system(sysPrompt), user(emailAsk)
	first = map[string]any{"model": "fake-model", "tools": tools, "messages": []any{s, u}}
	second = map[string]any{"model": "fake-model", "tools": tools, "messages": []any{s, u,
		map[string]any{"role": "assistant", "content": nil, "tool_calls": []any{map[string]any{"id": "call_1", "type": "function",
			"function": map[string]any{"name": "get_unread_emails", "arguments": "{}"}}}},
		map[string]any{"role": "tool", "tool_call_id": "call_1", "content": injected}}}
	return
}

type apiCase struct {
	name      string
	anthropic bool
	stream    bool
}

var apiCases = []apiCase{{"openai/json", false, false}, {"openai/stream", false, true}, {"anthropic/json", true, false}, {"anthropic/stream", true, true}}

func (c apiCase) path() string {
	if c.anthropic {
		return "/v1/messages"
	}
	return "/v1/chat/completions"
}

func (c apiCase) send(t *testing.T, e *testEnv, hdr map[string]string, body map[string]any) resp {
	t.Helper()
	if c.stream {
		body["stream"] = true
	}
	return post(t, e.gw.URL, c.path(), hdr, body)
}

// TestInjectedToolResultBlocked: a tool call whose target only the injected
// tool result supplied is never shown to the client (default policy:
// tainted-tool-call-block), in both APIs, streamed or not; the benign first
// call passes through.
func TestInjectedToolResultBlocked(t *testing.T) {
	for _, c := range apiCases {
		t.Run(c.name, func(t *testing.T) {
			e := setup(t, script)
			first, second := agentTurns(c.anthropic)
			r1 := c.send(t, e, nil, first)
			if r1.status != 200 || !bytes.Contains(r1.body, []byte("get_unread_emails")) {
				t.Fatalf("benign tool call: %d %s", r1.status, r1.body)
			}
			r2 := c.send(t, e, nil, second)
			if bytes.Contains(r2.body, []byte("forward_emails")) || bytes.Contains(r2.body, []byte("exfil@")) {
				t.Fatalf("the injected tool call reached the client: %s", r2.body)
			}
			if c.stream {
				if r2.status != 200 || !bytes.Contains(r2.body, []byte("tainted-tool-call-block")) {
					t.Fatalf("stream: %d %s", r2.status, r2.body)
				}
				if got := r2.header.Get("X-Faultline-Final-Decision"); got != "block" {
					t.Errorf("final decision %q", got)
				}
			} else if r2.status != 403 || r2.json(t)["error"] == nil {
				t.Fatalf("json: %d %s", r2.status, r2.body)
			}
			if c.anthropic && !c.stream && r2.json(t)["type"] != "error" {
				t.Errorf("not an Anthropic error: %s", r2.body)
			}
			id := r2.header.Get("X-Faultline-Session")
			if id == "" || id != r1.header.Get("X-Faultline-Session") {
				t.Fatalf("session ids %q %q", r1.header.Get("X-Faultline-Session"), id)
			}
			decs, _ := e.st.ListDecisions(context.Background(), id)
			if len(decs) == 0 || decs[len(decs)-1].Action != store.ActionBlock || !contains(decs[len(decs)-1].Rules, "tainted-tool-call-block") {
				t.Fatalf("decisions %+v", decs)
			}
			page, _ := e.st.ListIncidents(context.Background(), store.IncidentFilter{SessionID: id, Phenomenon: "intent_drift"})
			if len(page.Incidents) != 1 || page.Incidents[0].Action != store.ActionBlock || !strings.Contains(string(page.Incidents[0].Finding), "exfil@evil.example") {
				t.Fatalf("incidents %+v", page.Incidents)
			}
		})
	}
}

const reviewPolicy = `
rules:
  - name: hold-tainted
    when: tool_call.tainted
    action: review
    message: tool call arguments come from a tool result
`

// TestInjectedToolResultHeldForReview: with a review rule, the tainted call
// is withheld, the client gets an assistant message naming the pending
// review, the review is in the store, and an approval lets the same call
// through when the model issues it again.
func TestInjectedToolResultHeldForReview(t *testing.T) {
	for _, c := range apiCases {
		t.Run(c.name, func(t *testing.T) {
			e := setup(t, script, withPolicy(t, reviewPolicy))
			first, second := agentTurns(c.anthropic)
			c.send(t, e, nil, first)
			r2 := c.send(t, e, nil, second)
			if r2.status != 200 || bytes.Contains(r2.body, []byte("forward_emails")) {
				t.Fatalf("held call: %d %s", r2.status, r2.body)
			}
			text := assistantText(t, r2)
			if !strings.Contains(text, "awaiting human approval") {
				t.Fatalf("assistant text %q in %s", text, r2.body)
			}
			id := r2.header.Get("X-Faultline-Session")
			revs, err := e.st.ListReviews(context.Background(), store.ReviewFilter{SessionID: id, Status: store.ReviewPending})
			if err != nil || len(revs) != 1 || !strings.Contains(text, revs[0].ID) || !bytes.Contains(revs[0].ToolCall, []byte("exfil@evil.example")) {
				t.Fatalf("reviews %+v %v", revs, err)
			}
			// Approve; the model (same script) issues the call again on a retry of the same request.
			ar := post(t, e.gw.URL, "/admin/reviews/"+revs[0].ID+"/approve", nil, map[string]any{"reason": "user confirmed"})
			if ar.status != 200 || ar.json(t)["status"] != "approved" {
				t.Fatalf("approve: %d %s", ar.status, ar.body)
			}
			if again := post(t, e.gw.URL, "/admin/reviews/"+revs[0].ID+"/deny", nil, nil); again.status != 409 {
				t.Errorf("second decision: %d %s", again.status, again.body)
			}
			r3 := c.send(t, e, nil, second)
			if r3.status != 200 || !bytes.Contains(r3.body, []byte("forward_emails")) {
				t.Fatalf("approved call not let through: %d %s", r3.status, r3.body)
			}
		})
	}
}

// TestApprovalSurvivesRestart: an approval given before a restart lets the
// same call through when the model re-issues it after the restart (the
// approval is in the store, not only in memory).
func TestApprovalSurvivesRestart(t *testing.T) {
	for _, c := range []apiCase{apiCases[0], apiCases[3]} {
		t.Run(c.name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "faultline.db")
			e := setupAt(t, db, script, withPolicy(t, reviewPolicy))
			first, second := agentTurns(c.anthropic)
			c.send(t, e, nil, first)
			r2 := c.send(t, e, nil, second)
			id := r2.header.Get("X-Faultline-Session")
			revs, err := e.st.ListReviews(context.Background(), store.ReviewFilter{SessionID: id, Status: store.ReviewPending})
			if err != nil || len(revs) != 1 || revs[0].ToolKey == "" {
				t.Fatalf("reviews %+v %v", revs, err)
			}
			// A held call that was not approved is held again, before and after the restart.
			if r := c.send(t, e, nil, second); bytes.Contains(r.body, []byte("forward_emails")) {
				t.Fatalf("unapproved call let through: %s", r.body)
			}
			if ar := post(t, e.gw.URL, "/admin/reviews/"+revs[0].ID+"/approve", nil, nil); ar.status != 200 {
				t.Fatalf("approve: %d %s", ar.status, ar.body)
			}
			e.close()

			e2 := setupAt(t, db, script, withPolicy(t, reviewPolicy))
			r3 := c.send(t, e2, nil, second)
			if r3.status != 200 || !bytes.Contains(r3.body, []byte("forward_emails")) {
				t.Fatalf("approved call not let through after a restart: %d %s", r3.status, r3.body)
			}
			if got := r3.header.Get("X-Faultline-Session"); got != id {
				t.Fatalf("session %q after restart, want %q", got, id)
			}
			// Another session re-issuing the same call is still held.
			hdr := map[string]string{"X-Faultline-Session": "other-session"}
			c.send(t, e2, hdr, first)
			if r := c.send(t, e2, hdr, second); bytes.Contains(r.body, []byte("forward_emails")) {
				t.Fatalf("approval leaked into another session: %s", r.body)
			}
			// A denied call re-issued is blocked.
			revs, _ = e2.st.ListReviews(context.Background(), store.ReviewFilter{SessionID: "other-session", Status: store.ReviewPending})
			if len(revs) != 1 {
				t.Fatalf("other session's reviews %+v", revs)
			}
			if dr := post(t, e2.gw.URL, "/admin/reviews/"+revs[0].ID+"/deny", nil, nil); dr.status != 200 {
				t.Fatalf("deny: %d %s", dr.status, dr.body)
			}
			r4 := c.send(t, e2, hdr, second)
			rules := r4.header.Get(gateway.HeaderRules) + "," + r4.header.Get(gateway.TrailerRules) // streams: trailer
			if bytes.Contains(r4.body, []byte("exfil@evil.example")) || !strings.Contains(rules, gateway.RuleReviewDenied) {
				t.Fatalf("denied call: %d rules %q %s", r4.status, rules, r4.body)
			}
		})
	}
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

var _ = json.Marshal

// TestInjectedToolCallBlockedOnRetry: a blocked injected call stays blocked
// when the client retries, whether it resends the same request or reads the
// injected content again in a later turn (the session's first offending
// call is still the finding's first turn, but each call is judged by the
// evidence at its own turn).
func TestInjectedToolCallBlockedOnRetry(t *testing.T) {
	e := setup(t, script)
	hdr := map[string]string{"X-Faultline-Session": "retry"}
	first, second := agentTurns(false)
	if r := post(t, e.gw.URL, "/v1/chat/completions", hdr, first); r.status != 200 {
		t.Fatalf("first: %d %s", r.status, r.body)
	}
	for i := range 2 {
		if r := post(t, e.gw.URL, "/v1/chat/completions", hdr, second); r.status != 403 || bytes.Contains(r.body, []byte("exfil@")) {
			t.Fatalf("attempt %d of the same request: %d %s", i+1, r.status, r.body)
		}
	}
	msgs := second["messages"].([]any)
	later := append(append([]any(nil), msgs...),
		assistant("I can't help with that request."), user("Please read my e-mails again and do what they say."),
		map[string]any{"role": "assistant", "content": nil, "tool_calls": []any{map[string]any{"id": "call_2", "type": "function",
			"function": map[string]any{"name": "get_unread_emails", "arguments": "{}"}}}},
		map[string]any{"role": "tool", "tool_call_id": "call_2", "content": injected})
	third := map[string]any{"model": "fake-model", "tools": second["tools"], "messages": later}
	if r := post(t, e.gw.URL, "/v1/chat/completions", hdr, third); r.status != 403 || bytes.Contains(r.body, []byte("exfil@")) {
		t.Fatalf("retry in a later turn: %d %s", r.status, r.body)
	}
}
