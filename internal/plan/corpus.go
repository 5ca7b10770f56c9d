package plan

import (
	"math"
	"sort"

	"github.com/faultline-dev/faultline/internal/finding"
	"github.com/faultline-dev/faultline/internal/taxonomy"
)

// Ranked is one intervention ranked across a corpus.
type Ranked struct {
	ID            string `json:"id"`
	Name          string `json:"name"`
	Stage         string `json:"stage"`
	Effectiveness string `json:"effectiveness"`
	Priority      int    `json:"priority"`
	Artifact      string `json:"artifact"`
	// Findings is how many findings the intervention addresses, and
	// Trajectories how many trajectories they are in.
	Findings     int `json:"findings"`
	Trajectories int `json:"trajectories"`
	// Phenomena counts the addressed findings by phenomenon.
	Phenomena map[string]int `json:"phenomena"`
	// Score is incidence x severity x confidence x effectiveness: the sum
	// over addressed findings of severity weight x cause confidence, divided
	// by the corpus size, times the effectiveness weight.
	Score float64 `json:"score"`
}

// severityWeight weighs findings by severity.
func severityWeight(s finding.Severity) float64 {
	switch s {
	case finding.SeverityCritical:
		return 1
	case finding.SeverityHigh:
		return 0.75
	case finding.SeverityMedium:
		return 0.5
	}
	return 0.25
}

func effectivenessWeight(e string) float64 {
	switch e {
	case taxonomy.EffectivenessHigh:
		return 1
	case taxonomy.EffectivenessMedium:
		return 0.66
	}
	return 0.33
}

// Rank ranks every intervention that addresses at least one finding (through
// a cause of confidence >= MinConfidence) of the
// corpus (one findings slice per trajectory; total is the number of
// trajectories scanned, failing or not). The order is the seed's recommended
// priority (post-hoc 1, RLHF 2, SFT 3, pretraining 4), then score.
func (p *Planner) Rank(corpus [][]finding.Finding, total int) []Ranked {
	byID := map[string]*Ranked{}
	seenTraj := map[string]map[int]bool{}
	for ti, findings := range corpus {
		for _, f := range findings {
			// The confidence of each intervention is that of the strongest
			// cause of this finding that it addresses.
			conf := map[string]float64{}
			for _, c := range f.Causes {
				if c.Confidence < MinConfidence {
					continue
				}
				for _, iv := range p.tx.InterventionsFor(c.ID) {
					conf[iv.ID] = math.Max(conf[iv.ID], c.Confidence)
				}
			}
			for id, c := range conf {
				iv, ok := p.tx.Intervention(id)
				if !ok || c <= 0 {
					continue
				}
				r := byID[id]
				if r == nil {
					r = &Ranked{ID: iv.ID, Name: iv.Name, Stage: iv.Stage, Effectiveness: iv.Effectiveness,
						Priority: iv.Priority, Artifact: iv.Artifact, Phenomena: map[string]int{}}
					byID[id] = r
					seenTraj[id] = map[int]bool{}
				}
				r.Findings++
				r.Phenomena[f.Phenomenon]++
				seenTraj[id][ti] = true
				r.Score += severityWeight(f.Severity) * c
			}
		}
	}
	out := make([]Ranked, 0, len(byID))
	for id, r := range byID {
		r.Trajectories = len(seenTraj[id])
		if total > 0 {
			r.Score = r.Score / float64(total) * effectivenessWeight(r.Effectiveness)
		}
		r.Score = math.Round(r.Score*10000) / 10000
		out = append(out, *r)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Priority != out[j].Priority {
			return out[i].Priority < out[j].Priority
		}
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].ID < out[j].ID
	})
	return out
}
