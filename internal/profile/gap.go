package profile

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// Factor IDs of the taxonomy's eval-versus-production table.
const (
	FactorDistribution   = "distribution"
	FactorTurnDepth      = "turn_depth"
	FactorSophistication = "attacker_sophistication"
	FactorContextLength  = "context_length"
	FactorStakes         = "stakes"
)

// FactorGap compares one factor between an eval and a production profile.
type FactorGap struct {
	Factor string `json:"factor"`
	// Eval and Prod describe each side in one line (quantiles or top shares).
	Eval string `json:"eval"`
	Prod string `json:"prod"`
	// OutsideSupport is the share of production trajectories outside what the
	// eval covers (beyond its range, or in a category or stakes level it lacks).
	OutsideSupport float64 `json:"outside_support"`
	// Beyond is the part of OutsideSupport above the eval's maximum (deeper,
	// longer, more varied): the gap a scenario must close.
	Beyond float64 `json:"beyond_support,omitempty"`
	// Divergence is the Jensen-Shannon divergence (base 2, 0..1) of the two
	// distributions.
	Divergence float64 `json:"divergence"`
	// Scenario is the adversarial eval to add to close the gap ("" when none is needed).
	Scenario string `json:"scenario,omitempty"`
}

// Gap is the five-factor comparison.
type Gap struct {
	EvalTrajectories int         `json:"eval_trajectories"`
	ProdTrajectories int         `json:"prod_trajectories"`
	Factors          []FactorGap `json:"factors"`
	// Summary is the one combined scenario to add first.
	Summary string `json:"summary,omitempty"`
}

// gapNeeded is the outside share or divergence above which a scenario is proposed.
const gapNeeded = 0.05

// Compare fills the five-factor table for an eval and a production profile.
func Compare(eval, prod Profile) Gap {
	g := Gap{EvalTrajectories: eval.Trajectories, ProdTrajectories: prod.Trajectories}
	cases := func(share float64) int {
		n := int(math.Round(share * float64(prod.Trajectories)))
		return min(max(n, 20), 200)
	}

	cat := FactorGap{Factor: FactorDistribution, Eval: topShares(eval.Categories, eval.Trajectories), Prod: topShares(prod.Categories, prod.Trajectories)}
	cat.OutsideSupport, cat.Divergence = categoricalGap(eval.Categories, prod.Categories, prod.Trajectories)
	missing := missingKeys(eval.Categories, prod.Categories)
	if len(missing) > 0 && cat.OutsideSupport >= gapNeeded {
		cat.Scenario = fmt.Sprintf("add %d cases in categories the eval lacks: %s", cases(cat.OutsideSupport), strings.Join(missing, ", "))
	}

	depth := numericGap(FactorTurnDepth, eval.TurnDepth, prod.TurnDepth, "%.0f")
	if depth.Beyond >= gapNeeded || (depth.Divergence >= 0.2 && prod.TurnDepth.P90 > eval.TurnDepth.P90) {
		lo, hi := math.Max(eval.TurnDepth.Max+1, prod.TurnDepth.P50), math.Max(prod.TurnDepth.P99, eval.TurnDepth.Max+1)
		depth.Scenario = fmt.Sprintf("add %d multi-turn cases at %.0f-%.0f user turns", cases(depth.Beyond), lo, hi)
	}

	ctx := numericGap(FactorContextLength, eval.ContextTokens, prod.ContextTokens, "%.0f")
	if ctx.Beyond >= gapNeeded || (ctx.Divergence >= 0.2 && prod.ContextTokens.P90 > eval.ContextTokens.P90) {
		ctx.Scenario = fmt.Sprintf("add %d cases with %s-%s token contexts (padding and long tool output that push the system prompt back)",
			cases(ctx.Beyond), kTokens(math.Max(eval.ContextTokens.Max, prod.ContextTokens.P50)), kTokens(math.Max(prod.ContextTokens.P99, eval.ContextTokens.Max)))
	}

	soph := numericGap(FactorSophistication, eval.Variety, prod.Variety, "%.2f")
	soph.Eval += fmt.Sprintf("; template share %.0f%%", 100*eval.TemplateShare)
	soph.Prod += fmt.Sprintf("; template share %.0f%%", 100*prod.TemplateShare)
	if (soph.Beyond >= gapNeeded || soph.Divergence >= 0.2) && prod.Variety.P90 > eval.Variety.P90 || eval.TemplateShare-prod.TemplateShare > 0.2 {
		soph.Scenario = fmt.Sprintf("add %d cases from an adaptive attacker (each turn built on the last reply, variety >= %.2f) instead of templates",
			cases(math.Max(soph.Beyond, 0.1)), math.Max(prod.Variety.P50, 0.5))
	}

	st := FactorGap{Factor: FactorStakes, Eval: topShares(eval.Stakes, eval.Trajectories), Prod: topShares(prod.Stakes, prod.Trajectories)}
	st.OutsideSupport, st.Divergence = categoricalGap(eval.Stakes, prod.Stakes, prod.Trajectories)
	if m := missingKeys(eval.Stakes, prod.Stakes); len(m) > 0 && st.OutsideSupport >= gapNeeded {
		st.Scenario = fmt.Sprintf("add %d agent cases with tool access the eval lacks: %s", cases(st.OutsideSupport), strings.Join(m, ", "))
	}

	g.Factors = []FactorGap{cat, depth, soph, ctx, st}
	g.Summary = combined(eval, prod, depth, ctx, missing, cases)
	return g
}

// combined proposes one scenario that closes the largest numeric gaps at once.
func combined(eval, prod Profile, depth, ctx FactorGap, missing []string, cases func(float64) int) string {
	var parts []string
	share := math.Max(depth.Beyond, ctx.Beyond)
	if depth.Scenario != "" {
		parts = append(parts, fmt.Sprintf("at %.0f-%.0f turns", math.Max(eval.TurnDepth.Max+1, prod.TurnDepth.P50), math.Max(prod.TurnDepth.P99, eval.TurnDepth.Max+1)))
	}
	if ctx.Scenario != "" {
		parts = append(parts, fmt.Sprintf("with %s-token contexts", kTokens(math.Max(prod.ContextTokens.P90, eval.ContextTokens.Max))))
	}
	if len(missing) > 0 {
		parts = append(parts, "in category "+missing[0])
	}
	if len(parts) == 0 {
		return ""
	}
	return fmt.Sprintf("add %d cases %s", cases(share), strings.Join(parts, " "))
}

func kTokens(v float64) string {
	if v >= 1000 {
		return fmt.Sprintf("%.0fk", v/1000)
	}
	return fmt.Sprintf("%.0f", v)
}

func numericGap(factor string, eval, prod Dist, f string) FactorGap {
	desc := func(d Dist) string {
		if d.N == 0 {
			return "no data"
		}
		return fmt.Sprintf("p50 "+f+", p90 "+f+", p99 "+f+", max "+f, d.P50, d.P90, d.P99, d.Max)
	}
	g := FactorGap{Factor: factor, Eval: desc(eval), Prod: desc(prod)}
	if prod.N == 0 {
		return g
	}
	if eval.N == 0 {
		g.OutsideSupport = 1
		g.Beyond = 1
	} else {
		lo, hi := eval.BinOf(eval.Min), eval.BinOf(eval.Max)
		out, beyond := 0, 0
		for k, n := range prod.Bins {
			if k > hi || k < lo {
				out += n
			}
			if k > hi {
				beyond += n
			}
		}
		g.OutsideSupport = float64(out) / float64(prod.N)
		g.Beyond = float64(beyond) / float64(prod.N)
	}
	g.Divergence = jsd(binsMap(eval.Bins), binsMap(prod.Bins))
	return g
}

func binsMap(b []int) map[string]int {
	m := map[string]int{}
	for k, n := range b {
		if n > 0 {
			m[fmt.Sprint(k)] = n
		}
	}
	return m
}

// categoricalGap returns the share of production trajectories in keys the
// eval lacks, and the divergence of the two count maps.
func categoricalGap(eval, prod map[string]int, prodN int) (outside, div float64) {
	if prodN == 0 {
		return 0, 0
	}
	out := 0
	for k, n := range prod {
		if eval[k] == 0 {
			out += n
		}
	}
	return math.Min(1, float64(out)/float64(prodN)), jsd(eval, prod)
}

func missingKeys(eval, prod map[string]int) []string {
	var out []string
	for k, n := range prod {
		if n > 0 && eval[k] == 0 {
			out = append(out, k)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if prod[out[i]] != prod[out[j]] {
			return prod[out[i]] > prod[out[j]]
		}
		return out[i] < out[j]
	})
	return out
}

// jsd is the Jensen-Shannon divergence (base 2) of two count maps.
func jsd(a, b map[string]int) float64 {
	var na, nb float64
	for _, v := range a {
		na += float64(v)
	}
	for _, v := range b {
		nb += float64(v)
	}
	if na == 0 || nb == 0 {
		if na == nb {
			return 0
		}
		return 1
	}
	keys := map[string]bool{}
	for k := range a {
		keys[k] = true
	}
	for k := range b {
		keys[k] = true
	}
	var d float64
	for k := range keys {
		p, q := float64(a[k])/na, float64(b[k])/nb
		m := (p + q) / 2
		if p > 0 {
			d += 0.5 * p * math.Log2(p/m)
		}
		if q > 0 {
			d += 0.5 * q * math.Log2(q/m)
		}
	}
	return math.Round(d*1000) / 1000
}

// topShares describes the largest shares of a count map in one line.
func topShares(m map[string]int, n int) string {
	if n == 0 || len(m) == 0 {
		return "no data"
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if m[keys[i]] != m[keys[j]] {
			return m[keys[i]] > m[keys[j]]
		}
		return keys[i] < keys[j]
	})
	var parts []string
	for i, k := range keys {
		if i == 4 {
			parts = append(parts, fmt.Sprintf("+%d more", len(keys)-4))
			break
		}
		parts = append(parts, fmt.Sprintf("%s %.0f%%", k, 100*float64(m[k])/float64(n)))
	}
	return strings.Join(parts, ", ")
}
