package redteam

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/faultline-dev/faultline/internal/analysis"
	"github.com/faultline-dev/faultline/internal/gateway"
	"github.com/faultline-dev/faultline/internal/policy"
)

// AblationFile is the ablation's report, written into --out.
const AblationFile = "ablation.json"

// Gateway is a `faultline serve` gateway started in-process on loopback in
// front of an upstream model, with a given policy and no incident store.
type Gateway struct {
	// BaseURL is the gateway's OpenAI base URL (http://127.0.0.1:PORT/v1).
	BaseURL string
	g       *gateway.Gateway
	srv     *http.Server
}

// StartGateway starts a gateway in front of upstream (an OpenAI base URL,
// such as the --target) with policy pol, analysing with an.
func StartGateway(upstream string, pol *policy.Policy, an *analysis.Analyzer) (*Gateway, error) {
	u, err := url.Parse(upstream)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("gateway upstream %q: not a URL", upstream)
	}
	g, err := gateway.New(gateway.Config{Upstream: u, Analyzer: an, Policy: pol})
	if err != nil {
		return nil, fmt.Errorf("starting the gateway: %w", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		g.Close()
		return nil, fmt.Errorf("starting the gateway: %w", err)
	}
	srv := &http.Server{Handler: g.Handler(), ReadHeaderTimeout: 30 * time.Second}
	go srv.Serve(ln)
	return &Gateway{BaseURL: "http://" + ln.Addr().String() + "/v1", g: g, srv: srv}, nil
}

// Close stops the gateway.
func (gw *Gateway) Close() {
	gw.srv.Close()
	gw.g.Close()
}

// Measurement is what one policy (a rule set) measured.
type Measurement struct {
	// Rules are the rules enabled, in file order.
	Rules []string `json:"rules"`
	// WorstCaseASR is the highest worst-case ASR over the profiles run;
	// OverRefusal the highest over-refusal on the benign suite.
	WorstCaseASR float64 `json:"worst_case_asr"`
	OverRefusal  float64 `json:"over_refusal"`
	// ASR is the highest ASR over all attacks of a profile.
	ASR float64 `json:"asr"`
	// Errors counts attacks that ended on an error (left out of the rates).
	Errors int `json:"errors"`
}

// RuleAblation is one rule's contribution, from the run with every rule
// but this one.
type RuleAblation struct {
	Rule   string `json:"rule"`
	Action string `json:"action"`
	// Without is the measurement with this rule disabled.
	Without Measurement `json:"without"`
	// Protection is how much worst-case ASR the rule removes: worst-case
	// ASR without it minus with the full policy.
	Protection float64 `json:"protection"`
	// OverRefusalCost is the over-refusal it adds: over-refusal with the
	// full policy minus without it.
	OverRefusalCost float64 `json:"over_refusal_cost"`
}

// AblationStep is one greedy removal attempt.
type AblationStep struct {
	Remove string      `json:"remove"`
	Result Measurement `json:"result"`
	// Removed is true when the rule set without the rule stayed within the
	// bound, so the rule was dropped.
	Removed bool `json:"removed"`
}

// AblationReport is ablation.json.
type AblationReport struct {
	Policy string  `json:"policy"`
	Bound  float64 `json:"asr_bound"`
	// NoRules is the model behind a gateway with no rule; Full behind the
	// whole policy.
	NoRules Measurement    `json:"no_rules"`
	Full    Measurement    `json:"full"`
	Rules   []RuleAblation `json:"rules"`
	Steps   []AblationStep `json:"greedy_steps"`
	// Met reports whether the full policy keeps worst-case ASR within the
	// bound; Minimal is then the rule set greedy removal ends with.
	Met     bool         `json:"bound_met"`
	Minimal *Measurement `json:"minimal,omitempty"`
	// Runs is the number of suite runs the ablation took.
	Runs int `json:"suite_runs"`
}

// Ablation reruns a suite behind in-process gateways, each with a subset of
// a policy's rules.
type Ablation struct {
	// Runner is the run to repeat; its Target is replaced by a client of
	// each gateway (Client is copied with the gateway's base URL).
	Runner *Runner
	Client Client
	// Upstream is the model's base URL the gateways front.
	Upstream string
	Policy   *policy.Policy
	// Bound is the worst-case ASR the minimal rule set must stay within.
	Bound float64
	// Log, when set, receives one line per suite run.
	Log io.Writer
}

// measure runs the suite behind a gateway with the rules of pol enabled.
func (ab *Ablation) measure(ctx context.Context, rules []string) (Measurement, error) {
	var drop []string
	for _, r := range ab.Policy.Rules() {
		if !slices.Contains(rules, r.Name) {
			drop = append(drop, r.Name)
		}
	}
	gw, err := StartGateway(ab.Upstream, ab.Policy.Without(drop...), ab.Runner.Analyzer)
	if err != nil {
		return Measurement{}, err
	}
	defer gw.Close()
	r := *ab.Runner
	c := ab.Client
	c.BaseURL = gw.BaseURL
	r.Target, r.Previous, r.OnAttack, r.Progress = &c, nil, nil, nil
	out, err := r.Run(ctx)
	if err != nil {
		return Measurement{}, err
	}
	sum := Summarize(out, r.Profiles, r.Runs, r.Fail)
	m := Measurement{Rules: append([]string{}, rules...)}
	for _, ps := range sum.Profiles {
		m.WorstCaseASR = max(m.WorstCaseASR, ps.WorstCaseASR.Value)
		m.ASR = max(m.ASR, ps.ASR.Value)
		m.OverRefusal = max(m.OverRefusal, ps.OverRefusal.Value)
		m.Errors += ps.Errors
	}
	if ab.Log != nil {
		fmt.Fprintf(ab.Log, "ablation: rules [%s]: worst-case ASR %s, over-refusal %s\n", strings.Join(rules, ", "),
			strings.TrimSpace(pct(m.WorstCaseASR)), strings.TrimSpace(pct(m.OverRefusal)))
	}
	return m, nil
}

// Run measures the model behind no rule, the full policy and the policy
// without each rule in turn, then looks for a small rule set that keeps
// worst-case ASR within the bound by greedy removal: starting from the
// full policy, rules are tried for removal in order of least protection
// (ties: highest over-refusal cost first, then file order), and a rule is
// dropped when the set without it stays within the bound. If removing
// rules never lowers ASR, the result is 1-minimal: no single remaining rule
// can be dropped (it is not guaranteed to be the smallest such set).
func (ab *Ablation) Run(ctx context.Context) (*AblationReport, error) {
	if ab.Runner == nil || ab.Policy == nil {
		return nil, errors.New("ablation: a runner and a policy are required")
	}
	var all []string
	actions := map[string]string{}
	for _, r := range ab.Policy.Rules() {
		all = append(all, r.Name)
		actions[r.Name] = r.Action.String()
	}
	rep := &AblationReport{Policy: ab.Policy.Source(), Bound: ab.Bound}
	cache := map[string]Measurement{}
	get := func(rules []string) (Measurement, error) {
		k := strings.Join(rules, "\x00")
		if m, ok := cache[k]; ok {
			return m, nil
		}
		m, err := ab.measure(ctx, rules)
		if err != nil {
			return m, err
		}
		rep.Runs++
		cache[k] = m
		return m, nil
	}
	without := func(set []string, name string) []string {
		return slices.DeleteFunc(slices.Clone(set), func(s string) bool { return s == name })
	}
	var err error
	if rep.NoRules, err = get(nil); err != nil {
		return nil, err
	}
	if rep.Full, err = get(all); err != nil {
		return nil, err
	}
	for _, name := range all {
		m, err := get(without(all, name))
		if err != nil {
			return nil, err
		}
		rep.Rules = append(rep.Rules, RuleAblation{Rule: name, Action: actions[name], Without: m,
			Protection: m.WorstCaseASR - rep.Full.WorstCaseASR, OverRefusalCost: rep.Full.OverRefusal - m.OverRefusal})
	}
	rep.Met = rep.Full.WorstCaseASR <= ab.Bound+1e-9
	if !rep.Met {
		return rep, nil
	}
	order := slices.Clone(rep.Rules)
	sort.SliceStable(order, func(i, j int) bool {
		if order[i].Protection != order[j].Protection {
			return order[i].Protection < order[j].Protection
		}
		return order[i].OverRefusalCost > order[j].OverRefusalCost
	})
	set := all
	for _, ra := range order {
		next := without(set, ra.Rule)
		m, err := get(next)
		if err != nil {
			return nil, err
		}
		ok := m.WorstCaseASR <= ab.Bound+1e-9
		rep.Steps = append(rep.Steps, AblationStep{Remove: ra.Rule, Result: m, Removed: ok})
		if ok {
			set = next
		}
	}
	final, err := get(set)
	if err != nil {
		return nil, err
	}
	rep.Minimal = &final
	return rep, nil
}

// PrintAblation writes the ablation's tables.
func PrintAblation(w io.Writer, rep *AblationReport) {
	fmt.Fprintf(w, "\n== ablation of %s (worst-case ASR bound %s, %d suite runs) ==\n", rep.Policy, strings.TrimSpace(pct(rep.Bound)), rep.Runs)
	tw := tabwriter.NewWriter(w, 0, 0, 1, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "rule\taction\tworst-case ASR without it\tprotection\tover-refusal without it\tover-refusal cost\t")
	for _, r := range rep.Rules {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%+.0f pts\t%s\t%+.0f pts\t\n", r.Rule, r.Action, pct(r.Without.WorstCaseASR), 100*r.Protection,
			pct(r.Without.OverRefusal), 100*r.OverRefusalCost)
	}
	fmt.Fprintf(tw, "ALL RULES\t\t%s\t\t%s\t\t\n", pct(rep.Full.WorstCaseASR), pct(rep.Full.OverRefusal))
	fmt.Fprintf(tw, "NO RULES\t\t%s\t\t%s\t\t\n", pct(rep.NoRules.WorstCaseASR), pct(rep.NoRules.OverRefusal))
	tw.Flush()
	if !rep.Met {
		fmt.Fprintf(w, "the full policy measures a worst-case ASR of %s, above the bound %s: no rule set meets it\n",
			strings.TrimSpace(pct(rep.Full.WorstCaseASR)), strings.TrimSpace(pct(rep.Bound)))
		return
	}
	for _, s := range rep.Steps {
		verdict := "kept (the bound is exceeded without it)"
		if s.Removed {
			verdict = "removed"
		}
		fmt.Fprintf(w, "  without %s: worst-case ASR %s -> %s\n", s.Remove, strings.TrimSpace(pct(s.Result.WorstCaseASR)), verdict)
	}
	m := rep.Minimal
	fmt.Fprintf(w, "minimal rule set (%d of %d rules): [%s], worst-case ASR %s, over-refusal %s (full policy: %s, %s)\n",
		len(m.Rules), len(rep.Rules), strings.Join(m.Rules, ", "), strings.TrimSpace(pct(m.WorstCaseASR)), strings.TrimSpace(pct(m.OverRefusal)),
		strings.TrimSpace(pct(rep.Full.WorstCaseASR)), strings.TrimSpace(pct(rep.Full.OverRefusal)))
}
