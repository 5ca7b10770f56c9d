// Package profile summarizes a corpus of trajectories along the five factors
// that separate offline evals from production traffic (the taxonomy's
// eval-versus-production table): distribution (request categories), turn
// depth, attacker sophistication, context length and stakes. An eval profile
// is what attribution compares a failing production trajectory against
// ("was this depth ever evaluated?"), and two profiles side by side are the
// gap report.
package profile

import (
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/faultline-dev/faultline/internal/trajectory"
)

// Version of the profile file format.
const Version = 1

// Profile is the summary of one corpus.
type Profile struct {
	Version      int    `json:"version"`
	Name         string `json:"name,omitempty"`
	Trajectories int    `json:"trajectories"`
	// TurnDepth is the number of user turns per trajectory.
	TurnDepth Dist `json:"turn_depth"`
	// ContextTokens is the estimated size of the whole trajectory in tokens.
	ContextTokens Dist `json:"context_tokens"`
	// Variety measures attacker sophistication per trajectory: how much the
	// user turns vary and adapt to the replies (0 = one templated turn or
	// repeated turns; 1 = every turn new and building on the last reply).
	Variety Dist `json:"variety"`
	// TemplateShare is the share of trajectories whose opening user turn
	// starts like the opening of another trajectory (template-driven corpora
	// are high).
	TemplateShare float64 `json:"template_share"`
	// Categories counts trajectories by request category (a trajectory can
	// count in several).
	Categories map[string]int `json:"categories"`
	// Stakes counts trajectories by their highest tool access.
	Stakes map[string]int `json:"stakes"`
}

// Dist summarizes a numeric distribution.
type Dist struct {
	N   int     `json:"n"`
	Min float64 `json:"min"`
	P50 float64 `json:"p50"`
	P90 float64 `json:"p90"`
	P99 float64 `json:"p99"`
	Max float64 `json:"max"`
	// Scale is how values are binned: "log2" (bin k holds values up to 2^k)
	// or "tenths" (bin k holds values in [k/10, (k+1)/10), for shares).
	Scale string `json:"scale"`
	// Bins counts values per bin.
	Bins []int `json:"bins"`
}

// Stakes levels, lowest first.
const (
	StakesNone     = "none"
	StakesRead     = "read"
	StakesWrite    = "write"
	StakesMoney    = "money"
	StakesCodeExec = "code_execution"
)

// StakesLevels returns the levels in increasing order.
func StakesLevels() []string {
	return []string{StakesNone, StakesRead, StakesWrite, StakesMoney, StakesCodeExec}
}

// Builder accumulates trajectories into a profile, one at a time.
type Builder struct {
	name       string
	depth      []float64
	tokens     []float64
	variety    []float64
	openings   map[string]int
	categories map[string]int
	stakes     map[string]int
}

// NewBuilder starts a profile.
func NewBuilder(name string) *Builder {
	return &Builder{name: name, openings: map[string]int{}, categories: map[string]int{}, stakes: map[string]int{}}
}

// Add measures one trajectory.
func (b *Builder) Add(t *trajectory.Trajectory) {
	f := Measure(t)
	b.depth = append(b.depth, float64(f.Depth))
	b.tokens = append(b.tokens, float64(f.Tokens))
	b.variety = append(b.variety, f.Variety)
	b.openings[f.Opening]++
	for _, c := range f.Categories {
		b.categories[c]++
	}
	b.stakes[f.Stakes]++
}

// Profile returns the summary of everything added.
func (b *Builder) Profile() Profile {
	p := Profile{Version: Version, Name: b.name, Trajectories: len(b.depth),
		TurnDepth: NewDist(b.depth), ContextTokens: NewDist(b.tokens), Variety: NewShareDist(b.variety),
		Categories: b.categories, Stakes: b.stakes}
	repeated := 0
	for opening, n := range b.openings {
		if opening != "" && n > 1 {
			repeated += n
		}
	}
	if p.Trajectories > 0 {
		p.TemplateShare = float64(repeated) / float64(p.Trajectories)
	}
	return p
}

// Features are the factor measurements of one trajectory.
type Features struct {
	Depth      int
	Tokens     int
	Variety    float64
	Opening    string
	Categories []string
	Stakes     string
}

// EstimateTokens estimates the tokens of a text (about 4 bytes a token for
// English; good enough to compare with a context window).
func EstimateTokens(s string) int { return (len(s) + 3) / 4 }

// Measure computes the factor features of one trajectory.
func Measure(t *trajectory.Trajectory) Features {
	var f Features
	var users []string
	var lastAssistant string
	adaptive := 0
	for i := range t.Messages {
		m := &t.Messages[i]
		f.Tokens += EstimateTokens(m.Content) + EstimateTokens(m.Reasoning) + 4
		for _, c := range m.ToolCalls {
			f.Tokens += 8 + len(c.Name)/4
			if s := stakesOfCall(c); rankStakes(s) > rankStakes(f.Stakes) {
				f.Stakes = s
			}
		}
		switch m.Role {
		case trajectory.RoleUser:
			if len(users) > 0 && lastAssistant != "" && overlap(words(m.Content), words(lastAssistant)) >= 0.15 {
				adaptive++
			}
			users = append(users, m.Content)
		case trajectory.RoleAssistant:
			lastAssistant = m.Content
		}
	}
	if f.Stakes == "" {
		f.Stakes = StakesNone
		for _, name := range t.Meta.Tools {
			if s := stakesOfName(name); rankStakes(s) > rankStakes(f.Stakes) {
				f.Stakes = s
			}
		}
	}
	f.Depth = len(users)
	f.Variety = variety(users, adaptive)
	if len(users) > 0 {
		f.Opening = opening(users[0])
	}
	f.Categories = Categorize(strings.Join(users, "\n"))
	return f
}

// variety is the share of distinct user turns, lifted by adaptive turns
// (turns that build on the previous reply).
func variety(users []string, adaptive int) float64 {
	if len(users) <= 1 {
		return 0
	}
	distinct := 0
	for i := 1; i < len(users); i++ {
		if overlap(words(users[i]), words(users[i-1])) < 0.6 {
			distinct++
		}
	}
	v := 0.6*float64(distinct)/float64(len(users)-1) + 0.4*float64(adaptive)/float64(len(users)-1)
	return math.Round(v*1000) / 1000
}

// opening is the first eight words of a turn, the key of template detection.
func opening(s string) string {
	w := words(s)
	if len(w) < 4 {
		return ""
	}
	if len(w) > 8 {
		w = w[:8]
	}
	return strings.Join(w, " ")
}

func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127)
	})
}

// overlap is the Jaccard similarity of two word sets.
func overlap(a, b []string) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	set := map[string]bool{}
	for _, w := range a {
		set[w] = true
	}
	inter := 0
	seen := map[string]bool{}
	for _, w := range b {
		if set[w] && !seen[w] {
			inter++
		}
		seen[w] = true
	}
	return float64(inter) / float64(len(set)+len(seen)-inter)
}

// Bin scales.
const (
	ScaleLog2   = "log2"
	ScaleTenths = "tenths"
)

// NewDist summarizes values binned by powers of two (<=1, <=2, <=4, ...).
func NewDist(values []float64) Dist { return newDist(values, ScaleLog2) }

// NewShareDist summarizes values in [0,1] binned by tenths.
func NewShareDist(values []float64) Dist { return newDist(values, ScaleTenths) }

func newDist(values []float64, scale string) Dist {
	d := Dist{N: len(values), Scale: scale}
	if len(values) == 0 {
		return d
	}
	s := slices.Clone(values)
	sort.Float64s(s)
	d.Min, d.Max = s[0], s[len(s)-1]
	d.P50, d.P90, d.P99 = quantile(s, 0.5), quantile(s, 0.9), quantile(s, 0.99)
	for _, v := range s {
		bin := d.BinOf(v)
		for len(d.Bins) <= bin {
			d.Bins = append(d.Bins, 0)
		}
		d.Bins[bin]++
	}
	return d
}

// BinOf returns the bin of v on the distribution's scale.
func (d Dist) BinOf(v float64) int {
	if d.Scale == ScaleTenths {
		return min(max(int(v*10), 0), 9)
	}
	if v <= 1 {
		return 0
	}
	return int(math.Ceil(math.Log2(v)))
}

func quantile(sorted []float64, q float64) float64 {
	if len(sorted) == 1 {
		return sorted[0]
	}
	pos := q * float64(len(sorted)-1)
	lo := int(math.Floor(pos))
	hi := min(lo+1, len(sorted)-1)
	frac := pos - float64(lo)
	return sorted[lo]*(1-frac) + sorted[hi]*frac
}
