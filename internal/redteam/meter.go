package redteam

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/faultline-dev/faultline/internal/trajectory"
)

// Roles of the endpoints a run calls, as metered.
const (
	RoleTarget   = "target"
	RoleAttacker = "attacker"
	RoleJudge    = "judge"
)

// errBudget ends attacks once the token or cost budget is spent.
var errBudget = errors.New("budget exhausted")

// Price is what an endpoint costs, in US dollars per million tokens.
type Price struct {
	In  float64 `json:"in_per_mtok"`
	Out float64 `json:"out_per_mtok"`
}

// ParsePrice reads "IN/OUT" (dollars per million prompt and completion
// tokens), or "ROLE=IN/OUT" when role is wanted; it returns the role ("" when
// none was given).
func ParsePrice(s string) (role string, p Price, err error) {
	v := s
	if r, rest, ok := strings.Cut(s, "="); ok {
		role, v = strings.TrimSpace(r), rest
	}
	in, out, ok := strings.Cut(v, "/")
	if !ok {
		return "", Price{}, fmt.Errorf("price %q: want IN/OUT in dollars per million tokens, such as 0.15/0.60", s)
	}
	if p.In, err = strconv.ParseFloat(strings.TrimSpace(in), 64); err == nil {
		p.Out, err = strconv.ParseFloat(strings.TrimSpace(out), 64)
	}
	if err != nil || p.In < 0 || p.Out < 0 {
		return "", Price{}, fmt.Errorf("price %q: want two non-negative numbers IN/OUT", s)
	}
	return role, p, nil
}

// Usage is what one role's calls consumed.
type Usage struct {
	Calls            int64   `json:"calls"`
	PromptTokens     int64   `json:"prompt_tokens"`
	CompletionTokens int64   `json:"completion_tokens"`
	CostUSD          float64 `json:"cost_usd"`
}

// meter counts the tokens and the cost of every call of a run (target,
// attacker and judge) and enforces the token and cost budgets over them.
type meter struct {
	maxTokens int64
	maxCost   float64
	prices    map[string]Price

	mu     sync.Mutex
	tokens int64
	cost   float64
	usage  map[string]*Usage
}

func newMeter(maxTokens int64, maxCost float64, prices map[string]Price) *meter {
	return &meter{maxTokens: maxTokens, maxCost: maxCost, prices: prices, usage: map[string]*Usage{}}
}

// exhausted reports whether a budget is spent.
func (m *meter) exhausted() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.maxTokens > 0 && m.tokens >= m.maxTokens || m.maxCost > 0 && m.cost >= m.maxCost
}

func (m *meter) add(role string, prompt, completion int64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	u := m.usage[role]
	if u == nil {
		u = &Usage{}
		m.usage[role] = u
	}
	p := m.prices[role]
	c := (float64(prompt)*p.In + float64(completion)*p.Out) / 1e6
	u.Calls++
	u.PromptTokens += prompt
	u.CompletionTokens += completion
	u.CostUSD += c
	m.tokens += prompt + completion
	m.cost += c
}

// snapshot returns the tokens, the cost and the usage per role so far.
func (m *meter) snapshot() (int64, float64, map[string]Usage) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make(map[string]Usage, len(m.usage))
	for r, u := range m.usage {
		out[r] = *u
	}
	return m.tokens, m.cost, out
}

// metered wraps an endpoint so that its calls are counted and refused once
// a budget is spent: the usage the endpoint reports, else an estimate of the
// request (prompt) and the reply (completion).
type metered struct {
	inner Target
	role  string
	m     *meter
}

func (t *metered) Complete(ctx context.Context, req ChatRequest) (trajectory.Message, error) {
	if t.m.exhausted() {
		return trajectory.Message{}, errBudget
	}
	msg, err := t.inner.Complete(ctx, req)
	if err != nil {
		return msg, err
	}
	var prompt, completion int64
	if u := msg.Meta; u != nil && u.Usage != nil {
		prompt, completion = int64(u.Usage.PromptTokens), int64(u.Usage.CompletionTokens)
		if prompt+completion == 0 {
			prompt = int64(u.Usage.TotalTokens)
		}
	}
	if prompt+completion == 0 {
		for i := range req.Messages {
			prompt += int64(tokens(&req.Messages[i]))
		}
		completion = int64(tokens(&msg))
	}
	t.m.add(t.role, prompt, completion)
	return msg, nil
}

// roles returns the roles of a usage map in a fixed order.
func roles(u map[string]Usage) []string {
	out := make([]string, 0, len(u))
	for r := range u {
		out = append(out, r)
	}
	sort.Strings(out)
	return out
}
