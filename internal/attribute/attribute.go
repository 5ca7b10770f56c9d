// Package attribute is layer 2: it explains each finding by the mechanistic
// causes of the taxonomy (policy misgeneralization, preference-model blind
// spots, reward-shaping side effects, context-window exploitation), with a
// confidence and the evidence used, and fills the trajectory's cause scores.
package attribute

import (
	"sort"

	"github.com/faultline-dev/faultline/internal/finding"
	"github.com/faultline-dev/faultline/internal/taxonomy"
	"github.com/faultline-dev/faultline/internal/trajectory"
)

// Input is what attribution sees of one analysed trajectory.
type Input struct {
	Trajectory *trajectory.Trajectory
	// Findings are the detectors' findings; rules append to their Causes.
	Findings []finding.Finding
	// ContextExploitation is the context-window exploitation score measured by
	// detection (injected instructions, role markers, padding, ...).
	ContextExploitation float64

	// refusals memoizes, by message index, whether the opening of an
	// assistant message refuses (see earlierRefusal): an Input serves one
	// Run.
	refusals map[int]bool
}

// Rule attributes findings to one or more causes.
type Rule interface {
	// ID is the stable rule name, shown in evidence.
	ID() string
	// Apply adds cause attributions to in.Findings[i].Causes.
	Apply(in *Input)
}

// Stage runs rules and derives the trajectory's four cause scores.
type Stage struct {
	rules []Rule
}

// NewStage returns a stage running rules in order.
func NewStage(rules ...Rule) *Stage { return &Stage{rules: rules} }

// Run applies every rule, merges duplicate causes on each finding (highest
// confidence, evidence joined) and returns the cause scores: for each cause the
// highest confidence over findings, and for context-window exploitation at
// least the score measured by detection.
func (s *Stage) Run(in *Input) map[string]float64 {
	for _, r := range s.rules {
		r.Apply(in)
	}
	scores := make(map[string]float64, 4)
	for _, id := range taxonomy.CauseIDs() {
		scores[id] = 0
	}
	scores[taxonomy.ContextWindowExploitation] = finding.Clamp01(in.ContextExploitation)
	for i := range in.Findings {
		f := &in.Findings[i]
		f.Causes = mergeCauses(f.Causes)
		for _, c := range f.Causes {
			if c.Confidence > scores[c.ID] {
				scores[c.ID] = finding.Clamp01(c.Confidence)
			}
		}
	}
	return scores
}

// mergeCauses folds repeated cause IDs into one entry and sorts by confidence.
func mergeCauses(cs []finding.CauseRef) []finding.CauseRef {
	if len(cs) == 0 {
		return []finding.CauseRef{}
	}
	byID := map[string]int{}
	out := cs[:0:0]
	for _, c := range cs {
		if j, ok := byID[c.ID]; ok {
			if c.Confidence > out[j].Confidence {
				out[j].Confidence = c.Confidence
			}
			out[j].Evidence = append(out[j].Evidence, c.Evidence...)
			continue
		}
		byID[c.ID] = len(out)
		c.Confidence = finding.Clamp01(c.Confidence)
		if c.Evidence == nil {
			c.Evidence = []string{}
		}
		out = append(out, c)
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].Confidence > out[b].Confidence })
	return out
}
