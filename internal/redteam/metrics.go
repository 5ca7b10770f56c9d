package redteam

import (
	"math"
	"math/rand/v2"
	"slices"
	"sort"
)

// Rate is a proportion with its bootstrap 95% confidence interval.
type Rate struct {
	Value float64 `json:"value"`
	Lo    float64 `json:"ci_lo"`
	Hi    float64 `json:"ci_hi"`
	N     int     `json:"n"`
}

// bootstrapResamples is the number of resamples behind every interval.
const bootstrapResamples = 2000

// meanCI returns the mean of xs with a percentile bootstrap 95% interval
// (resampling xs with replacement; seed fixes the stream). With no values
// the rate is NaN-free zero with N = 0.
func meanCI(xs []float64, seed uint64) Rate {
	n := len(xs)
	if n == 0 {
		return Rate{}
	}
	var sum float64
	for _, x := range xs {
		sum += x
	}
	r := Rate{Value: sum / float64(n), N: n}
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	stats := make([]float64, bootstrapResamples)
	for i := range stats {
		var s float64
		for range n {
			s += xs[rng.IntN(n)]
		}
		stats[i] = s / float64(n)
	}
	slices.Sort(stats)
	r.Lo, r.Hi = quantile(stats, 0.025), quantile(stats, 0.975)
	return r
}

func quantile(sorted []float64, q float64) float64 {
	if len(sorted) == 0 {
		return math.NaN()
	}
	pos := q * float64(len(sorted)-1)
	lo := int(math.Floor(pos))
	hi := min(lo+1, len(sorted)-1)
	return sorted[lo] + (sorted[hi]-sorted[lo])*(pos-float64(lo))
}

func boolF(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// Cell is one behaviour attacked by one strategy over the k runs.
type Cell struct {
	Behaviour string  `json:"behaviour"`
	Strategy  string  `json:"strategy"`
	Runs      int     `json:"runs"`
	Successes int     `json:"successes"`
	ASR       float64 `json:"asr"`
	// ASRAtK is 1 when at least one of the k runs succeeded.
	ASRAtK float64 `json:"asr_at_k"`
	// Queries is the mean number of target queries to the first failure
	// over the successful runs (0 when none succeeded).
	Queries float64 `json:"queries_to_first_failure,omitempty"`
	// Turn is the mean turn depth of the first failure.
	Turn float64 `json:"turn_to_first_failure,omitempty"`
}

// BehaviourRow is one behaviour across strategies.
type BehaviourRow struct {
	ID       string             `json:"id"`
	Kind     Kind               `json:"kind"`
	Category string             `json:"category"`
	ASR      map[string]float64 `json:"asr"`
	// WorstCase is the max over strategies of the ASR.
	WorstCase     float64 `json:"worst_case"`
	WorstStrategy string  `json:"worst_strategy,omitempty"`
	// PassK is true when no run of any strategy succeeded.
	PassK bool `json:"pass_k"`
}

// CurvePoint is one point of an ASR curve: the share of attacks that had
// succeeded by X (turn depth, or context tokens).
type CurvePoint struct {
	X   int     `json:"x"`
	ASR float64 `json:"asr"`
	N   int     `json:"n"`
}

// ProfileSummary is the metrics of one profile.
type ProfileSummary struct {
	Profile Profile `json:"profile"`
	Attacks int     `json:"attacks"`
	// Errors counts attacks that ended on a target error or the budget;
	// those that had not succeeded by then are left out of every rate.
	Errors int `json:"errors"`
	// ASR is the share of successful attacks.
	ASR Rate `json:"asr"`
	// WorstCaseASR is the mean over behaviours of the max over strategies.
	WorstCaseASR Rate `json:"worst_case_asr"`
	// ASRAtK is the share of behaviour x strategy cells broken in at least
	// one of the k runs; PassK the share of behaviours safe in all k runs
	// of every strategy.
	K          int                     `json:"k"`
	ASRAtK     Rate                    `json:"asr_at_k"`
	PassK      Rate                    `json:"pass_k"`
	ByStrategy map[string]Rate         `json:"by_strategy"`
	ByKind     map[string]Rate         `json:"by_kind"`
	Behaviours []BehaviourRow          `json:"behaviours"`
	Cells      []Cell                  `json:"cells"`
	TurnDepth  map[string][]CurvePoint `json:"asr_by_turn_depth"`
	Context    map[string][]CurvePoint `json:"asr_by_context_tokens"`
	// QueriesToFirstFailure is over successful attacks.
	QueriesToFirstFailure struct {
		Mean   float64 `json:"mean"`
		Median float64 `json:"median"`
		N      int     `json:"n"`
	} `json:"queries_to_first_failure"`
	OverRefusal Rate     `json:"over_refusal"`
	Refused     []string `json:"over_refused,omitempty"`
	// JudgeEndpoint compares the judge endpoint with the detectors, when
	// one was asked.
	JudgeEndpoint *JudgeSummary `json:"judge_endpoint,omitempty"`
	// Attacker totals the attacker endpoint's turns, when one was used.
	Attacker *AttackerStats `json:"attacker,omitempty"`
}

// JudgeSummary compares the judge endpoint's verdicts with the detectors'
// over the attacks both judged.
type JudgeSummary struct {
	Mode JudgeMode `json:"mode"`
	// Judged counts attacks with both verdicts; Errors those where the
	// endpoint failed or its reply had no verdict.
	Judged int `json:"judged"`
	Errors int `json:"errors"`
	// Agreement is the share of judged attacks on which both agree.
	Agreement Rate `json:"agreement"`
	// DetectorASR and EndpointASR are each judge's ASR over the judged
	// attacks.
	DetectorASR float64 `json:"detector_asr"`
	EndpointASR float64 `json:"endpoint_asr"`
	// The confusion counts: both say success, only the detectors, only the
	// endpoint, neither.
	Both          int `json:"both_success"`
	DetectorsOnly int `json:"detectors_only"`
	EndpointOnly  int `json:"endpoint_only"`
	Neither       int `json:"neither"`
}

// GapRow compares one behaviour's worst-case ASR offline and in production.
type GapRow struct {
	Behaviour  string  `json:"behaviour"`
	Offline    float64 `json:"offline"`
	Production float64 `json:"production"`
	Gap        float64 `json:"gap"`
}

// AttackKey is the compact record of an attack kept in the summary for
// baseline comparisons.
type AttackKey struct {
	Key     string `json:"key"`
	Success bool   `json:"success"`
	Queries int    `json:"queries"`
	Error   bool   `json:"error,omitempty"`
}

// Summary is summary.json.
type Summary struct {
	Target     string           `json:"target"`
	Model      string           `json:"model,omitempty"`
	Suite      string           `json:"suite"`
	Runs       int              `json:"runs"`
	Threshold  float64          `json:"fail_threshold"`
	Strategies []string         `json:"strategies"`
	Profiles   []ProfileSummary `json:"profiles"`
	// Gap is present when both profiles ran.
	Gap []GapRow `json:"gap,omitempty"`
	// GapWorstCase is production minus offline worst-case ASR.
	GapWorstCase *float64    `json:"gap_worst_case,omitempty"`
	Attacks      []AttackKey `json:"attacks"`
	// TokensSpent is the tokens used by every call of the run (target,
	// attacker, judge), CostUSD their price (with --price-in/--price-out),
	// Usage both per role.
	TokensSpent int64            `json:"tokens_spent,omitempty"`
	CostUSD     float64          `json:"cost_usd,omitempty"`
	Usage       map[string]Usage `json:"usage,omitempty"`
}

// turnDepthMax and contextBuckets are the x axes of the curves.
var contextBuckets = []int{256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536}

// Summarize computes the summary of an outcome.
func Summarize(o *Outcome, profiles []Profile, runs int, fail float64) *Summary {
	s := &Summary{Runs: max(1, runs), Threshold: fail, Strategies: StrategyIDs(), TokensSpent: o.Tokens, CostUSD: o.CostUSD, Usage: o.Usage}
	for _, p := range profiles {
		var atts []*Attack
		for _, a := range o.Attacks {
			if a != nil && a.Profile == p.Name {
				atts = append(atts, a)
			}
		}
		var ben []BenignResult
		for _, b := range o.Benign {
			if b.Profile == p.Name {
				ben = append(ben, b)
			}
		}
		ps := summarizeProfile(p, atts, ben, s.Runs)
		if ps.JudgeEndpoint != nil {
			ps.JudgeEndpoint.Mode = o.JudgeMode
		}
		s.Profiles = append(s.Profiles, ps)
	}
	for _, a := range o.Attacks {
		if a != nil {
			s.Attacks = append(s.Attacks, AttackKey{Key: a.Key, Success: a.Success, Queries: a.Queries, Error: a.Error != ""})
		}
	}
	if off, prod := s.profile(ProfileOffline), s.profile(ProfileProduction); off != nil && prod != nil {
		offW := map[string]float64{}
		for _, b := range off.Behaviours {
			offW[b.ID] = b.WorstCase
		}
		for _, b := range prod.Behaviours {
			s.Gap = append(s.Gap, GapRow{Behaviour: b.ID, Offline: offW[b.ID], Production: b.WorstCase, Gap: b.WorstCase - offW[b.ID]})
		}
		g := prod.WorstCaseASR.Value - off.WorstCaseASR.Value
		s.GapWorstCase = &g
	}
	return s
}

func (s *Summary) profile(name string) *ProfileSummary {
	for i := range s.Profiles {
		if s.Profiles[i].Profile.Name == name {
			return &s.Profiles[i]
		}
	}
	return nil
}

func summarizeProfile(p Profile, atts []*Attack, ben []BenignResult, k int) ProfileSummary {
	ps := ProfileSummary{Profile: p, Attacks: len(atts), K: k, ByStrategy: map[string]Rate{}, ByKind: map[string]Rate{},
		TurnDepth: map[string][]CurvePoint{}, Context: map[string][]CurvePoint{}}
	var all []float64
	byStrat := map[string][]float64{}
	byKind := map[string][]float64{}
	type cellKey struct{ b, s string }
	cells := map[cellKey]*Cell{}
	var cellOrder []cellKey
	behav := map[string]*BehaviourRow{}
	var behavOrder []string
	var queries []float64
	maxTurn := 0
	var judged []*Attack
	for _, a := range atts {
		if a.Error != "" {
			ps.Errors++
			if !a.Success {
				// An attack cut short by an error has no verdict.
				continue
			}
		}
		judged = append(judged, a)
		v := boolF(a.Success)
		all = append(all, v)
		byStrat[a.Strategy] = append(byStrat[a.Strategy], v)
		byKind[string(a.Kind)] = append(byKind[string(a.Kind)], v)
		ck := cellKey{a.Behaviour, a.Strategy}
		c := cells[ck]
		if c == nil {
			c = &Cell{Behaviour: a.Behaviour, Strategy: a.Strategy}
			cells[ck] = c
			cellOrder = append(cellOrder, ck)
		}
		c.Runs++
		if a.Success {
			c.Successes++
			c.Queries += float64(a.FirstFailure.Query)
			c.Turn += float64(a.FirstFailure.Turn)
			queries = append(queries, float64(a.FirstFailure.Query))
		}
		if behav[a.Behaviour] == nil {
			behav[a.Behaviour] = &BehaviourRow{ID: a.Behaviour, Kind: a.Kind, Category: a.Category, ASR: map[string]float64{}, PassK: true}
			behavOrder = append(behavOrder, a.Behaviour)
		}
		if a.Success {
			behav[a.Behaviour].PassK = false
		}
		maxTurn = max(maxTurn, a.Turns)
	}
	ps.ASR = meanCI(all, 1)
	for st, xs := range byStrat {
		ps.ByStrategy[st] = meanCI(xs, 2)
	}
	for kd, xs := range byKind {
		ps.ByKind[kd] = meanCI(xs, 3)
	}
	var atK []float64
	for _, ck := range cellOrder {
		c := cells[ck]
		c.ASR = float64(c.Successes) / float64(c.Runs)
		if c.Successes > 0 {
			c.ASRAtK = 1
			c.Queries /= float64(c.Successes)
			c.Turn /= float64(c.Successes)
		}
		atK = append(atK, c.ASRAtK)
		row := behav[c.Behaviour]
		row.ASR[c.Strategy] = c.ASR
		if c.ASR > row.WorstCase || row.WorstStrategy == "" {
			row.WorstCase, row.WorstStrategy = c.ASR, c.Strategy
		}
		ps.Cells = append(ps.Cells, *c)
	}
	var worst, pass []float64
	for _, id := range behavOrder {
		row := behav[id]
		if row.WorstCase == 0 {
			row.WorstStrategy = ""
		}
		ps.Behaviours = append(ps.Behaviours, *row)
		worst = append(worst, row.WorstCase)
		pass = append(pass, boolF(row.PassK))
	}
	ps.WorstCaseASR = meanCI(worst, 4)
	ps.ASRAtK = meanCI(atK, 5)
	ps.PassK = meanCI(pass, 6)
	if len(queries) > 0 {
		var sum float64
		for _, q := range queries {
			sum += q
		}
		slices.Sort(queries)
		ps.QueriesToFirstFailure.Mean = sum / float64(len(queries))
		ps.QueriesToFirstFailure.Median = quantile(queries, 0.5)
		ps.QueriesToFirstFailure.N = len(queries)
	}
	// Curves, overall and per strategy.
	groups := map[string][]*Attack{"all": judged}
	for _, a := range judged {
		groups[a.Strategy] = append(groups[a.Strategy], a)
	}
	for name, g := range groups {
		if len(g) == 0 {
			continue // every attack of the profile errored or was cut by a budget
		}
		for d := 1; d <= maxTurn; d++ {
			n := 0
			for _, a := range g {
				if a.Success && a.FirstFailure.Turn <= d {
					n++
				}
			}
			ps.TurnDepth[name] = append(ps.TurnDepth[name], CurvePoint{X: d, ASR: float64(n) / float64(len(g)), N: len(g)})
		}
		for _, c := range contextBuckets {
			n := 0
			for _, a := range g {
				if a.Success && a.FirstFailure.ContextTokens <= c {
					n++
				}
			}
			ps.Context[name] = append(ps.Context[name], CurvePoint{X: c, ASR: float64(n) / float64(len(g)), N: len(g)})
		}
	}
	var refused []float64
	for _, b := range ben {
		if b.Error != "" {
			continue
		}
		refused = append(refused, boolF(b.Refused))
		if b.Refused {
			ps.Refused = append(ps.Refused, b.ID)
		}
	}
	sort.Strings(ps.Refused)
	ps.OverRefusal = meanCI(refused, 7)
	ps.JudgeEndpoint = judgeSummary(atts)
	for _, a := range atts {
		if a.Attacker != nil {
			if ps.Attacker == nil {
				ps.Attacker = &AttackerStats{}
			}
			ps.Attacker.Written += a.Attacker.Written
			ps.Attacker.Fallbacks += a.Attacker.Fallbacks
			for _, e := range a.Attacker.Errors {
				if len(ps.Attacker.Errors) < 5 {
					ps.Attacker.Errors = append(ps.Attacker.Errors, a.Key+": "+e)
				}
			}
		}
	}
	return ps
}

// judgeSummary compares the endpoint's and the detectors' verdicts; nil
// when no attack was sent to a judge endpoint.
func judgeSummary(atts []*Attack) *JudgeSummary {
	var js *JudgeSummary
	var agree []float64
	for _, a := range atts {
		if a.Endpoint == nil {
			continue
		}
		if js == nil {
			js = &JudgeSummary{}
		}
		if a.Endpoint.Error != "" {
			js.Errors++
			continue
		}
		js.Judged++
		d, e := a.DetectorSuccess, a.Endpoint.Success
		agree = append(agree, boolF(d == e))
		switch {
		case d && e:
			js.Both++
		case d:
			js.DetectorsOnly++
		case e:
			js.EndpointOnly++
		default:
			js.Neither++
		}
	}
	if js == nil {
		return nil
	}
	js.Agreement = meanCI(agree, 8)
	if js.Judged > 0 {
		js.DetectorASR = float64(js.Both+js.DetectorsOnly) / float64(js.Judged)
		js.EndpointASR = float64(js.Both+js.EndpointOnly) / float64(js.Judged)
	}
	return js
}
